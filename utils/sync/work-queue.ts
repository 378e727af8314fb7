import type { HandoffRuleId } from '../domain/classify-handoff';
import type { IncidentSeverity } from '../domain/incident-schema';
import { compactDuration } from '../portal/handoff-labels';
import type { AwaitingItem } from './awaiting-queue';
import { sortByAwaiting } from './awaiting-order';
import { tenantMatches, normalizeFilter, type TenantLine } from './tenant-lines';
import type { TenantSummaries } from './tenant-summaries';

/**
 * The popup's "My queue": every tenant's incidents awaiting the partner's action, as one list, most
 * severe first, then the longest waiting ("High · Contoso · Act on remediation · 9h"). Made from the
 * summaries' bounded per-tenant lists (sync/awaiting-queue.ts); a tenant with more than its list holds
 * gets one "more in <tenant>" line at the end, which opens that tenant's queue in the portal.
 */

export interface QueueIncident {
  kind: 'incident';
  tenantKey: string;
  tenantName: string;
  tenantId: string | null;
  item: AwaitingItem;
  /** The incident's title where the popup has read it (never stored in the summaries). */
  title: string | null;
  /** "High · Contoso · Act on remediation · 9h" (queueRowText at the popup's `now`). */
  what: string;
}

export interface QueueMore {
  kind: 'more';
  tenantKey: string;
  tenantName: string;
  tenantId: string | null;
  /** Incidents awaiting the partner in that tenant that the queue does not list. */
  count: number;
}

export type QueueRow = QueueIncident | QueueMore;

export const severityLabels: Record<IncidentSeverity, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
  unknown: 'Unknown severity',
  unknownFutureValue: 'Unknown severity',
};

/** The partner's move, in a few words, by the classifier rule that made it theirs. */
const actionLabels: Partial<Record<HandoffRuleId, string>> = {
  awaitingAction: 'Act on remediation',
  huntingGenerated: 'Respond to hunting finding',
};

export function queueActionLabel(rule: HandoffRuleId): string {
  return actionLabels[rule] ?? 'Act';
}

/** "High · Contoso · Act on remediation · 9h" */
export function queueRowText(row: Pick<QueueIncident, 'item' | 'tenantName'>, now: number): string {
  const waited = compactDuration(now - (Date.parse(row.item.since) || now));
  return [severityLabels[row.item.severity], row.tenantName, queueActionLabel(row.item.rule), waited].join(' · ');
}

/** The key of an incident in the titles map the popup reads (storage/tenant-cache-storage.ts). */
export function incidentTitleKey(tenantKey: string, incidentId: string): string {
  return `${tenantKey}\u0000${incidentId}`;
}

/**
 * The queue across the tenants in `lines` (configured tenants only), filtered by tenant name or
 * incident title (where `titles` has it); then the "more" lines, the largest first.
 */
export function workQueueRows(
  lines: readonly TenantLine[],
  summaries: TenantSummaries,
  now: number,
  filter = '',
  titles: ReadonlyMap<string, string> = new Map(),
): QueueRow[] {
  const wanted = normalizeFilter(filter);
  const incidents: QueueIncident[] = [];
  const more: QueueMore[] = [];
  for (const line of lines) {
    const entry = summaries[line.key];
    if (!entry?.lastSuccessAt) continue;
    const tenant = { tenantKey: line.key, tenantName: line.displayName, tenantId: line.tenantId };
    const tenantMatched = tenantMatches(line, wanted);
    let listed = 0;
    for (const item of entry.awaitingQueue) {
      const title = titles.get(incidentTitleKey(line.key, item.incidentId)) ?? null;
      if (tenantMatched || normalizeFilter(title ?? '').includes(wanted)) {
        incidents.push({ kind: 'incident', ...tenant, item, title, what: queueRowText({ item, tenantName: line.displayName }, now) });
      }
      listed += 1;
    }
    const unlisted = entry.summary.awaitingYou - listed;
    if (unlisted > 0 && tenantMatched) more.push({ kind: 'more', ...tenant, count: unlisted });
  }
  const ordered = sortByAwaiting(incidents, (row) => row.item, (a, b) => a.tenantName.localeCompare(b.tenantName));
  more.sort((a, b) => b.count - a.count || a.tenantName.localeCompare(b.tenantName));
  return [...ordered, ...more];
}
