import type { TenantConfig } from '../domain/settings';
import { guidPattern, tenantKey, type TenantColor } from '../domain/tenant-identity';
import type { TenantService } from '../domain/responsibility-matrix';
import type { SyncState } from './tenant-cache';
import type { TenantSummaries } from './tenant-summaries';
import { tenantStatusText } from './tenant-status-text';

/**
 * The popup's "Tenants" view as data: one line per tenant, the tenants needing attention pinned first,
 * those with work next, the quiet ones folded; totals across tenants; a filter. Pure, so it is tested
 * without a browser and costs the same whatever renders it.
 */

export interface TenantLine {
  key: string;
  displayName: string;
  service: TenantService;
  color: TenantColor;
  /** The tenant GUID (the portal's `tid`), or null while unknown (then no link). */
  tenantId: string | null;
  /** Null until a sync succeeded: no counts to show yet. */
  awaitingYou: number | null;
  reviews: number | null;
  unassigned: number | null;
  /** Open guided-response tasks (the partner's remediation to do); null when unknown. */
  openGuidedTasks: number | null;
  /** Why the tenant needs attention ("Needs consent", …), or null. */
  attention: string | null;
  /** "Synced 2 minutes ago", or the problem with its message. */
  status: string;
}

export interface TenantGroups {
  needsAttention: TenantLine[];
  /** Tenants with something awaiting, for review or unassigned. */
  active: TenantLine[];
  /** Nothing for the partner to do (folded in the popup). */
  quiet: TenantLine[];
}

export interface PopupTotals {
  awaitingYou: number;
  reviews: number;
  tenants: number;
  needsAttention: number;
}

/** The sync states a person must do something about (sign in, consent, a role) or should know of. */
const attentionText: Partial<Record<SyncState, string>> = {
  needsSignIn: 'Needs sign-in',
  needsConsent: 'Needs consent',
  missingRole: 'Missing role',
  throttled: 'Throttled',
  error: 'Sync failing',
};

export function tenantLines(tenants: readonly TenantConfig[], summaries: TenantSummaries, now: Date): TenantLine[] {
  return tenants.map((tenant) => {
    const key = tenantKey(tenant);
    const entry = summaries[key];
    const guid = [tenant.resolvedTenantId, entry?.resolvedTenantId, tenant.tenantId].find(
      (candidate): candidate is string => !!candidate && guidPattern.test(candidate),
    );
    const counts = entry?.lastSuccessAt ? entry.summary : null;
    return {
      key,
      displayName: tenant.displayName,
      service: tenant.service,
      color: tenant.color,
      tenantId: guid?.toLowerCase() ?? null,
      awaitingYou: counts?.awaitingYou ?? null,
      reviews: counts?.reviews ?? null,
      unassigned: counts?.unassigned ?? null,
      openGuidedTasks: entry?.openGuidedTasks ?? null,
      attention: entry ? (attentionText[entry.status.state] ?? null) : null,
      status: tenantStatusText(entry, now).status,
    };
  });
}

const byWork = (a: TenantLine, b: TenantLine) =>
  (b.awaitingYou ?? -1) - (a.awaitingYou ?? -1) ||
  (b.reviews ?? -1) - (a.reviews ?? -1) ||
  (b.unassigned ?? -1) - (a.unassigned ?? -1) ||
  a.displayName.localeCompare(b.displayName);

/** Needs attention (pinned), then tenants with work, then the quiet ones; each by work, then name. */
export function groupTenantLines(lines: readonly TenantLine[]): TenantGroups {
  const groups: TenantGroups = { needsAttention: [], active: [], quiet: [] };
  for (const line of lines) {
    if (line.attention) groups.needsAttention.push(line);
    else if ((line.awaitingYou ?? 0) + (line.reviews ?? 0) + (line.unassigned ?? 0) > 0) groups.active.push(line);
    else groups.quiet.push(line);
  }
  groups.needsAttention.sort(byWork);
  groups.active.sort(byWork);
  groups.quiet.sort(byWork);
  return groups;
}

/** What awaits across every tenant (last good counts included, as the badge counts them). */
export function popupTotals(lines: readonly TenantLine[]): PopupTotals {
  let awaitingYou = 0;
  let reviews = 0;
  let needsAttention = 0;
  for (const line of lines) {
    awaitingYou += line.awaitingYou ?? 0;
    reviews += line.reviews ?? 0;
    if (line.attention) needsAttention += 1;
  }
  return { awaitingYou, reviews, tenants: lines.length, needsAttention };
}

/** "12 awaiting you · 3 tenants need attention" (reviews are in the tenant lines: one line here). */
export function totalsText(totals: PopupTotals): string {
  const parts = [`${totals.awaitingYou} awaiting you`];
  if (totals.needsAttention > 0) {
    parts.push(`${totals.needsAttention} ${totals.needsAttention === 1 ? 'tenant needs' : 'tenants need'} attention`);
  }
  return parts.join(' · ');
}

/** Lower case, accents and spacing folded: "contoso" finds "Contoso EMEA". */
export function normalizeFilter(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether a tenant matches the filter (its name or its tenant id); an empty filter matches all. */
export function tenantMatches(line: Pick<TenantLine, 'displayName' | 'tenantId' | 'key'>, filter: string): boolean {
  const wanted = normalizeFilter(filter);
  if (wanted === '') return true;
  return [line.displayName, line.tenantId ?? '', line.key].some((text) => normalizeFilter(text).includes(wanted));
}
