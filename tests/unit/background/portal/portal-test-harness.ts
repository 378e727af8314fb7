import '@/tests/support/fake-indexeddb';
import { afterAll, beforeAll, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AuthHostRequest, AuthHostResponse } from '@/utils/auth/auth-protocol';
import { createTokenBroker, writeScopes } from '@/utils/auth/token-broker';
import { createPortalRequestHandlers } from '@/utils/background/portal/portal-request-handlers';
import { settingsSchema, type Settings } from '@/utils/domain/settings';
import { createGraphClient } from '@/utils/graph/graph-client';
import { pollTenant } from '@/utils/sync/poll-tenant';
import { readTenantCache, writeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../../fakes/fake-microsoft-cloud';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_CLIENT_ID, FABRIKAM_TENANT_ID, WOODGROVE_TENANT_ID } from '../../../fixtures/demo-tenants';
import { fakeCloudFetch, type NodeFetch } from '../../../support/fake-cloud-fetch';
import { fakeCloudTokens, graphReadScopes, signInToFakeCloud } from '../../../support/fake-cloud-tokens';

/**
 * The background's answers to portal tabs, end to end in Node: the real handlers, token broker and
 * Graph client against the fake Microsoft cloud, extension storage from WXT's fake browser. Every test
 * file calls `usePortalHandlers()` once, at its top level, to start the cloud for its tests.
 */

const writeScopeText = 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All openid profile offline_access';

const account = {
  username: DEMO_ANALYST.upn,
  name: DEMO_ANALYST.displayName,
  homeTenantId: WOODGROVE_TENANT_ID,
  homeAccountId: `${DEMO_ANALYST.oid}.${WOODGROVE_TENANT_ID}`,
};

export type PortalHandlers = ReturnType<typeof createPortalRequestHandlers>;

export function usePortalHandlers() {
  let started: { cloud: FakeMicrosoftCloud; fetch: NodeFetch & { close(): void } } | undefined;

  beforeAll(async () => {
    const cloud = await startFakeMicrosoftCloud();
    started = { cloud, fetch: fakeCloudFetch(cloud) };
    vi.stubGlobal('fetch', started.fetch);
  });

  afterAll(async () => {
    vi.unstubAllGlobals();
    started?.fetch.close();
    await started?.cloud.close();
  });

  function running() {
    if (!started) throw new Error('the fake cloud starts in beforeAll: use it inside a test');
    return started;
  }

  /** A token broker whose auth host redeems the fake Entra's refresh token (no offscreen document in Node). */
  async function fakeBroker() {
    const { fetch } = running();
    const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn, scope: writeScopeText });
    const readTokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken, scope: graphReadScopes });
    const writeTokens = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken, scope: writeScopeText });
    const askAuthHost = async (request: AuthHostRequest): Promise<AuthHostResponse> => {
      if (request.type !== 'acquireSilent') return { ok: false, kind: 'failed', message: `not faked: ${request.type}` };
      const writing = request.scopes.some((scope) => scope.endsWith('ReadWrite.All'));
      const accessToken = await (writing ? writeTokens : readTokens).accessToken(request.tenantId);
      return {
        ok: true,
        token: { accessToken, expiresOn: Date.now() + 3600_000, tenantId: request.tenantId, scopes: request.scopes, account },
      };
    };
    return {
      broker: createTokenBroker({
        askAuthHost,
        launchWebAuthFlow: async () => {
          throw new Error('no interactive flow in unit tests');
        },
        redirectUri: 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/',
        now: () => Date.now(),
      }),
      readTokens,
    };
  }

  /** Contoso (xdr) and Fabrikam (hunting, a reader there) configured, signed in, one real poll each. */
  async function setUp(settings: Partial<Settings> = {}) {
    const { cloud } = running();
    fakeBrowser.reset();
    cloud.reset();
    const { broker, readTokens } = await fakeBroker();
    const configured = settingsSchema.parse({
      clientId: DEMO_CLIENT_ID,
      quickActionsEnabled: true,
      tenants: [
        { tenantId: CONTOSO_TENANT_ID, resolvedTenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' },
        { tenantId: FABRIKAM_TENANT_ID, resolvedTenantId: FABRIKAM_TENANT_ID, displayName: 'Fabrikam', service: 'hunting' },
      ],
      ...settings,
    });
    await fakeBrowser.storage.local.set({ settings: configured, signedInAccount: account, grantedScopes: [...writeScopes] });
    // One real poll per tenant fills the caches the handlers read.
    for (const tenant of configured.tenants) {
      const graph = createGraphClient(readTokens.portsFor(tenant.tenantId));
      const { cache } = await pollTenant({ tenant, previous: null, graph, now: new Date() });
      await writeTenantCache(cache);
    }
    cloud.clearRequests();
    const sync = { refreshBadge: vi.fn(async () => undefined) };
    return { handlers: createPortalRequestHandlers({ broker, sync }), sync, cloud };
  }

  /** The incident's version as the panel shows it, from the cache. */
  const shownOf = async (tenantId: string, incidentId: string) => {
    const entry = (await readTenantCache(tenantId))?.incidents[incidentId];
    if (!entry) throw new Error(`incident ${incidentId} not cached`);
    const { status, assignedTo, lastUpdateDateTime } = entry.incident;
    return { status, assignedTo, lastUpdateDateTime };
  };

  /** Every Graph request that was not a read. */
  const writes = () => running().cloud.graphRequests().filter((request) => request.method !== 'GET');

  return { setUp, shownOf, writes };
}
