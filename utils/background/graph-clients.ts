import { huntingScopes, readScopes, type TokenBroker } from '../auth/token-broker';
import { accessTokenTenantId } from '../auth/token-tenant';
import { TokenUnavailableError } from '../domain/token-unavailable-error';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../graph/graph-client';

/**
 * A token of one tenant from the broker (and nowhere else). With `expectTenantGuid`, it is checked before
 * it is handed out: one issued for any other tenant fails (the right tenant or nothing).
 */
export async function tenantAccessToken(
  broker: TokenBroker,
  clientId: string,
  tenantId: string,
  scopes: readonly string[] = readScopes,
  expectTenantGuid: string | null = null,
): Promise<string> {
  const token = await broker.accessToken(clientId, tenantId, scopes);
  if (expectTenantGuid !== null && accessTokenTenantId(token) !== expectTenantGuid) {
    throw new TokenUnavailableError('failed', 'Microsoft issued a token for another tenant than this one. Nothing was sent.');
  }
  return token.accessToken;
}

/**
 * A Graph client for one tenant, its tokens from `tenantAccessToken`: with `expectTenantGuid`, every token
 * is checked before it is used, so one for another tenant fails the request before anything is sent.
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
      accessToken: () => tenantAccessToken(broker, clientId, tenantId, scopes, expectTenantGuid),
      forgetToken: () => broker.forget(tenantId),
    },
    { version, ...options },
  );
}

/**
 * The hunting token of one tenant (ThreatHunting.Read.All), checked against its GUID: the hunt service
 * asks for it before the runner's request timer starts (a consent or prompt=none flow may queue behind
 * other tenants'), so the client's own request then finds it in the broker's memory.
 */
export function huntingAccessToken(broker: TokenBroker, clientId: string, tenantId: string, expectTenantGuid: string): Promise<string> {
  return tenantAccessToken(broker, clientId, tenantId, huntingScopes, expectTenantGuid);
}

/**
 * A client for advanced hunting in one tenant (issue 16): ThreatHunting.Read.All, v1.0, and no retry of
 * a 429 by the client (`maxRetries: 0`): the hunt runner waits out Retry-After itself and counts the calls
 * per tenant (utils/hunting/). Every token is checked against the tenant's GUID: a tenant Handoff knows
 * only by its domain is never hunted in (hunt-service.ts).
 */
export function huntingGraphClientFor(broker: TokenBroker, clientId: string, tenantId: string, expectTenantGuid: string): GraphClient {
  return graphClientFor(broker, clientId, tenantId, huntingScopes, 'v1.0', expectTenantGuid, { maxRetries: 0 });
}
