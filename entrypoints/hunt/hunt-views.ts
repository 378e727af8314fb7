import type { ExpertHuntQueryView } from '@/components/ExpertHuntQueries';
import type { HuntRunSummaryView } from '@/components/HuntRunHistory';
import type { HuntTenantChoice } from '@/components/HuntTenantPicker';
import { tenantKey, type TenantConfig } from '@/utils/domain/settings';
import type { ExpertHuntQuery, HuntRun, HuntTimespan } from '@/utils/hunting/hunt-model';
import { incidentUrl, normalizeTenantId, type HuntingTimeRange } from '@/utils/portal/portal-url';
import { relativeTime } from '@/utils/portal/relative-time';
import type { HuntRowsKept } from '@/utils/storage/hunt-rows-chunks';

/** Advanced hunting's own time range for each of the page's time spans. */
export const huntingTimeRangeOf: Record<HuntTimespan, HuntingTimeRange> = { P1D: 'day', P7D: 'week', P30D: 'month' };

/** How many of the last runs the page lists. */
export const lastRunsShown = 10;

export interface HuntTenant extends HuntTenantChoice {
  /** The tenant's GUID when known (the deep links' `tid`), else null. */
  tenantId: string | null;
}

/** The configured tenants, by name. */
export function huntTenants(tenants: readonly TenantConfig[]): HuntTenant[] {
  return tenants
    .map((tenant) => ({ key: tenantKey(tenant), name: tenant.displayName, tenantId: normalizeTenantId(tenant.resolvedTenantId ?? tenant.tenantId) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-US', { numeric: true }) || (a.key < b.key ? -1 : 1));
}

/** A query's first non-empty line, for lists. */
export function firstLine(query: string): string {
  return query.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';
}

/** The last runs, newest first, as the "Last runs" list shows them. */
export function runSummaries(runs: readonly HuntRun[], now: number): HuntRunSummaryView[] {
  return [...runs]
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, lastRunsShown)
    .map((run) => ({
      runId: run.runId,
      title: firstLine(run.query),
      when: relativeTime(run.startedAt, now),
      tenants: run.tenants.length,
      rows: run.tenants.reduce((sum, { outcome }) => sum + (outcome.kind === 'done' ? outcome.rows : 0), 0),
    }));
}

/** Defender Experts' queries with their tenant's name and a link to the incident (only with the tenant's GUID). */
export function expertViews(queries: readonly ExpertHuntQuery[], tenants: readonly HuntTenant[]): ExpertHuntQueryView[] {
  const byKey = new Map(tenants.map((tenant) => [tenant.key, tenant]));
  return queries.map((item) => {
    const tenant = byKey.get(item.tenantKey);
    let incidentLink: string | null = null;
    const tenantId = tenant?.tenantId ?? normalizeTenantId(item.tenantKey);
    if (tenantId) {
      try {
        incidentLink = incidentUrl(item.incidentId, tenantId);
      } catch {
        incidentLink = null;
      }
    }
    return {
      key: `${item.tenantKey}|${item.incidentId}|${item.index}`,
      query: item.query,
      tenantName: tenant?.name ?? item.tenantKey,
      incidentId: item.incidentId,
      incidentTitle: item.incidentTitle,
      incidentLink,
      tenantKey: item.tenantKey,
    };
  });
}

/** "From incident 1024 in Contoso", under the query box. */
export function sourceNote(incidentId: string, tenantName: string): string {
  return `From incident ${incidentId} in ${tenantName}`;
}

/** How many cut tenants the note names (the others are counted). */
const cutTenantsNamed = 5;

/**
 * Says which tenants' rows the run did not keep in full (it keeps at most `cap` rows), or null when
 * every tenant kept all it answered.
 */
export function keptRowsNote(run: HuntRun, kept: readonly HuntRowsKept[], cap: number): string | null {
  const names = new Map(run.tenants.map((tenant) => [tenant.tenantKey, tenant.displayName]));
  const cut = kept.filter((tenant) => tenant.keptRows < tenant.answeredRows && names.has(tenant.tenantKey));
  if (cut.length === 0) return null;
  const count = (value: number) => value.toLocaleString('en-US');
  const each = cut.slice(0, cutTenantsNamed).map((tenant) => `${names.get(tenant.tenantKey)} ${count(tenant.keptRows)} of ${count(tenant.answeredRows)}`);
  if (cut.length > cutTenantsNamed) each.push(`${cut.length - cutTenantsNamed} more`);
  return (
    `Handoff keeps at most ${count(cap)} rows of a run, so it kept only part of the rows of ` +
    `${cut.length === 1 ? 'one tenant' : `${cut.length} tenants`} (${each.join('; ')}). ` +
    'Show rows and Export CSV have the rows kept; Open in Advanced hunting shows them all.'
  );
}
