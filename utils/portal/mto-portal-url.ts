/**
 * URLs of Microsoft Defender multitenant management (https://mto.security.microsoft.com): one page lists
 * the incidents of every tenant the analyst can reach (/incidents; a selected incident opens in a
 * flyout on the same page). It has no single tenant, so its route carries none: each row names its own
 * (mto-incident-rows.ts). Parsing never throws. Pure and zod-free: the content script imports it.
 */

const multitenantHost = 'mto.security.microsoft.com';

/** What a multitenant portal page is: the incident list, or a page Handoff does nothing on. */
export type MultitenantPortalRoute = { kind: 'incidents' } | { kind: 'other' };

function toUrl(url: string | URL): URL | null {
  try {
    return new URL(String(url));
  } catch {
    return null;
  }
}

/** Exactly https://mto.security.microsoft.com: no other scheme, port, subdomain or user info. */
export function isMultitenantPortalUrl(url: string | URL): boolean {
  const parsed = toUrl(url);
  if (parsed === null) return false;
  const hasUserInfo = parsed.username !== '' || parsed.password !== '';
  return parsed.protocol === 'https:' && parsed.hostname === multitenantHost && parsed.port === '' && !hasUserInfo;
}

// The incident list, and anything under it (a flyout may put the incident in the path).
const incidentsPath = /^\/incidents(?:\/.*)?$/i;

/** Which multitenant page a URL shows; 'other' for any URL that is not the multitenant portal's. */
export function parseMultitenantPortalUrl(url: string | URL): MultitenantPortalRoute {
  if (!isMultitenantPortalUrl(url)) return { kind: 'other' };
  return incidentsPath.test(toUrl(url)!.pathname) ? { kind: 'incidents' } : { kind: 'other' };
}
