import type { AssigneeAliases } from '../domain/assignee-aliases';
import { countHandoffs } from '../domain/handoff-counts';
import type { GraphIncident } from '../domain/incident-schema';
import type { TenantService } from '../domain/responsibility-matrix';
import { classifyCachedIncident, slimIncident, type CachedIncident } from './cached-incident';
import type { TenantCache } from './tenant-cache';

/**
 * One incident read from Graph outside a poll (a quick action's re-read, the panel's Refresh) goes into
 * the tenant's cache at once, so the popup, the chips and the badge follow without waiting for the next
 * poll. The watermark is left alone: the next poll re-reads from where it was, which includes this
 * change, so nothing is skipped.
 */

export function cachedIncidentFrom(
  incident: GraphIncident,
  service: TenantService,
  now: Date,
  aliases?: AssigneeAliases,
): CachedIncident {
  const slim = slimIncident(incident);
  return { incident: slim, handoff: classifyCachedIncident(slim, service, now, aliases) };
}

/**
 * The cache with `entry` in place of the incident's old entry (or added), the summary counted again.
 * Null when the tenant never synced: the first poll decides what the cache holds.
 */
export function replaceCachedIncident(cache: TenantCache | null, entry: CachedIncident): TenantCache | null {
  if (cache === null || cache.lastSuccessAt === null) return null;
  const incidents = { ...cache.incidents, [entry.incident.id]: entry };
  return { ...cache, incidents, summary: countHandoffs(Object.values(incidents).map((cached) => cached.handoff)) };
}
