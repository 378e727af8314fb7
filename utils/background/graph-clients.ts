import { huntingScopes, readScopes, type TokenBroker } from '../auth/token-broker';
import { accessTokenTenantId } from '../auth/token-tenant';
import { TokenUnavailableError } from '../domain/token-unavailable-error';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../graph/graph-client';

/**
 * A Graph client for one tenant, its tokens from the broker (and nowhere else). With `expectTenantGuid`,
 * every token is checked before it is used: one issued for any other tenant fails the request before
 * anything is sent (the right tenant or nothing).
 */
export function graphClientFor(
  broker: TokenBroker,
  clientId: string,
  tenantId: string,
  scopes: readonly string[] = readScopes,
  version: 'v1.0' | 'beta' = 'v1.0',
  expectTenantGuid: string | null = null,
  options: Pick<GraphClientOptions, 'maxRetries'> = {},
): GraphClient {
  return createGraphClient(
    {
      accessToken: async () => {
        const token = await broker.accessToken(clientId, tenantId, scopes);
        if (expectTenantGuid !== null && accessTokenTenantId(token) !== expectTenantGuid) {
          throw new TokenUnavailableError('failed', 'Microsoft issued a token for another tenant than this one. Nothing was sent.');
        }
        return token.accessToken;
      },
      forgetToken: () => broker.forget(tenantId),
    },
    { version, ...options },
  );
}

/**
 * A client for advanced hunting in one tenant (issue 16): ThreatHunting.Read.All, v1.0, and no retry of
 * a 429 by the client (`maxRetries: 0`): the hunt runner waits out Retry-After itself and counts the calls
 * per tenant (utils/hunting/). With the tenant's GUID known, every token is checked against it.
 */
export function huntingGraphClientFor(broker: TokenBroker, clientId: string, tenantId: string, expectTenantGuid: string | null): GraphClient {
  return graphClientFor(broker, clientId, tenantId, huntingScopes, 'v1.0', expectTenantGuid, { maxRetries: 0 });
}
