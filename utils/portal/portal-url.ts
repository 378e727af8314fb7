/**
 * URLs of the Microsoft Defender portal (security.microsoft.com): what page a URL is and for which tenant,
 * and deep links back into it. Parsing never throws, whatever the input; building throws a TypeError
 * for an id or tenant that could not be put in a URL safely, because a bad link (or one that silently
 * drops the tenant and opens the partner's own) is worse than no link.
 *
 * Free of zod so the content script stays small: the shapes below are plain types (the unit test checks
 * every parse result against a schema of its own).
 */

const portalOrigin = 'https://security.microsoft.com';
const portalHost = 'security.microsoft.com';

/** Incident ids are numeric strings; alert ids look like "da637…" or "ed…". Nothing else gets through. */
export const portalIdPattern = /^[A-Za-z0-9_-]{1,128}$/;
const tenantIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const huntingTimeRanges = ['day', 'week', 'month'] as const;
export type HuntingTimeRange = (typeof huntingTimeRanges)[number];

/**
 * What a portal URL shows, and for which tenant. Three tenant states: no `tid` at all (tenantId null: the
 * signed-in user's own tenant, as the portal shows it — an in-house SOC never has one); one valid GUID
 * (tenantId, lower case); anything else (malformed, two different tenants, `TID=`, `{guid}`) is
 * unusable: tenantId null AND `tenantProblem` says why, and nothing may be read or written for it.
 */
export type PortalRoute = (
  | { kind: 'queue'; tenantId: string | null }
  | { kind: 'incident'; incidentId: string; tenantId: string | null }
  | { kind: 'alert'; alertId: string; tenantId: string | null }
  | { kind: 'other'; tenantId: string | null }
) & { tenantProblem?: string };

export function isSafePortalId(id: unknown): id is string {
  return typeof id === 'string' && portalIdPattern.test(id);
}

/** The tenant id in lower case, or null when it is not a GUID. */
export function normalizeTenantId(tenantId: string | null | undefined): string | null {
  return typeof tenantId === 'string' && tenantIdPattern.test(tenantId) ? tenantId.toLowerCase() : null;
}

function toUrl(url: string | URL, base?: string): URL | null {
  try {
    return new URL(String(url), base);
  } catch {
    return null;
  }
}

/** Exactly https://security.microsoft.com: no other scheme, port, subdomain or user info. */
function isPortalUrl(url: URL): boolean {
  const hasUserInfo = url.username !== '' || url.password !== '';
  return url.protocol === 'https:' && url.hostname === portalHost && url.port === '' && !hasUserInfo;
}

type TenantOfUrl = { tenantId: string | null; tenantProblem?: string };

/**
 * The page's tenant from its `tid` parameters (names compared case-insensitively, so `TID=` is not
 * silently "no tenant"): none → the own tenant; every one exactly `tid` and the same GUID → that
 * tenant; anything else → unusable, with the reason shown to the analyst.
 */
function tenantOfParams(params: ReadonlyArray<[string, string]>): TenantOfUrl {
  const tids = params.filter(([name]) => name.toLowerCase() === 'tid');
  if (tids.length === 0) return { tenantId: null };
  const ids = new Set(tids.map(([name, value]) => (name === 'tid' ? normalizeTenantId(value) : null)));
  const [only] = ids;
  if (ids.size === 1 && only) return { tenantId: only };
  const reason =
    ids.size > 1 && !ids.has(null)
      ? 'This page names two different tenants (tid), so Handoff cannot tell which one it shows.'
      : 'This page’s tenant (tid) is not a tenant id Handoff can use.';
  return { tenantId: null, tenantProblem: `${reason} Nothing is read or changed here.` };
}

function tenantIdOf(url: URL): TenantOfUrl {
  return tenantOfParams([...url.searchParams]);
}

/** A path segment as an id: percent-decoded, then held to the safe characters. */
function idOf(segment: string): string | null {
  try {
    const id = decodeURIComponent(segment);
    return isSafePortalId(id) ? id : null;
  } catch {
    return null;
  }
}

// Paths are matched case-insensitively; the URL parser has already resolved "." and ".." segments.
const queuePath = /^\/incidents\/?$/i;
const incidentPaths = [/^\/incident2\/([^/]+)(?:\/.*)?$/i, /^\/incidents\/([^/]+)(?:\/.*)?$/i];
const alertPath = /^\/alerts\/([^/]+)(?:\/.*)?$/i;

function firstId(path: string, patterns: readonly RegExp[]): string | null {
  for (const pattern of patterns) {
    const segment = pattern.exec(path)?.[1];
    if (segment !== undefined) return idOf(segment);
  }
  return null;
}

/** What page of the portal a URL shows, and for which tenant. Never throws. */
export function parsePortalUrl(url: string | URL): PortalRoute {
  const parsed = toUrl(url);
  if (parsed === null || !isPortalUrl(parsed)) return { kind: 'other', tenantId: null };
  const tenant = tenantIdOf(parsed);
  const path = parsed.pathname;
  if (queuePath.test(path)) return { kind: 'queue', ...tenant };
  const incidentId = firstId(path, incidentPaths);
  if (incidentId !== null) return { kind: 'incident', incidentId, ...tenant };
  const alertId = firstId(path, [alertPath]);
  if (alertId !== null) return { kind: 'alert', alertId, ...tenant };
  return { kind: 'other', ...tenant };
}

/** Where a link to an incident goes: the incident and the `tid` it names (null without one). */
export interface IncidentLinkTarget {
  incidentId: string;
  tenantId: string | null;
}

// The common shape of an incident link as the browser serialises `anchor.href`: no port, user info,
// percent-encoding or dot segments. Anything else goes through the full parser.
const plainIncidentLink =
  /^https:\/\/security\.microsoft\.com\/(?:incident2|incidents)\/([A-Za-z0-9_-]{1,128})(?:\/[^?#]*)?(?:\?([^#]*))?(?:#.*)?$/i;

function plainTenantOf(query: string | undefined): TenantOfUrl {
  if (query === undefined || query === '') return { tenantId: null };
  // A plain link has no percent-encoding or '+', so each pair is its literal name and value.
  return tenantOfParams(
    query.split('&').map((pair): [string, string] => {
      const equals = pair.indexOf('=');
      return equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    }),
  );
}

/**
 * The incident an absolute link points to (null too when its tenant is unusable): the same answer as parsePortalUrl, found with one
 * regular expression for the usual link (a queue of thousands of rows is annotated in one frame) and
 * with the full URL parser for anything unusual.
 */
export function incidentLinkTarget(href: string): IncidentLinkTarget | null {
  const plain = href.includes('%') || href.includes('+') || href.includes('/.') ? null : plainIncidentLink.exec(href);
  // A link whose tenant is unusable gets no chip: it could show another tenant's handoff.
  if (plain) {
    const tenant = plainTenantOf(plain[2]);
    return tenant.tenantProblem === undefined ? { incidentId: plain[1]!, tenantId: tenant.tenantId } : null;
  }
  const route = parsePortalUrl(href);
  return route.kind === 'incident' && route.tenantProblem === undefined
    ? { incidentId: route.incidentId, tenantId: route.tenantId }
    : null;
}

/** The incident a link in the page points to (relative hrefs resolve against `base`), or null. */
export function incidentIdFromHref(href: string, base = `${portalOrigin}/`): string | null {
  const url = toUrl(href, base);
  if (url === null) return null;
  const route = parsePortalUrl(url);
  return route.kind === 'incident' ? route.incidentId : null;
}

function requireSafeId(id: string, what: string): string {
  if (!isSafePortalId(id)) throw new TypeError(`Unsafe ${what} for a portal link`);
  return encodeURIComponent(id);
}

function portalUrl(path: string, params: Record<string, string>, tenantId: string | null | undefined): string {
  const url = new URL(path, portalOrigin);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (tenantId !== null && tenantId !== undefined) {
    const tid = normalizeTenantId(tenantId);
    if (tid === null) throw new TypeError('Tenant id for a portal link must be a GUID');
    url.searchParams.set('tid', tid);
  }
  return url.href;
}

/** https://security.microsoft.com/incident2/{id}/overview?tid=… Throws a TypeError for an unsafe id or tenant. */
export function incidentUrl(incidentId: string, tenantId?: string | null): string {
  return portalUrl(`/incident2/${requireSafeId(incidentId, 'incident id')}/overview`, {}, tenantId);
}

/** https://security.microsoft.com/incidents?tid=… Throws a TypeError for a tenant id that isn't a GUID. */
export function queueUrl(tenantId?: string | null): string {
  return portalUrl('/incidents', {}, tenantId);
}

/** https://security.microsoft.com/alerts/{id}?tid=… Throws a TypeError for an unsafe id or tenant. */
export function alertUrl(alertId: string, tenantId?: string | null): string {
  return portalUrl(`/alerts/${requireSafeId(alertId, 'alert id')}`, {}, tenantId);
}

function utf16LittleEndian(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length * 2);
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    bytes[index * 2] = unit & 0xff;
    bytes[index * 2 + 1] = unit >> 8;
  }
  return bytes;
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000; // String.fromCharCode takes its bytes as arguments: stay under engine limits.
  for (let start = 0; start < bytes.length; start += chunk) {
    binary += String.fromCharCode(...bytes.subarray(start, start + chunk));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A link that opens advanced hunting with `kql` in the editor. The format is undocumented, observed in
 * shared links: query = base64url(gzip(UTF-16LE text)), unpadded. Async because gzip is the platform's
 * CompressionStream (browsers and Node 18+). Throws a TypeError for a tenant id that isn't a GUID or an
 * unknown time range.
 */
export async function advancedHuntingUrl(
  kql: string,
  tenantId?: string | null,
  timeRangeId?: HuntingTimeRange,
): Promise<string> {
  if (timeRangeId !== undefined && !(huntingTimeRanges as readonly string[]).includes(timeRangeId)) {
    throw new TypeError('Unknown advanced hunting time range');
  }
  const query = base64Url(await gzip(utf16LittleEndian(kql)));
  return portalUrl('/v2/advanced-hunting', timeRangeId === undefined ? { query } : { query, timeRangeId }, tenantId);
}
