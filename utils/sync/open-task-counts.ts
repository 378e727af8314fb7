import type { IncidentTaskLister } from './graph-reads';
import { countOpenGuidedTasks, openIncidentTasksFilter } from '../domain/incident-tasks';
import type { TenantConfig } from '../domain/settings';
import type { TenantCache } from './tenant-cache';

/** Whether a tenant's open guided tasks are worth one beta read: an XDR tenant with an awaiting-action incident. */
export function needsOpenTaskCount(tenant: Pick<TenantConfig, 'service'>, cache: TenantCache): boolean {
  return tenant.service === 'xdr' && Object.values(cache.incidents).some((entry) => entry.incident.status === 'awaitingAction');
}

/**
 * The open guided-response task count of each tenant synced this round, by its cache's tenant key: one
 * beta read of the open tasks per tenant that needs it, null for the others and when beta refuses or
 * fails (a count never fails the round).
 */
export async function openGuidedTaskCounts(
  rounds: ReadonlyArray<{ tenant: TenantConfig; cache: TenantCache }>,
  betaGraphFor: (tenant: TenantConfig) => IncidentTaskLister,
): Promise<Map<string, number | null>> {
  const counts = await Promise.all(
    rounds.map(async ({ tenant, cache }): Promise<[string, number | null]> => {
      if (!needsOpenTaskCount(tenant, cache)) return [cache.tenantKey, null];
      try {
        return [cache.tenantKey, countOpenGuidedTasks(await betaGraphFor(tenant).listIncidentTasks(openIncidentTasksFilter))];
      } catch {
        return [cache.tenantKey, null];
      }
    }),
  );
  return new Map(counts);
}
