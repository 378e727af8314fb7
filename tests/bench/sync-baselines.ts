/**
 * The baselines the sync bench compares the extension's incremental engine with (sync-bench.ts). Both
 * keep no state between polls and parse and classify every incident they get, as the engine does:
 *
 *   naive   every incident of every tenant, no filter
 *   window  the first sync's query on every poll: open incidents plus those changed in the last 30 days
 *           (the engine's own window filter, no watermark), so the watermark's own gain shows beside it
 */
import { classifyHandoff, type Handoff } from '../../utils/domain/classify-handoff';
import { countHandoffs } from '../../utils/domain/handoff-counts';
import { parseIncidents } from '../../utils/domain/parse-incidents';
import type { TenantConfig } from '../../utils/domain/settings';
import type { GraphClient } from '../../utils/graph/graph-client';
import { firstSyncFilter } from '../../utils/sync/incident-filters';
import { mapWithConcurrency } from '../../utils/sync/map-with-concurrency';
import { defaultFirstSyncWindowDays } from '../../utils/sync/poll-tenant';
import { defaultSyncConcurrency } from '../../utils/sync/sync-all-tenants';

async function statelessPoll(
  tenants: readonly TenantConfig[],
  graphFor: (tenant: TenantConfig) => GraphClient,
  filter: () => string | undefined,
): Promise<number> {
  const counts = await mapWithConcurrency(tenants, defaultSyncConcurrency, async (tenant) => {
    const now = new Date();
    const handoffs: Handoff[] = [];
    const query = filter();
    for await (const page of graphFor(tenant).listIncidents(query === undefined ? {} : { filter: query })) {
      for (const incident of parseIncidents(page).incidents) handoffs.push(classifyHandoff(incident, tenant.service, now));
    }
    return countHandoffs(handoffs).total;
  });
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Every incident of every tenant, parsed and classified, on every poll; resolves with how many. */
export function naivePoll(tenants: readonly TenantConfig[], graphFor: (tenant: TenantConfig) => GraphClient): Promise<number> {
  return statelessPoll(tenants, graphFor, () => undefined);
}

/** The 30-day window query (open + changed in 30 days) on every poll, no watermark. */
export function windowPoll(tenants: readonly TenantConfig[], graphFor: (tenant: TenantConfig) => GraphClient): Promise<number> {
  return statelessPoll(tenants, graphFor, () => firstSyncFilter(new Date(), defaultFirstSyncWindowDays));
}
