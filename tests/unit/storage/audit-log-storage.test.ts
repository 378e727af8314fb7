import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AuditEntry } from '@/utils/domain/audit-log';
import { appendAuditLog, legacyAuditLogItem, moveLegacyAuditLog, readAuditLog } from '@/utils/storage/audit-log-storage';
import { metaStore, openHandoffDatabase } from '@/utils/storage/handoff-database';

const now = new Date('2026-12-02T12:00:00Z');
const entry = (incidentId: string, minutesAgo = 0): AuditEntry => ({
  time: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
  upn: 'ana@woodgrove.example',
  tenant: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  tenantName: 'Contoso',
  incidentId,
  taskId: null,
  action: 'assign to me',
  before: { assignedTo: null },
  after: { assignedTo: 'ana@woodgrove.example' },
  result: 'done',
  message: 'Assigned to you.',
});

beforeEach(() => fakeBrowser.reset());

describe('the audit log in the extension origin’s IndexedDB', () => {
  it('appends in order and keeps nothing in storage.local (which Firefox content scripts can read)', async () => {
    await appendAuditLog(entry('1001', 2), now);
    await appendAuditLog(entry('1002', 1), now);
    expect((await readAuditLog(now)).map((logged) => logged.incidentId)).toEqual(['1001', '1002']);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('two appends finishing together both land', async () => {
    await Promise.all([appendAuditLog(entry('1001'), now), appendAuditLog(entry('1002'), now)]);
    expect((await readAuditLog(now)).map((logged) => logged.incidentId).sort()).toEqual(['1001', '1002']);
  });

  it("the worker moves an older version's storage.local entries in at its start, leaving out the unreadable, and removes the old key", async () => {
    await legacyAuditLogItem.setValue([entry('0999', 10), { time: 'yesterday', tenant: 42 }, entry('1000', 5)]);
    // A page's read before the move reads the old entries and writes nothing (the database made first:
    // its creation writes a record of its own).
    await openHandoffDatabase();
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    expect((await readAuditLog(now)).map((logged) => logged.incidentId)).toEqual(['0999', '1000']);
    expect(puts).not.toHaveBeenCalled();
    expect(await legacyAuditLogItem.getValue()).not.toBeNull();
    await moveLegacyAuditLog();
    expect(puts.mock.contexts.map((store) => (store as IDBObjectStore).name)).toEqual([metaStore]);
    puts.mockRestore();
    expect(await legacyAuditLogItem.getValue()).toBeNull();
    expect((await readAuditLog(now)).map((logged) => logged.incidentId)).toEqual(['0999', '1000']);
    await appendAuditLog(entry('1001'), now);
    expect((await readAuditLog(now)).map((logged) => logged.incidentId)).toEqual(['0999', '1000', '1001']);
  });

  it('the move writes nothing when there is nothing to move', async () => {
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    await moveLegacyAuditLog();
    expect(puts).not.toHaveBeenCalled();
    puts.mockRestore();
    expect(await readAuditLog(now)).toEqual([]);
  });

  it("moves them at the first append too, the new entry after them, and never twice", async () => {
    await legacyAuditLogItem.setValue([entry('1000', 5)]);
    await appendAuditLog(entry('1001'), now);
    expect(await legacyAuditLogItem.getValue()).toBeNull();
    // A stale copy of the old key (its removal failed) is not taken again once the log has moved.
    await legacyAuditLogItem.setValue([entry('1000', 5)]);
    await appendAuditLog(entry('1002'), now);
    expect((await readAuditLog(now)).map((logged) => logged.incidentId)).toEqual(['1000', '1001', '1002']);
    expect(await legacyAuditLogItem.getValue()).toBeNull();
  });

  it('drops entries older than 90 days on append and on read', async () => {
    await appendAuditLog(entry('old', 91 * 24 * 60), now);
    await appendAuditLog(entry('new'), now);
    expect((await readAuditLog(now)).map((logged) => logged.incidentId)).toEqual(['new']);
    expect((await readAuditLog(new Date(now.getTime() + 91 * 24 * 3_600_000))).map((logged) => logged.incidentId)).toEqual([]);
  });
});
