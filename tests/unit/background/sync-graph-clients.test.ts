import { describe, expect, it, vi } from 'vitest';
import { createSyncGraphClients } from '@/utils/background/sync-graph-clients';
import type { GraphClient } from '@/utils/graph/graph-client';

const app = '0a1b2c3d-0000-4000-8000-000000000001';
const otherApp = '0a1b2c3d-0000-4000-8000-000000000002';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function clients() {
  const make = vi.fn((clientId: string, tenantId: string) => ({ clientId, tenantId }) as unknown as GraphClient);
  return { make, syncClients: createSyncGraphClients(make) };
}

describe('createSyncGraphClients', () => {
  it('builds one client per application and tenant and hands the same one out again', () => {
    const { make, syncClients } = clients();
    const first = syncClients.clientFor(app, contoso);
    expect(syncClients.clientFor(app, contoso)).toBe(first);
    expect(syncClients.clientFor(app, fabrikam)).not.toBe(first);
    expect(syncClients.clientFor(otherApp, contoso)).not.toBe(first);
    expect(make.mock.calls).toEqual([
      [app, contoso],
      [app, fabrikam],
      [otherApp, contoso],
    ]);
  });

  it('drops the clients of tenants no longer configured and of another application id', () => {
    const { make, syncClients } = clients();
    const kept = syncClients.clientFor(app, contoso);
    syncClients.clientFor(app, fabrikam);
    syncClients.clientFor(otherApp, contoso);
    syncClients.keepOnly(app, new Set([contoso]));
    expect(syncClients.size).toBe(1);
    expect(syncClients.clientFor(app, contoso)).toBe(kept);
    syncClients.clientFor(app, fabrikam);
    expect(make).toHaveBeenCalledTimes(4);
    syncClients.keepOnly('', new Set([contoso, fabrikam]));
    expect(syncClients.size).toBe(0);
  });
});
