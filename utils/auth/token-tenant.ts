import { normalizeTenantId } from '../portal/portal-url';
import type { AccessToken } from './auth-protocol';

/**
 * The tenant an access token is for: the `tid` claim of the token itself when it reads as a JWT,
 * otherwise the tenant MSAL reported with it. (Microsoft may make Graph tokens opaque one day; the
 * claim is still the first witness while it is readable.) Lower-case GUID, or null.
 */
export function accessTokenTenantId(token: Pick<AccessToken, 'accessToken' | 'tenantId'>): string | null {
  const payload = token.accessToken.split('.')[1];
  if (payload !== undefined) {
    try {
      const claims: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
      if (claims && typeof claims === 'object' && 'tid' in claims && typeof claims.tid === 'string') {
        return normalizeTenantId(claims.tid);
      }
    } catch {
      // Not a readable JWT: fall back to what MSAL said.
    }
  }
  return normalizeTenantId(token.tenantId);
}
