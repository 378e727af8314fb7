import '@/tests/support/fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { inTransaction, metaStore } from '@/utils/storage/handoff-database';
import { readStoredTenantSummaries, summariesOfRecord, watchTenantSummaries } from '@/utils/storage/tenant-summaries-record';
import { writeTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { emptyTenantCache } from '@/utils/sync/tenant-cache';
import { summaryEntryOf, tenantSummariesSchemaVersion } from '@/utils/sync/tenant-summaries';

const key = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const tenants = { [key]: summaryEntryOf(emptyTenantCache(key)) };

describe('the tenant summaries record, read without zod', () => {
  it('gives the tenants of a document of this version, and null for anything else', () => {
    expect(summariesOfRecord({ name: 'tenantSummaries', document: { schemaVersion: tenantSummariesSchemaVersion, tenants } })).toBe(tenants);
    expect(summariesOfRecord(undefined)).toBeNull();
    expect(summariesOfRecord({ document: { schemaVersion: 1, tenants } })).toBeNull();
    expect(summariesOfRecord({ document: { schemaVersion: tenantSummariesSchemaVersion, tenants: [] } })).toBeNull();
    expect(summariesOfRecord({ document: { schemaVersion: tenantSummariesSchemaVersion, tenants: null } })).toBeNull();
    expect(summariesOfRecord({ document: 'tenants' })).toBeNull();
  });

  it('reads what the storage module wrote, and null when nothing or another version is stored', async () => {
    expect(await readStoredTenantSummaries()).toBeNull();
    await writeTenantSummaries(tenants);
    expect(await readStoredTenantSummaries()).toEqual(tenants);
    await inTransaction([metaStore], 'readwrite', async (transaction) => {
      transaction.objectStore(metaStore).put({ name: 'tenantSummaries', document: { schemaVersion: 1, tenants } });
    });
    expect(await readStoredTenantSummaries()).toBeNull();
  });

  it('tells a watcher of every write until stopped', async () => {
    const onChange = vi.fn();
    const stop = watchTenantSummaries(onChange);
    await writeTenantSummaries(tenants);
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    stop();
    await writeTenantSummaries({});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
