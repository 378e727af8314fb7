import '@/tests/support/fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AccessToken } from '@/utils/auth/auth-protocol';
import { readScopes, signInScopes, writeScopes, type TokenBroker } from '@/utils/auth/token-broker';
import type { HuntDrafts } from '@/utils/background/hunt-drafts';
import type { HuntService } from '@/utils/background/hunt-service';
import { createMessageHandlers } from '@/utils/background/message-handlers';
import type { SyncRunner } from '@/utils/background/sync-runner';
import { settingsSchema, type Settings } from '@/utils/domain/settings';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import type { BackgroundRequest } from '@/utils/messages/background-requests';
import { readGrantedScopes, readSignedInAccount, writeSettings, writeSignedInAccount } from '@/utils/storage/settings-storage';
import { readWriteRefusal, rememberWriteRefusal } from '@/utils/storage/write-refusal-storage';

/**
 * The background's message handlers with a fake token broker and sync runner, WXT's fake browser for
 * storage, a stubbed fetch for Graph (GDAP import), and the portal request handlers mocked: here only
 * their routing is checked (their own tests cover what they answer).
 */

const portal = vi.hoisted(() => ({
  tenantHandoffs: vi.fn(),
  incidentHandoff: vi.fn(),
  quickAction: vi.fn(),
  incidentTasks: vi.fn(),
  completeIncidentTask: vi.fn(),
  runIncidentTaskAction: vi.fn(),
  huntingGuidance: vi.fn(),
}));
vi.mock('@/utils/background/portal/portal-request-handlers', () => ({ createPortalRequestHandlers: () => portal }));

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const home = 'd4c5b6a7-1111-4222-8333-944455556666';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const gdapScope = 'https://graph.microsoft.com/DelegatedAdminRelationship.Read.All';
const userReadScope = 'https://graph.microsoft.com/User.Read';
const secret = 'eyJ-secret-access-token';
const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: home, homeAccountId: `oid.${home}` };

function fakeBroker() {
  const token = (tenantId: string, scopes: readonly string[]): AccessToken => ({
    accessToken: secret,
    expiresOn: Date.now() + 3_600_000,
    tenantId,
    scopes: [...scopes],
    account,
  });
  return {
    signIn: vi.fn(async (_clientId: string, extraScopes: readonly string[] = []) => {
      // What the real broker holds at that moment: a token, which must never reach storage.
      return { account, scopes: [...signInScopes, ...extraScopes], token: token(home, signInScopes) };
    }),
    accessToken: vi.fn(async (_clientId: string, tenantId: string, scopes: readonly string[] = readScopes) => token(tenantId, scopes)),
    account: vi.fn(async () => account),
    signOut: vi.fn(async () => undefined),
    forget: vi.fn(),
    forgetTenant: vi.fn(),
    forgetTenantTokens: vi.fn(async (): Promise<void> => undefined),
  } satisfies TokenBroker;
}

function fakeSync() {
  return { runNow: vi.fn(async (): Promise<void> => undefined), refreshBadge: vi.fn(async (): Promise<void> => undefined) } satisfies SyncRunner;
}

async function setUp(settings: Partial<Settings> = {}, signedIn = false) {
  await writeSettings(settingsSchema.parse({ clientId, ...settings }));
  if (signedIn) await writeSignedInAccount(account, [...signInScopes]);
  const broker = fakeBroker();
  const sync = fakeSync();
  const confirmations = fakeConfirmations(true);
  return { broker, sync, confirmations, handle: createMessageHandlers({ broker, sync, confirmations }) };
}

/** The confirm window, answered by the test: yes (approved) or no. */
function fakeConfirmations(approved: boolean) {
  return { confirm: vi.fn(async () => approved), view: vi.fn(() => null), answer: vi.fn(() => false), windowClosed: vi.fn() };
}

const readerGroup = 'a0000000-0000-4000-8000-00000000000a';
/** The relationship requests Operator; the analyst is only in the group assigned Reader. */
const accessAssignments = {
  value: [
    {
      id: 'a1',
      status: 'active',
      accessContainer: { accessContainerId: readerGroup, accessContainerType: 'securityGroup' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509' }] },
    },
    {
      id: 'a2',
      status: 'active',
      accessContainer: { accessContainerId: 'b0000000-0000-4000-8000-00000000000b', accessContainerType: 'securityGroup' },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f' }] },
    },
  ],
};
const memberGroups = { value: [{ id: readerGroup, displayName: 'SOC readers' }] };
const relationships = {
  value: [
    {
      id: 'r1',
      displayName: 'Contoso security',
      status: 'active',
      customer: { tenantId: contoso, displayName: 'Contoso' },
      accessDetails: {
        unifiedRoles: [{ roleDefinitionId: '5d6b6bb7-de71-4623-b4af-96380a352509' }, { roleDefinitionId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f' }],
      },
    },
  ],
};

let fetch: ReturnType<typeof vi.fn<(url: string | URL | Request, init?: RequestInit) => Promise<Response>>>;

beforeEach(() => {
  fakeBrowser.reset();
  for (const handler of Object.values(portal)) handler.mockReset();
  fetch = vi.fn(async (url: string | URL | Request) => {
    const path = new URL(String(url instanceof Request ? url.url : url)).pathname;
    const body = path.endsWith('/accessAssignments')
      ? accessAssignments
      : path.endsWith('/transitiveMemberOf/microsoft.graph.group')
        ? memberGroups
        : relationships;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
});

afterEach(() => vi.unstubAllGlobals());

describe('signIn', () => {
  it('requires a client id', async () => {
    const { broker, handle } = await setUp({ clientId: null });
    await expect(handle({ type: 'signIn' })).rejects.toThrow('Enter the application (client) ID first.');
    expect(broker.signIn).not.toHaveBeenCalled();
  });

  it('stores the account and the granted scopes, never a token, and starts a round', async () => {
    const { broker, sync, handle } = await setUp();
    expect(await handle({ type: 'signIn' })).toEqual({ ok: true, account });
    expect(broker.signIn).toHaveBeenCalledWith(clientId, []);
    expect(await readSignedInAccount()).toEqual(account);
    expect(await readGrantedScopes()).toEqual([...signInScopes]);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(secret);
    expect(sync.runNow).toHaveBeenCalledTimes(1);
  });

  it('asks for the write scope only when quick actions are on, and never for the GDAP scope', async () => {
    const { broker, handle } = await setUp({ quickActionsEnabled: true });
    await handle({ type: 'signIn' });
    expect(broker.signIn).toHaveBeenCalledWith(clientId, writeScopes);
    expect(broker.signIn.mock.calls.flat(2)).not.toContain(gdapScope);
    expect(broker.signIn.mock.calls.flat(2)).not.toContain(userReadScope);
  });

  it('forgets the write refusals Graph gave before', async () => {
    const { handle } = await setUp();
    await rememberWriteRefusal(contoso, 'Forbidden', new Date());
    expect(await readWriteRefusal(contoso)).not.toBeNull();
    await handle({ type: 'signIn' });
    expect(await readWriteRefusal(contoso)).toBeNull();
  });

  it('stores nothing when the sign-in fails', async () => {
    const { broker, sync, handle } = await setUp();
    await rememberWriteRefusal(contoso, 'Forbidden', new Date());
    broker.signIn.mockRejectedValueOnce(new Error('The user did not approve access.'));
    await expect(handle({ type: 'signIn' })).rejects.toThrow('did not approve');
    expect(await readSignedInAccount()).toBeNull();
    expect(await readWriteRefusal(contoso)).not.toBeNull();
    expect(sync.runNow).not.toHaveBeenCalled();
  });
});

describe('signOut', () => {
  it('signs out of the broker, clears the account and its scopes, and refreshes the badge', async () => {
    const { broker, sync, handle } = await setUp({}, true);
    expect(await handle({ type: 'signOut' })).toEqual({ ok: true });
    expect(broker.signOut).toHaveBeenCalledWith(clientId);
    expect(await readSignedInAccount()).toBeNull();
    expect(await readGrantedScopes()).toEqual([]);
    expect(sync.refreshBadge).toHaveBeenCalledTimes(1);
  });

  it('purges every tenant\'s cache and summary, pending notifications, click targets and MSAL\'s cache key', async () => {
    const { handle } = await setUp({}, true);
    await fakeBrowser.storage.session.set({
      msalCacheKey: { id: '6f1c2a5e-8d0b-4c1e-9a7f-3b2d1e0f4a5b', key: 'A'.repeat(43) },
      notificationClickTargets: { n1: 'https://security.microsoft.com/incidents/1' },
    });
    await fakeBrowser.storage.local.set({
      [`tenantCache:${contoso}`]: { not: 'even readable' },
      tenantSummaries: { schemaVersion: 1, tenants: {} },
      pendingNotifications: [{ id: 'n2' }],
    });
    await rememberWriteRefusal(contoso, 'Forbidden', new Date());
    await handle({ type: 'signOut' });
    const session = await fakeBrowser.storage.session.get(null);
    expect(session['msalCacheKey']).toBeUndefined();
    expect(session['notificationClickTargets'] ?? {}).toEqual({});
    const local = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(local).filter((key) => /^(tenantCache:|tenantSummaries|pendingNotifications|writeRefusal:)/.test(key))).toEqual([]);
  });

  it('still clears the account when no client id is set', async () => {
    const { broker, handle } = await setUp({ clientId: null }, true);
    await handle({ type: 'signOut' });
    expect(broker.signOut).not.toHaveBeenCalled();
    expect(await readSignedInAccount()).toBeNull();
  });
});

describe('listGdapCustomers', () => {
  it('requires a client id', async () => {
    const { broker, handle } = await setUp({ clientId: null }, true);
    await expect(handle({ type: 'listGdapCustomers' })).rejects.toThrow('client) ID');
    expect(broker.accessToken).not.toHaveBeenCalled();
  });

  it('is refused when the organisation’s policy turns the GDAP import off, before any token is asked for', async () => {
    const { broker, handle } = await setUp({}, true);
    await fakeBrowser.storage.managed.set({ gdapImportAllowed: false });
    await expect(handle({ type: 'listGdapCustomers' })).rejects.toThrow('does not allow importing tenants from GDAP');
    expect(broker.accessToken).not.toHaveBeenCalled();
  });

  it('requires a sign-in, and asks for no token before', async () => {
    const { broker, handle } = await setUp({}, false);
    await expect(handle({ type: 'listGdapCustomers' })).rejects.toThrow('Sign in first.');
    expect(broker.accessToken).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reads the relationships, each one’s access assignments and the analyst’s groups with the GDAP scopes, and answers the roles held', async () => {
    const { broker, handle } = await setUp({}, true);
    const answer = await handle({ type: 'listGdapCustomers' });
    expect(broker.accessToken).toHaveBeenCalledWith(clientId, home, [gdapScope, userReadScope]);
    const urls = fetch.mock.calls.map(([url]) => new URL(String(url)));
    // Bounded: the relationships, one membership list, one accessAssignments list per relationship.
    expect(urls.map((url) => url.pathname)).toEqual([
      '/v1.0/tenantRelationships/delegatedAdminRelationships',
      '/v1.0/me/transitiveMemberOf/microsoft.graph.group',
      '/v1.0/tenantRelationships/delegatedAdminRelationships/r1/accessAssignments',
    ]);
    // The OData cast is an advanced query: ConsistencyLevel and $count.
    expect(urls[1]?.searchParams.get('$count')).toBe('true');
    expect(urls[1]?.searchParams.get('$select')).toBe('id,displayName');
    expect(new Headers(fetch.mock.calls[1]?.[1]?.headers).get('consistencylevel')).toBe('eventual');
    expect(new Headers(fetch.mock.calls[0]?.[1]?.headers).get('authorization')).toBe(`Bearer ${secret}`);
    expect(answer).toMatchObject({
      ok: true,
      skipped: 0,
      customers: [
        {
          tenantId: contoso,
          displayName: 'Contoso',
          securityRoles: ['Security Reader', 'Security Operator'],
          heldRoles: [{ role: 'Security Reader', via: ['SOC readers'] }],
          access: 'readOnly',
          expiring: [],
        },
      ],
    });
  });

  it('answers the held roles as not known when Graph refuses the group list, without guessing read/write', async () => {
    const { handle } = await setUp({}, true);
    const original = fetch.getMockImplementation()!;
    fetch.mockImplementation(async (url, init) =>
      String(url).includes('/transitiveMemberOf/')
        ? new Response(JSON.stringify({ error: { code: 'Forbidden', message: 'Insufficient privileges' } }), {
            status: 403,
            headers: { 'content-type': 'application/json' },
          })
        : original(url, init),
    );
    expect(await handle({ type: 'listGdapCustomers' })).toMatchObject({
      ok: true,
      customers: [{ tenantId: contoso, heldRoles: null, access: 'unknown' }],
    });
  });
});

describe('refreshNow', () => {
  it('runs a round and answers when it is over', async () => {
    const { sync, handle } = await setUp({}, true);
    let finish: () => void = () => undefined;
    sync.runNow.mockImplementationOnce(() => new Promise<void>((resolve) => (finish = resolve)));
    let answered = false;
    const answer = handle({ type: 'refreshNow' }).then((value) => {
      answered = true;
      return value;
    });
    await Promise.resolve();
    expect(sync.runNow).toHaveBeenCalledTimes(1);
    expect(answered).toBe(false);
    finish();
    expect(await answer).toEqual({ ok: true });
  });
});

describe('portal requests', () => {
  const target = { tenantId: contoso, incidentId: '1001' };
  const shown = { lastUpdateDateTime: null, assignedTo: null, status: 'active' as const };
  const taskShown = { status: 'open', lastModifiedDateTime: null, actionStatus: 'notStarted' } as const;
  const routes: Array<{ request: BackgroundRequest; handler: keyof typeof portal }> = [
    { request: { type: 'getTenantHandoffs', tenantId: contoso }, handler: 'tenantHandoffs' },
    { request: { type: 'getIncidentHandoff', ...target }, handler: 'incidentHandoff' },
    { request: { type: 'assignIncidentToMe', ...target, shown }, handler: 'quickAction' },
    {
      request: { type: 'resolveIncident', ...target, shown, classification: 'falsePositive', determination: 'notMalicious', comment: 'Benign' },
      handler: 'quickAction',
    },
    { request: { type: 'commentOnIncident', ...target, shown, comment: 'Looked at it' }, handler: 'quickAction' },
    { request: { type: 'refreshIncident', ...target }, handler: 'quickAction' },
    { request: { type: 'getIncidentTasks', ...target }, handler: 'incidentTasks' },
    { request: { type: 'completeIncidentTask', ...target, taskId: 'task-1', shown: taskShown }, handler: 'completeIncidentTask' },
    { request: { type: 'runIncidentTaskAction', ...target, taskId: 'task-1', shown: taskShown }, handler: 'runIncidentTaskAction' },
    { request: { type: 'getHuntingGuidance', ...target }, handler: 'huntingGuidance' },
  ];

  it.each(routes)('$request.type goes to portal.$handler', async ({ request, handler }) => {
    const { handle } = await setUp({}, true);
    const answer = { ok: true, from: handler };
    portal[handler].mockResolvedValueOnce(answer);
    expect(await handle(request)).toBe(answer);
    expect(portal[handler]).toHaveBeenCalledWith(request);
    // Run reads the task first, to show it in the confirm window.
    const others = Object.entries(portal).filter(([name]) => name !== handler && !(handler === 'runIncidentTaskAction' && name === 'incidentTasks'));
    for (const [, other] of others) expect(other).not.toHaveBeenCalled();
  });

  it.each([routes[3]!, routes[8]!])('$request.type waits for the confirm window: no yes, no write', async ({ request, handler }) => {
    await setUp({}, true);
    const confirmations = fakeConfirmations(false);
    const handle = createMessageHandlers({ broker: fakeBroker(), sync: fakeSync(), confirmations });
    portal.quickAction.mockResolvedValue({ ok: true, action: 'refresh', outcome: 'done', message: 'Refreshed.', view: {} });
    portal.incidentTasks.mockResolvedValue({ ok: true, available: false, reason: 'not here' });
    const answer = (await handle(request)) as { outcome: string; message: string };
    expect(confirmations.confirm).toHaveBeenCalledTimes(1);
    expect(answer).toMatchObject({ outcome: 'refused', message: expect.stringContaining('nothing was written') });
    expect(portal[handler]).not.toHaveBeenCalledWith(request);
  });
});

describe('sign-in and the GDAP import when Entra or Graph say no', () => {
  it.each([
    ['cancelled', 'The user did not approve access.'],
    ['consentRequired', 'AADSTS65004: User declined to consent to access the app.'],
  ] as const)('a sign-in that ends %s stores no account, starts no round, and answers why', async (kind, message) => {
    const { broker, sync, handle } = await setUp();
    broker.signIn.mockRejectedValueOnce(new TokenUnavailableError(kind, message));
    await expect(handle({ type: 'signIn' })).rejects.toMatchObject({ kind, message });
    expect(await readSignedInAccount()).toBeNull();
    expect(await readGrantedScopes()).toEqual([]);
    expect(sync.runNow).not.toHaveBeenCalled();
  });

  it('the import fails with Graph’s reason when the relationships cannot be read (403), and imports nothing', async () => {
    const { handle } = await setUp({}, true);
    fetch.mockImplementation(async () =>
      new Response(JSON.stringify({ error: { code: 'Forbidden', message: 'Insufficient privileges to complete the operation.' } }), {
        status: 403,
        headers: { 'content-type': 'application/json' },
      }),
    );
    await expect(handle({ type: 'listGdapCustomers' })).rejects.toMatchObject({ status: 403, message: expect.stringContaining('Insufficient privileges') });
    expect(fetch).toHaveBeenCalledTimes(1); // no accessAssignments or groups read after the refusal
  });

  it('the import fails before Graph when the GDAP scopes’ consent is refused', async () => {
    const { broker, handle } = await setUp({}, true);
    broker.accessToken.mockRejectedValue(new TokenUnavailableError('consentRequired', 'AADSTS65001: consent required'));
    await expect(handle({ type: 'listGdapCustomers' })).rejects.toMatchObject({ kind: 'consentRequired' });
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('the panel’s UI state', () => {
  it('answers the stored collapse, stores a change in storage.local’s uiState, and answers it', async () => {
    const { handle } = await setUp();
    await expect(handle({ type: 'getUiState' })).resolves.toEqual({ ok: true, panelCollapsed: false });
    await expect(handle({ type: 'setUiState', panelCollapsed: true })).resolves.toEqual({ ok: true, panelCollapsed: true });
    expect(await fakeBrowser.storage.local.get('uiState')).toEqual({ uiState: { panelCollapsed: true } });
    await expect(handle({ type: 'getUiState' })).resolves.toEqual({ ok: true, panelCollapsed: true });
  });
});

describe('hunting requests (issue 16)', () => {
  const runId = '11111111-1111-4111-8111-111111111111';
  const draftId = '44444444-4444-4444-8444-444444444444';

  async function withHunts() {
    const { broker, sync, confirmations } = await setUp({}, true);
    const hunts = {
      start: vi.fn(async () => 0),
      startHunt: vi.fn(async () => ({ ok: true as const, runId })),
      cancelHunt: vi.fn(() => ({ ok: true as const, cancelled: true })),
      getHuntRun: vi.fn(async () => ({ ok: true as const, run: null })),
      rerunHuntTenants: vi.fn(async () => ({ ok: true as const, runId })),
      forgetTenants: vi.fn(),
    } satisfies HuntService;
    const huntDrafts = {
      open: vi.fn(async () => ({ ok: true as const })),
      take: vi.fn(() => ({ ok: true as const, draft: null })),
      forgetTenants: vi.fn(),
    } satisfies HuntDrafts;
    return { hunts, huntDrafts, handle: createMessageHandlers({ broker, sync, confirmations, hunts, huntDrafts }) };
  }

  it('routes each hunting request to the hunt service or the drafts, with its arguments, and answers theirs', async () => {
    const { hunts, huntDrafts, handle } = await withHunts();
    const start: BackgroundRequest = { type: 'startHunt', query: 'DeviceInfo', timespan: 'P7D', tenantKeys: [contoso], source: null };
    expect(await handle(start)).toEqual({ ok: true, runId });
    expect(hunts.startHunt).toHaveBeenCalledWith(start);
    expect(await handle({ type: 'cancelHunt', runId })).toEqual({ ok: true, cancelled: true });
    expect(hunts.cancelHunt).toHaveBeenCalledWith(runId);
    expect(await handle({ type: 'getHuntRun', runId })).toEqual({ ok: true, run: null });
    expect(hunts.getHuntRun).toHaveBeenCalledWith(runId);
    expect(await handle({ type: 'rerunHuntTenants', runId, tenantKeys: [contoso] })).toEqual({ ok: true, runId });
    expect(hunts.rerunHuntTenants).toHaveBeenCalledWith(runId, [contoso]);
    const open = { type: 'openHuntFromIncident', tenantId: contoso, incidentId: '1003', queryIndex: 1 } as const;
    expect(await handle(open)).toEqual({ ok: true });
    expect(huntDrafts.open).toHaveBeenCalledWith(open);
    expect(await handle({ type: 'getHuntDraft', draftId })).toEqual({ ok: true, draft: null });
    expect(huntDrafts.take).toHaveBeenCalledWith(draftId);
    expect(hunts.start).not.toHaveBeenCalled();
  });

  it('passes the service’s refusal on as the answer’s error', async () => {
    const { hunts, handle } = await withHunts();
    hunts.startHunt.mockRejectedValueOnce(new Error('Handoff has no tenant x.example in its settings: nothing was run.'));
    await expect(handle({ type: 'startHunt', query: 'q', timespan: 'P1D', tenantKeys: ['x.example'], source: null })).rejects.toThrow('x.example');
  });
});
