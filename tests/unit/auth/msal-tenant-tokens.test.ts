// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { forgetTenantCredentials, tenantCredentialKeys } from '@/utils/auth/msal-tenant-tokens';

/**
 * One removed tenant's tokens out of MSAL's localStorage cache, by MSAL's own key format
 * (msal-browser BrowserCacheManager.generateCredentialKey, CacheKeys.getTokenKeysCacheKey).
 */
const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const home = 'd4c5b6a7-1111-4222-8333-944455556666';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const homeAccountId = `00000000-0000-0000-66f3-3332eca7ea81.${home}`;
const scopes = 'https://graph.microsoft.com/securityincident.read.all';

const credential = (type: string, realm: string, target = '') =>
  ['msal.3', homeAccountId, 'login.microsoftonline.com', type, clientId, realm, target, ''].join('|').toLowerCase();

const keys = {
  homeAccess: credential('accesstoken', home, scopes),
  homeId: credential('idtoken', home),
  refresh: credential('refreshtoken', ''),
  contosoAccess: credential('accesstoken', contoso, scopes),
  contosoPop: credential('accesstoken_with_authscheme', contoso, scopes),
  contosoId: credential('idtoken', contoso),
  fabrikamAccess: credential('accesstoken', fabrikam, scopes),
  fabrikamId: credential('idtoken', fabrikam),
};
const tokenKeysKey = `msal.3.token.keys.${clientId}`;
const accountKey = `msal.3.account.keys`;

describe('forgetting one tenant in MSAL\'s cache', () => {
  beforeEach(() => {
    localStorage.clear();
    for (const key of Object.values(keys)) localStorage.setItem(key, '{"id":"k","nonce":"n","data":"encrypted"}');
    localStorage.setItem(accountKey, JSON.stringify([`msal.3|${homeAccountId}|login.microsoftonline.com|${home}`]));
    localStorage.setItem(
      tokenKeysKey,
      JSON.stringify({
        idToken: [keys.homeId, keys.contosoId, keys.fabrikamId],
        accessToken: [keys.homeAccess, keys.contosoAccess, keys.contosoPop, keys.fabrikamAccess],
        refreshToken: [keys.refresh],
      }),
    );
  });

  it('removes the tenant\'s access and ID tokens and unlists them; the refresh token, the account, the home tenant and other tenants stay', () => {
    expect(forgetTenantCredentials(localStorage, clientId, [contoso.toUpperCase(), 'contoso.example'])).toBe(3);
    const left = Object.keys(localStorage).sort();
    expect(left).toEqual(
      [keys.homeAccess, keys.homeId, keys.refresh, keys.fabrikamAccess, keys.fabrikamId, tokenKeysKey, accountKey].sort(),
    );
    expect(JSON.parse(localStorage.getItem(tokenKeysKey)!)).toEqual({
      idToken: [keys.homeId, keys.fabrikamId],
      accessToken: [keys.homeAccess, keys.fabrikamAccess],
      refreshToken: [keys.refresh],
    });
  });

  it('never removes the home tenant\'s tokens, nor another application\'s', () => {
    const other = credential('accesstoken', contoso, scopes).replace(clientId, '11111111-2222-4333-8444-555555555555');
    expect(tenantCredentialKeys([...Object.values(keys), other], clientId, [home])).toEqual([]);
    expect(tenantCredentialKeys([other], clientId, [contoso])).toEqual([]);
  });
});
