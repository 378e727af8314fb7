import { z } from 'zod';
import { handoffRuleIdSchema } from '../domain/classify-handoff';
import { incidentSeveritySchema } from '../domain/incident-schema';
import type { CachedIncident } from './cached-incident';
import { compareAwaiting } from './awaiting-order';

export { compareAwaiting };

/**
 * A tenant's incidents awaiting the partner's action ("act": awaiting customer action, Defender Experts
 * hunting findings), most severe and longest waiting first, kept small in the tenant's summary so the
 * popup's "My queue" never opens an incident cache. Bounded per tenant: the first `awaitingQueueLimit`
 * items of every tenant are enough to put the first `awaitingQueueLimit` items across all tenants in
 * the right order (no tenant can hold more of them); the rest are counted, not listed.
 *
 * No incident text here (no title, no assignee): the summaries live in storage.local, which Firefox
 * opens to content scripts (SECURITY.md, threat 6). The popup reads the titles of the rows it shows
 * from the extension's IndexedDB (storage/tenant-cache-storage.ts, readIncidentTitles).
 */

/** Items kept per tenant: at 500 tenants 3 add about 200 KB to the summaries document (DEVELOPERS.md). */
export const awaitingQueueLimit = 3;

export const awaitingItemSchema = z.object({
  incidentId: z.string().min(1).max(128),
  severity: incidentSeveritySchema,
  /** Since when it has been the partner's move (the handoff's stepSince). */
  since: z.iso.datetime({ offset: true }),
  /** Which classifier rule made it the partner's (the popup says "Act on remediation", …). */
  rule: handoffRuleIdSchema,
});
export type AwaitingItem = z.infer<typeof awaitingItemSchema>;


/** The tenant's first `limit` incidents awaiting the partner's action, in queue order. */
export function awaitingQueueOf(
  incidents: Readonly<Record<string, CachedIncident>>,
  limit = awaitingQueueLimit,
): AwaitingItem[] {
  const items: AwaitingItem[] = [];
  for (const { incident, handoff } of Object.values(incidents)) {
    if (handoff.partnerAction?.kind !== 'act') continue;
    items.push({
      incidentId: incident.id,
      severity: incident.severity,
      since: handoff.stepSince,
      rule: handoff.rule,
    });
  }
  return items.sort(compareAwaiting).slice(0, limit);
}
