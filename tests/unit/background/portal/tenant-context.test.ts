// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readTenantContext, tenantGraphs, unknownTenantGuid } from '@/utils/background/portal/tenant-context';
import { createTokenBroker } from '@/utils/auth/token-broker';
import { settingsSchema } from '@/utils/domain/settings';

/** Which configured tenant a portal request is for: the tab's `tid`, or the home tenant, never another. */

const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: 'woodgrove.example', homeAccountId: 'oid.woodgrove' };
const now = () => new Date('2026-01-01T00:00:00Z');

async function configure(clientId: string | null) {
  const settings = settingsSchema.parse({
    clientId,
    quickActionsEnabled: true,
    tenants: [
      { tenantId: 'contoso.example', displayName: 'Contoso', service: 'xdr' },
      { tenantId: 'woodgrove.example', displayName: 'Woodgrove', service: 'hunting' },
    ],
  });
  await fakeBrowser.storage.local.set({ settings, signedInAccount: account });
}

const broker = createTokenBroker({
  askAuthHost: async () => ({ ok: false, kind: 'failed', message: 'not in this test' }),
  launchWebAuthFlow: async () => {
    throw new Error('no interactive flow in unit tests');
  },
  redirectUri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
  now: () => Date.now(),
});

describe('tenant context', () => {
  beforeEach(() => fakeBrowser.reset());

  it('finds the tab’s tenant by its tid, the home tenant without one, and nothing for an unknown tenant', async () => {
    await configure('00000000-0000-0000-0000-000000000001');
    expect(await readTenantContext('contoso.example', now)).toMatchObject({
      key: 'contoso.example',
      tenant: { displayName: 'Contoso' },
      username: account.username,
      writeAccess: { allowed: true, reason: null },
    });
    expect((await readTenantContext(null, now))?.tenant.displayName).toBe('Woodgrove');
    expect(await readTenantContext('fabrikam.example', now)).toBeNull();
  });

  it('makes no Graph client without a client ID, and says what to do', async () => {
    await configure(null);
    const context = await readTenantContext('contoso.example', now);
    expect(() => tenantGraphs(broker, context!)).toThrow('Enter the application (client) ID in Handoff’s options first.');
  });

  it('gives no write client for a tenant whose GUID is not known (added by domain, not synced yet)', async () => {
    await configure('00000000-0000-0000-0000-000000000001');
    const context = await readTenantContext('contoso.example', now);
    expect(context).not.toBeNull();
    const graphs = tenantGraphs(broker, context!);
    expect(() => graphs('write')).toThrow(unknownTenantGuid);
    expect(() => graphs('read')).not.toThrow();
  });
});
