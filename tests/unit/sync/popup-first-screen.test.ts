import { describe, expect, it } from 'vitest';
import { settingsSchema } from '@/utils/domain/settings';
import type { AwaitingItem } from '@/utils/sync/awaiting-queue';
import {
  anyNeedsSignIn,
  defaultPopupView,
  firstScreenAt,
  firstScreenInputs,
  firstScreenRowCount,
  popupFirstScreen,
} from '@/utils/sync/popup-first-screen';
import { emptyTenantCache, type SyncState } from '@/utils/sync/tenant-cache';
import { groupTenantLines, popupTotals, tenantLines } from '@/utils/sync/tenant-lines';
import { summaryEntryOf, type TenantSummaries } from '@/utils/sync/tenant-summaries';
import { workQueueRows } from '@/utils/sync/work-queue';

const written = Date.parse('2026-12-01T12:00:00Z');
const later = written + 3 * 3_600_000;
const guid = (n: number) => `0be4c400-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** `count` tenants; with `awaiting`, every second has two incidents awaiting you (of three counted); every seventh needs consent. */
function world(count: number, awaiting: boolean) {
  const tenants = settingsSchema.parse({
    tenants: Array.from({ length: count }, (_, index) => ({ tenantId: guid(index + 1), displayName: `Customer ${index + 1}`, service: 'xdr' })),
  }).tenants;
  const summaries: TenantSummaries = {};
  tenants.forEach((tenant, index) => {
    const empty = emptyTenantCache(tenant.tenantId);
    const queue: AwaitingItem[] =
      awaiting && index % 2 === 0
        ? [0, 1].map((n) => ({ incidentId: `${index}-${n}`, severity: n ? 'medium' : 'high', since: new Date(written - index * 60_000).toISOString(), rule: 'awaitingAction' }))
        : [];
    const state: SyncState = index % 7 === 3 ? 'needsConsent' : 'ok';
    summaries[tenant.tenantId] = {
      ...summaryEntryOf({
        ...empty,
        lastSuccessAt: '2026-12-01T11:00:00Z',
        status: { state, message: null, retryAt: null },
        summary: { ...empty.summary, awaitingYou: queue.length ? 3 : 0, reviews: index % 5 === 1 ? 1 : 0 },
      }),
      awaitingQueue: queue,
    };
  });
  return { tenants, summaries };
}

describe("the popup's first screen", () => {
  it('holds the queue’s first rows as the popup makes them, its size and the totals, times made again at the popup’s now', () => {
    const { tenants, summaries } = world(60, true);
    const stored = structuredClone(popupFirstScreen(tenants, summaries, written));
    const screen = firstScreenAt(stored, tenants, later)!;
    const lines = tenantLines(tenants, summaries, new Date(later));
    const rows = workQueueRows(lines, summaries, later);
    expect(screen.view).toBe('queue');
    expect(screen.totals).toEqual(popupTotals(lines));
    expect(screen.queueCount).toBe(rows.length);
    expect(screen.queue).toEqual(rows.slice(0, firstScreenRowCount));
    // Made at the worker's time, read three hours later.
    expect(screen.queue[0]).not.toEqual(stored.queue[0]);
  });

  it('holds the tenants view’s first lines and every group’s size when nothing awaits you', () => {
    const { tenants, summaries } = world(60, false);
    const stored = popupFirstScreen(tenants, summaries, written);
    const screen = firstScreenAt(stored, tenants, later)!;
    const groups = groupTenantLines(tenantLines(tenants, summaries, new Date(later)));
    expect(screen.view).toBe('tenants');
    expect(screen.queue).toEqual([]);
    expect(screen.groupSizes).toEqual({ needsAttention: groups.needsAttention.length, active: groups.active.length, quiet: groups.quiet.length });
    expect(screen.groups.needsAttention).toEqual(groups.needsAttention);
    expect(screen.groups.active).toEqual(groups.active.slice(0, firstScreenRowCount - groups.needsAttention.length));
    expect(screen.groups.quiet).toEqual([]);
    expect(screen.groups.active[0]?.status).not.toBe(stored.groups.active[0]?.status);
  });

  it('holds only for the tenants it was made for, by this version', () => {
    const { tenants, summaries } = world(5, true);
    const stored = popupFirstScreen(tenants, summaries, written);
    expect(firstScreenAt(stored, tenants, later)).not.toBeNull();
    expect(firstScreenAt(stored, tenants.slice(1), later)).toBeNull();
    expect(firstScreenAt(stored, tenants.map((tenant, index) => (index === 2 ? { ...tenant, color: 'red' as const } : tenant)), later)).toBeNull();
    expect(firstScreenAt(stored, [...tenants].reverse(), later)).toBeNull();
    expect(firstScreenAt({ ...stored, version: 0 }, tenants, later)).toBeNull();
    expect(firstScreenAt(undefined, tenants, later)).toBeNull();
    expect(firstScreenAt('garbage', tenants, later)).toBeNull();
    expect(firstScreenInputs(tenants)).toBe(firstScreenInputs(structuredClone(tenants)));
  });

  it('says whether a tenant needs sign-in, and which view comes first', () => {
    const { tenants, summaries } = world(3, false);
    expect(anyNeedsSignIn(summaries)).toBe(false);
    summaries[tenants[1]!.tenantId]!.status = { state: 'needsSignIn', message: null, retryAt: null };
    expect(anyNeedsSignIn(summaries)).toBe(true);
    expect(popupFirstScreen(tenants, summaries, written).anyNeedsSignIn).toBe(true);
    expect(defaultPopupView({ awaitingYou: 1 })).toBe('queue');
    expect(defaultPopupView({ awaitingYou: 0 })).toBe('tenants');
  });
});
