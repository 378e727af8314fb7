import { extendAssigneeAliases } from '../../domain/assignee-aliases';
import { asReviewedLocally } from '../../domain/review-mark';
import { tenantKey } from '../../domain/settings';
import { parseIncident } from '../../domain/parse-incidents';
import type { GraphClient } from '../../graph/graph-client';
import type { PortalComment } from '../../messages/portal-answers';
import { updateTenantCache } from '../../storage/tenant-cache-storage';
import { updateTenantSummaries } from '../../storage/tenant-summaries-storage';
import { localReviewKey, readLocalReviews } from '../../storage/ui-state-storage';
import type { CachedIncident } from '../../sync/cached-incident';
import { cachedIncidentFrom, replaceCachedIncident } from '../../sync/replace-cached-incident';
import type { TenantCache } from '../../sync/tenant-cache';
import { recentComments } from './portal-views';
import type { PortalDeps, TenantContext } from './tenant-context';

/**
 * One incident read from Graph now (the panel's on-demand read, Refresh, a quick action's re-reads), and
 * kept: what was just read replaces the cached copy, so the chips, the popup and the badge agree with
 * what the panel shows.
 */

export interface LiveRead {
  entry: CachedIncident;
  comments: PortalComment[];
}

export async function readLiveIncident(
  context: TenantContext,
  graph: GraphClient,
  incidentId: string,
  now: () => Date,
): Promise<LiveRead> {
  const parsed = parseIncident(await graph.getIncident(incidentId));
  if (!parsed.ok) throw new Error(parsed.error.message);
  const aliases = extendAssigneeAliases(context.settings.extraAssigneeAliases);
  const entry = cachedIncidentFrom(parsed.incident, context.tenant.service, now(), aliases);
  // A review marked done on this browser only stays done (no Graph tag says so).
  const local = (await readLocalReviews().catch(() => new Set<string>())).has(localReviewKey(context.key, incidentId));
  return {
    entry: local ? { ...entry, handoff: asReviewedLocally(entry.handoff) } : entry,
    comments: recentComments(parsed.incident),
  };
}

/**
 * Puts what was just read into the tenant's cache (when it has one) and its summary (what the popup
 * and the badge count), then redraws the badge.
 */
export async function rememberIncident(
  context: TenantContext,
  entry: CachedIncident,
  sync: PortalDeps['sync'],
): Promise<TenantCache | null> {
  // Under the cache's lock: a poll in flight writes after this and keeps the newer incident.
  const { previous, updated } = await updateTenantCache(context.key, (current) => replaceCachedIncident(current, entry));
  if (updated) {
    await updateTenantSummaries([updated], new Set(context.settings.tenants.map(tenantKey)));
    await sync.refreshBadge();
  }
  return updated ?? previous;
}
