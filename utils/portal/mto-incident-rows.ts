import { isSafePortalId, normalizeTenantId, parsePortalUrl } from './portal-url';

/**
 * Which incident of which tenant a row of Microsoft Defender multitenant management's incident list
 * (mto.security.microsoft.com/incidents) shows. Microsoft describes the page as the tenant portal's
 * incident list plus a "Tenant name" column (and "Workspaces"); selecting a row opens a flyout whose
 * "Open incident page" link goes to security.microsoft.com with the incident's `tid`
 * (defender-docs, defender-xdr/mto-incidents-alerts.md). The content script reads the grid by roles and
 * column header names and hands the text here; this decides, and never guesses:
 *
 * - the tenant comes from a link's `tid` when the row has one, else from the Tenant name cell matched to
 *   ONE configured tenant's display name (case-insensitive, exact as displayed); a name two configured
 *   tenants share, or a link and a name naming two different tenants, give nothing;
 * - the incident id comes from the "Incident Id" cell or an incident link; two different ids give nothing.
 *
 * Pure and zod-free: the content script imports it.
 */

/** A configured tenant as the background tells the multitenant page: its GUID (null until known) and name. */
export interface DirectoryTenant {
  tenantId: string | null;
  displayName: string;
}

/** Where a row's chip belongs: one incident of one tenant. */
export interface MtoIncidentTarget {
  tenantId: string;
  incidentId: string;
}

/** The columns of a multitenant incident grid Handoff reads, by index among the header's column names. */
export interface MtoGridColumns {
  tenantName: number;
  incidentId: number | null;
  incidentName: number | null;
}

/** A row as the content script read it: each cell's text, by the same index as the header's names, and its links. */
export interface MtoRowFacts {
  cells: readonly (string | null)[];
  /** Absolute hrefs of the row's links. */
  links: readonly string[];
}

/** Private-use characters are icon-font glyphs (Fluent's sort and filter icons) inside header text. */
const iconGlyphs = /[\uE000-\uF8FF]/g;

/** Text as the page displays it: icon glyphs dropped, runs of whitespace one space, trimmed. */
export function displayedText(text: string): string {
  return text.replace(iconGlyphs, '').replace(/\s+/g, ' ').trim();
}

/** Names compare case-insensitively, as displayed, and otherwise exactly. */
function nameKey(name: string): string {
  return displayedText(name).toLowerCase();
}

/** The column names Handoff reads (compared as nameKey does): Microsoft's words on the incident list. */
const headerNames = { tenantName: 'tenant name', incidentId: 'incident id', incidentName: 'incident name' } as const;

/**
 * The columns Handoff reads, from the grid's column header names; null when the grid is not the
 * multitenant incident list (no Tenant name column, or one of the names twice).
 */
export function mtoGridColumns(names: readonly string[]): MtoGridColumns | null {
  const keys = names.map(nameKey);
  const only = (wanted: string): number | null | 'twice' => {
    const found = keys.flatMap((key, index) => (key === wanted ? [index] : []));
    return found.length === 0 ? null : found.length === 1 ? found[0]! : 'twice';
  };
  const tenantName = only(headerNames.tenantName);
  const incidentId = only(headerNames.incidentId);
  const incidentName = only(headerNames.incidentName);
  if (typeof tenantName !== 'number' || incidentId === 'twice' || incidentName === 'twice') return null;
  return { tenantName, incidentId, incidentName };
}

/** Looks a Tenant name cell up among the configured tenants. */
export interface TenantDirectory {
  /** The one configured tenant of that name with a known GUID; null when none, or more than one, has it. */
  tenantNamed(name: string): string | null;
  /** Whether the GUID is a configured tenant's. */
  has(tenantId: string): boolean;
  readonly tenantIds: readonly string[];
}

export function tenantDirectory(tenants: readonly DirectoryTenant[]): TenantDirectory {
  /** Name -> the GUID of the one tenant with it, or null when it is shared (or has no GUID yet). */
  const byName = new Map<string, string | null>();
  const ids = new Set<string>();
  for (const tenant of tenants) {
    const id = normalizeTenantId(tenant.tenantId);
    if (id) ids.add(id);
    const key = nameKey(tenant.displayName);
    if (key === '') continue;
    byName.set(key, byName.has(key) ? null : id);
  }
  return {
    tenantNamed: (name) => byName.get(nameKey(name)) ?? null,
    has: (tenantId) => ids.has(tenantId),
    tenantIds: [...ids],
  };
}

/** What the row's links say: incident ids and `tid`s, or 'unusable' when one names a tenant that cannot be told. */
function linkFacts(links: readonly string[]): { incidentIds: Set<string>; tenantIds: Set<string> } | 'unusable' {
  const incidentIds = new Set<string>();
  const tenantIds = new Set<string>();
  for (const href of links) {
    const route = parsePortalUrl(href);
    if (route.kind !== 'incident') continue;
    if (route.tenantProblem !== undefined) return 'unusable';
    incidentIds.add(route.incidentId);
    if (route.tenantId !== null) tenantIds.add(route.tenantId);
  }
  return { incidentIds, tenantIds };
}

/** The incident and tenant of one row of the multitenant incident list, or null when they cannot be told. */
export function mtoRowTarget(columns: MtoGridColumns, row: MtoRowFacts, directory: TenantDirectory): MtoIncidentTarget | null {
  const links = linkFacts(row.links);
  if (links === 'unusable') return null;

  const incidentIds = new Set(links.incidentIds);
  const idText = columns.incidentId === null ? '' : displayedText(row.cells[columns.incidentId] ?? '');
  if (idText !== '') {
    if (!isSafePortalId(idText)) return null;
    incidentIds.add(idText);
  }
  const [incidentId, another] = incidentIds;
  if (incidentId === undefined || another !== undefined) return null;

  const tenantName = row.cells[columns.tenantName] ?? '';
  const named = displayedText(tenantName) === '' ? null : directory.tenantNamed(tenantName);
  if (links.tenantIds.size > 1) return null;
  const [linked] = links.tenantIds;
  // A link's tid is the row's tenant; a name that means ANOTHER configured tenant makes the row unclear.
  if (linked !== undefined) return named !== null && named !== linked ? null : { tenantId: linked, incidentId };
  return named === null ? null : { tenantId: named, incidentId };
}

/** A link outside the list (the flyout's "Open incident page"): only one that carries its tenant's `tid`. */
export function mtoLinkTarget(href: string): MtoIncidentTarget | null {
  const route = parsePortalUrl(href);
  if (route.kind !== 'incident' || route.tenantProblem !== undefined || route.tenantId === null) return null;
  return { tenantId: route.tenantId, incidentId: route.incidentId };
}
