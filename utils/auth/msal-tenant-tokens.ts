/**
 * Removing one customer tenant's tokens from MSAL's browser cache. MSAL.js has no call for it:
 * `clearCache({account})` removes the whole account, every tenant profile and the refresh token all
 * tenants share (msal-common `CacheManager.removeAccount` filters by homeAccountId only), and its
 * maintainers confirm there is no finer removal (AzureAD/microsoft-authentication-library-for-js#6089).
 * MSAL's localStorage keys are plain text (the values are encrypted): a credential is stored under
 * `msal.<schema>|<homeAccountId>|<environment>|<credentialType>|<clientId>|<realm>|<target>|<scheme>`,
 * lower-case (msal-browser `BrowserCacheManager.generateCredentialKey`), and listed in
 * `msal.<schema>.token.keys.<clientId>` (`CacheKeys.getTokenKeysCacheKey`), a JSON
 * `{idToken, accessToken, refreshToken}` of keys. A tenant's access and ID tokens are the credentials
 * whose realm is that tenant; the refresh token has no realm and stays, as do the account and its home
 * tenant. The host drops its MSAL instance afterwards, whose in-memory copy still held them
 * (msal-auth-host.ts).
 */

const removableTypes = new Set(['accesstoken', 'accesstoken_with_authscheme', 'idtoken']);

interface CredentialKey {
  homeAccountId: string;
  credentialType: string;
  clientId: string;
  realm: string;
}

function parseCredentialKey(key: string): CredentialKey | null {
  const parts = key.split('|');
  if (parts.length < 7 || !/^msal\.\d+$/.test(parts[0] ?? '')) return null;
  const [, homeAccountId = '', , credentialType = '', clientId = '', realm = ''] = parts;
  return { homeAccountId, credentialType, clientId, realm };
}

/** The tenant part of MSAL's homeAccountId (`<objectId>.<tenantId>`). */
const homeTenantOf = (homeAccountId: string) => homeAccountId.split('.')[1] ?? '';

/** MSAL's keys holding an access or ID token of one of `tenantIds` for `clientId` (never the home tenant's). */
export function tenantCredentialKeys(keys: readonly string[], clientId: string, tenantIds: readonly string[]): string[] {
  const tenants = new Set(tenantIds.map((id) => id.toLowerCase()));
  const client = clientId.toLowerCase();
  return keys.filter((key) => {
    const credential = parseCredentialKey(key);
    return (
      credential !== null &&
      credential.clientId === client &&
      removableTypes.has(credential.credentialType) &&
      tenants.has(credential.realm) &&
      credential.realm !== homeTenantOf(credential.homeAccountId)
    );
  });
}

/** Removes those tenants' access and ID tokens from `storage` and from MSAL's key lists; returns how many. */
export function forgetTenantCredentials(storage: Storage, clientId: string, tenantIds: readonly string[]): number {
  const keys = Object.keys(storage);
  const removed = tenantCredentialKeys(keys, clientId, tenantIds);
  if (removed.length === 0) return 0;
  const gone = new Set(removed);
  for (const key of removed) storage.removeItem(key);
  const listKey = new RegExp(`^msal\\.(\\d+\\.)?token\\.keys\\.${clientId.replace(/[^0-9a-zA-Z-]/g, '')}$`, 'i');
  for (const key of keys.filter((candidate) => listKey.test(candidate))) {
    try {
      const lists = JSON.parse(storage.getItem(key) ?? '') as Record<string, unknown>;
      for (const [type, list] of Object.entries(lists)) {
        if (Array.isArray(list)) lists[type] = list.filter((entry) => !gone.has(String(entry)));
      }
      storage.setItem(key, JSON.stringify(lists));
    } catch {
      // Not MSAL's format: left as it is.
    }
  }
  return removed.length;
}
