import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { settingsSchema, type TenantConfig } from '@/utils/domain/settings';
import {
  incidentsNeededForRecount,
  needsOpenTaskCount,
  openGuidedTaskCounts,
  openTaskCountBasis,
  openTaskReadConcurrency,
  openTaskRecountAgeMs,
  openTaskRecountMs,
} from '@/utils/sync/open-task-counts';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import { summaryEntryOf, type TenantSummaryEntry } from '@/utils/sync/tenant-summaries';
import { DOCUMENTED_INCIDENT_TASK } from '../../fixtures/incident-task-examples';

function tenant(tenantId: string, service: 'xdr' | 'hunting'): TenantConfig {
  const parsed = settingsSchema.parse({ tenants: [{ tenantId, resolvedTenantId: tenantId, displayName: tenantId, service }] });
  return parsed.tenants[0]!;
}

function cacheWith(key: string, statuses: readonly string[], updated = '2026-11-27T09:00:00Z'): TenantCache {
  const empty = emptyTenantCache(key);
  const incidents = Object.fromEntries(
    statuses.map((status, index) => [String(index), { incident: { status, lastUpdateDateTime: updated }, handoff: { partnerAction: null } }]),
  ) as unknown as TenantCache['incidents'];
  return { ...empty, incidents };
}

const a = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const b = '3f2504e0-4f89-41d3-9a0c-0305e82c3302';
const c = '3f2504e0-4f89-41d3-9a0c-0305e82c3303';
const guided = (id: string, status: string) => ({ id, incident: { id: '1' }, status, source: 'defenderExpertsGuidedResponse' });
const now = new Date('2026-11-27T10:00:00Z');

function lister(filters: (string | undefined)[], fail: ReadonlySet<string> = new Set()) {
  return (config: TenantConfig) => ({
    async listIncidentTasks(filter?: string) {
      filters.push(filter);
      if (fail.has(config.tenantId)) throw new GraphRequestError({ status: 403, code: 'Forbidden', message: 'no' });
      return [guided('1', 'open'), guided('2', 'inProgress'), guided('3', 'completed'), DOCUMENTED_INCIDENT_TASK];
    },
  });
}

describe('open task counts of a sync round', () => {
  it('are read only for XDR tenants with an awaiting-action incident', () => {
    expect(needsOpenTaskCount(tenant(a, 'xdr'), cacheWith(a, ['active', 'awaitingAction']))).toBe(true);
    expect(needsOpenTaskCount(tenant(a, 'xdr'), cacheWith(a, ['active']))).toBe(false);
    expect(needsOpenTaskCount(tenant(a, 'hunting'), cacheWith(a, ['awaitingAction']))).toBe(false);
  });

  it('read all tasks once per tenant, unfiltered (documented filters are eq only); null where not needed or on 403', async () => {
    const filters: (string | undefined)[] = [];
    const counts = await openGuidedTaskCounts(
      [
        { tenant: tenant(a, 'xdr'), cache: cacheWith(a, ['awaitingAction']) },
        { tenant: tenant(b, 'xdr'), cache: cacheWith(b, ['active']) },
        { tenant: tenant(c, 'xdr'), cache: cacheWith(c, ['awaitingAction']) },
      ],
      lister(filters, new Set([c])),
      { now },
    );
    // 1, 2 and the documented example (source defenderExpertsXDR) are open and the partner's.
    expect(counts.get(a)?.count).toBe(3);
    expect(counts.get(b)).toEqual({ count: null, counted: null });
    expect(counts.get(c)?.count).toBeNull();
    expect(filters).toEqual([undefined, undefined]);
  });

  it('read nothing in a steady round: same awaiting-action incidents and counted within the hour', async () => {
    const cache = cacheWith(a, ['awaitingAction']);
    const previous = (counted: TenantSummaryEntry['openGuidedTasksCounted']): Record<string, TenantSummaryEntry> => ({
      [a]: summaryEntryOf(cache, 3, counted),
    });
    const filters: (string | undefined)[] = [];
    const round = [{ tenant: tenant(a, 'xdr'), cache }];
    const fresh = { at: '2026-11-27T09:30:00.000Z', basis: openTaskCountBasis(cache) };
    expect((await openGuidedTaskCounts(round, lister(filters), { now, previous: previous(fresh) })).size).toBe(0);
    expect(filters).toEqual([]);

    // An hour later, or when an awaiting-action incident changed: read again.
    await openGuidedTaskCounts(round, lister(filters), { now, previous: previous({ ...fresh, at: '2026-11-27T08:59:00.000Z' }) });
    const changed = [{ tenant: tenant(a, 'xdr'), cache: cacheWith(a, ['awaitingAction'], '2026-11-27T09:45:00Z') }];
    await openGuidedTaskCounts(changed, lister(filters), { now, previous: previous(fresh) });
    expect(filters).toHaveLength(2);
  });

  it('counts taken in one round (a first sync) come due again over a quarter of an hour of rounds, not all in one', async () => {
    const keys = Array.from({ length: 200 }, (_, index) => `3f2504e0-4f89-41d3-9a0c-${index.toString(16).padStart(12, '0')}`);
    const round = keys.map((key) => ({ tenant: tenant(key, 'xdr'), cache: cacheWith(key, ['awaitingAction']) }));
    const counted = { at: now.toISOString(), basis: openTaskCountBasis(round[0]!.cache) };
    const previous = Object.fromEntries(round.map(({ cache }) => [cache.tenantKey, summaryEntryOf(cache, 1, counted)]));
    const readsAt = async (minutes: number) => {
      const filters: (string | undefined)[] = [];
      await openGuidedTaskCounts(round, lister(filters), { now: new Date(now.getTime() + minutes * 60_000), previous });
      return filters.length;
    };
    expect(await readsAt(44)).toBe(0);
    const perRound: number[] = [];
    for (let minutes = 46; minutes <= 60; minutes += 2) perRound.push((await readsAt(minutes)) - (await readsAt(minutes - 2)));
    // Every tenant is read by the hour, and no two-minute round takes more than a quarter of them.
    expect(await readsAt(openTaskRecountMs / 60_000)).toBe(200);
    expect(Math.max(...perRound)).toBeLessThanOrEqual(50);
  });

  it('reads at most openTaskReadConcurrency task lists at a time', async () => {
    const keys = Array.from({ length: 12 }, (_, index) => `3f2504e0-4f89-41d3-9a0c-${index.toString(16).padStart(12, '0')}`);
    let inFlight = 0;
    let most = 0;
    await openGuidedTaskCounts(
      keys.map((key) => ({ tenant: tenant(key, 'xdr'), cache: cacheWith(key, ['awaitingAction']) })),
      () => ({
        async listIncidentTasks() {
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight -= 1;
          return [];
        },
      }),
      { now },
    );
    expect(most).toBe(openTaskReadConcurrency);
  });
});

describe('incidentsNeededForRecount (a poll reads its incidents even when Graph lists nothing new)', () => {
  const entry = (counted: { at: string } | null): TenantSummaryEntry => ({
    ...summaryEntryOf(cacheWith(a, ['awaitingAction'])),
    openGuidedTasks: counted ? 2 : null,
    openGuidedTasksCounted: counted ? { at: counted.at, basis: '1|2026-11-27T09:00:00Z' } : null,
  });
  const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

  it('for a tenant without a summary entry, and for a count due by age; never for a tenant never counted', () => {
    const age = openTaskRecountAgeMs(a);
    expect(incidentsNeededForRecount(undefined, now)).toBe(true);
    expect(incidentsNeededForRecount(entry(null), now)).toBe(false);
    expect(incidentsNeededForRecount(entry({ at: ago(age - 60_000) }), now)).toBe(false);
    expect(incidentsNeededForRecount(entry({ at: ago(age) }), now)).toBe(true);
    // Dated after now (the clock moved back): due, as openTaskCountDue has it.
    expect(incidentsNeededForRecount(entry({ at: ago(-60_000) }), now)).toBe(true);
  });
});
