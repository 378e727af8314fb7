import { readScopes, type TokenBroker } from '../auth/token-broker';
import { createGraphClient, type GraphClient } from '../graph/graph-client';

/** A Graph client for one tenant, its tokens from the broker (and nowhere else). */
export function graphClientFor(
  broker: TokenBroker,
  clientId: string,
  tenantId: string,
  scopes: readonly string[] = readScopes,
  version: 'v1.0' | 'beta' = 'v1.0',
): GraphClient {
  return createGraphClient(
    {
      accessToken: async () => (await broker.accessToken(clientId, tenantId, scopes)).accessToken,
      forgetToken: () => broker.forget(tenantId),
    },
    { version },
  );
}
