import { z } from 'zod';
import type { IncidentSeverity } from '../domain/incident-schema';
import { incidentUrl, normalizeTenantId, queueUrl } from '../portal/portal-url';
import type { MinimumSeverity, Settings, TenantConfig } from '../domain/settings';
import type { CachedIncident } from './cached-incident';
import type { TenantChanges } from './poll-tenant';

/**
 * Which notifications a sync round raises: one per incident that newly became the partner's to act on,
 * at or above the tenant's minimum severity, or one grouped notification per tenant when more than
 * `groupAbove` arrive at once. Each carries the portal link to open on click, with the tenant's GUID
 * (`tid`), so the right tenant opens. Nothing when notifications are off, and nothing for a tenant's
 * first sync (its backlog is not news) unless `notifyFirstSync`.
 */

export const plannedNotificationSchema = z.object({
  /** Stable: the same incident (or tenant group) replaces its earlier notification instead of stacking. */
  id: z.string().min(1),
  tenantKey: z.string().min(1),
  title: z.string().min(1),
  message: z.string(),
  /**
   * The portal page to open on click. Null when no tenant GUID is known: a link without `tid` would open
   * the partner's own tenant, which is worse than no link.
   */
  url: z.string().url().nullable(),
  incidentIds: z.array(z.string()).min(1),
});
export type PlannedNotification = z.infer<typeof plannedNotificationSchema>;

/** A tenant's sync round as sync-all-tenants returns it (TenantSyncResult fits). */
export interface TenantRoundChanges {
  tenantKey: string;
  tenant: TenantConfig;
  cache: { resolvedTenantId: string | null };
  changes: TenantChanges;
}

export interface NotificationPlanInput {
  rounds: readonly TenantRoundChanges[];
  settings: Pick<Settings, 'notificationsEnabled'>;
  /** More than this many at once from one tenant become one notification (default 3). */
  groupAbove?: number;
  /** Notify a tenant's first sync too (default false: its backlog would be a flood). */
  notifyFirstSync?: boolean;
}

export const defaultGroupAbove = 3;
const listedInGroup = 3;
const lineLimit = 120;

const severityRank: Record<MinimumSeverity, number> = { informational: 0, low: 1, medium: 2, high: 3 };

/** Unknown severities pass every minimum: better one notification too many than a missed action. */
function meetsMinimum(severity: IncidentSeverity, minimum: MinimumSeverity): boolean {
  if (severity === 'unknown' || severity === 'unknownFutureValue') return true;
  return severityRank[severity] >= severityRank[minimum];
}

function line(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > lineLimit ? `${flat.slice(0, lineLimit - 1)}…` : flat;
}

function incidentName(entry: CachedIncident): string {
  return line(entry.incident.displayName ?? `Incident ${entry.incident.id}`);
}

/** The tenant GUID for links: Graph's own tenantId on the incident first, then what the cache and settings know. */
function portalTenantId(round: TenantRoundChanges, entry?: CachedIncident): string | null {
  return (
    normalizeTenantId(entry?.incident.tenantId) ??
    normalizeTenantId(round.cache.resolvedTenantId) ??
    normalizeTenantId(round.tenant.resolvedTenantId) ??
    normalizeTenantId(round.tenant.tenantId)
  );
}

/** A link builder's TypeError (an id unsafe for a URL) means no link, not a failed plan. */
function safeLink(build: () => string): string | null {
  try {
    return build();
  } catch {
    return null;
  }
}

function single(round: TenantRoundChanges, entry: CachedIncident): PlannedNotification {
  const tid = portalTenantId(round, entry);
  const action = entry.handoff.partnerAction?.text ?? 'Your move';
  return {
    id: `handoff:${round.tenantKey}:${entry.incident.id}`,
    tenantKey: round.tenantKey,
    title: line(`Awaiting you in ${round.tenant.displayName}`),
    message: `${incidentName(entry)} (${entry.incident.severity})\n${action}`,
    url: tid === null ? null : safeLink(() => incidentUrl(entry.incident.id, tid)),
    incidentIds: [entry.incident.id],
  };
}

function grouped(round: TenantRoundChanges, entries: readonly CachedIncident[]): PlannedNotification {
  const tid = portalTenantId(round, entries[0]);
  const listed = entries.slice(0, listedInGroup).map((entry) => `• ${incidentName(entry)}`);
  const more = entries.length - listed.length;
  return {
    id: `handoff:${round.tenantKey}:group`,
    tenantKey: round.tenantKey,
    title: line(`${entries.length} incidents awaiting you in ${round.tenant.displayName}`),
    message: [...listed, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n'),
    url: tid === null ? null : safeLink(() => queueUrl(tid)),
    incidentIds: entries.map((entry) => entry.incident.id),
  };
}

export function planNotifications(input: NotificationPlanInput): PlannedNotification[] {
  if (!input.settings.notificationsEnabled) return [];
  const groupAbove = input.groupAbove ?? defaultGroupAbove;
  const plan: PlannedNotification[] = [];
  for (const round of input.rounds) {
    if (round.changes.firstSync && input.notifyFirstSync !== true) continue;
    const minimum = round.tenant.minimumNotificationSeverity;
    const due = round.changes.newlyActionable.filter((entry) => meetsMinimum(entry.incident.severity, minimum));
    if (due.length === 0) continue;
    if (due.length > groupAbove) plan.push(grouped(round, due));
    else plan.push(...due.map((entry) => single(round, entry)));
  }
  return plan;
}
