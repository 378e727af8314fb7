import type { GraphClient } from '../graph/graph-client';

/**
 * The sync rounds' Graph clients, one per application and tenant, kept from round to round: a client holds
 * no token (it asks the broker at every request) and no request's state, only its middleware chain, so
 * building 500 of them every round was work for nothing (the browser bench's steady round). Only the sync
 * uses these: rounds run one at a time, so a client's `lastAnswerDate` is its own poll's answer. Clients
 * of tenants no longer configured, or of another application id, are dropped at the next round.
 */
export function createSyncGraphClients(make: (clientId: string, tenantId: string) => GraphClient) {
  const clients = new Map<string, { clientId: string; tenantId: string; client: GraphClient }>();
  const keyOf = (clientId: string, tenantId: string) => `${clientId}\n${tenantId}`;
  return {
    clientFor(clientId: string, tenantId: string): GraphClient {
      const key = keyOf(clientId, tenantId);
      const found = clients.get(key);
      if (found) return found.client;
      const client = make(clientId, tenantId);
      clients.set(key, { clientId, tenantId, client });
      return client;
    },
    /** Keeps the clients of this application's configured tenants only. */
    keepOnly(clientId: string, tenantIds: ReadonlySet<string>): void {
      for (const [key, entry] of clients) {
        if (entry.clientId !== clientId || !tenantIds.has(entry.tenantId)) clients.delete(key);
      }
    },
    get size(): number {
      return clients.size;
    },
  };
}
