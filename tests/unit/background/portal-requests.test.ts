// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AuthHostRequest, AuthHostResponse } from '@/utils/auth/auth-protocol';
import { createTokenBroker, writeScopes } from '@/utils/auth/token-broker';
import { createPortalRequestHandlers } from '@/utils/background/portal-requests';
import { readWriteRefusal } from '@/utils/storage/write-refusal-storage';
import { createGraphClient } from '@/utils/graph/graph-client';
import {
  completeIncidentTaskResponseSchema,
  huntingGuidanceResponseSchema,
  incidentTasksResponseSchema,
  incidentHandoffResponseSchema,
  quickActionResponseSchema,
  tenantHandoffsResponseSchema,
} from '@/utils/messages/portal-answers';
import { settingsSchema, type Settings } from '@/utils/domain/settings';
import { pollTenant } from '@/utils/sync/poll-tenant';
import { readTenantCache, writeTenantCache } from '@/utils/storage/tenant-cache-storage';
import { readTenantSummaries, writeTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import {
  CONTOSO_TENANT_ID,
  DEMO_ANALYST,
  DEMO_CLIENT_ID,
  DEMO_COLLEAGUE,
  FABRIKAM_TENANT_ID,
  WOODGROVE_TENANT_ID,
} from '../../fixtures/demo-tenants';
import { fakeCloudFetch, type NodeFetch } from '../../support/fake-cloud-fetch';
import { fakeCloudTokens, graphReadScopes, signInToFakeCloud } from '../../support/fake-cloud-tokens';

/**
 * The background's answers to portal tabs, end to end in Node: the real handlers, token broker and
 * Graph client against the fake Microsoft cloud, extension storage from WXT's fake browser. Every answer
 * must parse with the schema the content script's types come from.
 */

const writeScopeText = 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All openid profile offline_access';

let cloud: FakeMicrosoftCloud;
let fetch: NodeFetch & { close(): void };

beforeAll(async () => {
  cloud = await startFakeMicrosoftCloud();
  fetch = fakeCloudFetch(cloud);
  vi.stubGlobal('fetch', fetch);
});

afterAll(async () => {
  vi.unstubAllGlobals();
  fetch.close();
  await cloud.close();
});

const account = {
  username: DEMO_ANALYST.upn,
  name: DEMO_ANALYST.displayName,
  homeTenantId: WOODGROVE_TENANT_ID,
  homeAccountId: `${DEMO_ANALYST.oid}.${WOODGROVE_TENANT_ID}`,
};

/** A token broker whose auth host redeems the fake Entra's refresh token (no offscreen document in Node). */
async function fakeBroker() {
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

async function setUp(settings: Partial<Settings> = {}) {
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
  return { handlers: createPortalRequestHandlers({ broker, sync }), sync };
}

const shownOf = async (tenantId: string, incidentId: string) => {
  const entry = (await readTenantCache(tenantId))?.incidents[incidentId];
  if (!entry) throw new Error(`incident ${incidentId} not cached`);
  const { status, assignedTo, lastUpdateDateTime } = entry.incident;
  return { status, assignedTo, lastUpdateDateTime };
};

const writes = () => cloud.graphRequests().filter((request) => request.method !== 'GET');

describe('portal requests', () => {
  it('answers a tab with its tenant’s handoffs and the duties of their steps, and nothing for another tenant', async () => {
    const { handlers } = await setUp();
    const answer = tenantHandoffsResponseSchema.parse(await handlers.tenantHandoffs({ type: 'getTenantHandoffs', tenantId: CONTOSO_TENANT_ID }));
    expect(answer.tenant).toEqual({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr', teamsChannelUrl: null, color: '#0f6cbd' });
    expect(Object.keys(answer.handoffs)).toHaveLength(18);
    expect(answer.handoffs['1004']).toMatchObject({ owner: 'defenderExperts', area: 'incidentTriage' });
    expect(answer.duties['incidentTriage']?.defenderExperts).toEqual(['Assign in-scope incidents in Defender queue to Defender Experts.']);
    expect(answer.duties['merged']).toEqual({ title: 'Merged', defenderExperts: [], partner: [], partnerNote: null, portalOnly: false });
    // No tid: the analyst's home tenant, which is not set up here.
    expect(await handlers.tenantHandoffs({ type: 'getTenantHandoffs', tenantId: null })).toEqual({
      ok: true,
      tenant: null,
      status: null,
      handoffs: {},
      duties: {},
    });
  });

  it('answers the panel from the cache, and reads an incident the cache does not have', async () => {
    const { handlers } = await setUp();
    const cached = incidentHandoffResponseSchema.parse(
      await handlers.incidentHandoff({ type: 'getIncidentHandoff', tenantId: CONTOSO_TENANT_ID, incidentId: '1002' }),
    );
    expect(cached.incident?.handoff).toMatchObject({ owner: 'partner', area: 'incidentRemediation' });
    expect(cached.duties?.title).toBe('Incident remediation');
    expect(cached.writeAccess).toEqual({ allowed: true, reason: null });
    expect(cached.comments).toBeNull();
    expect(cloud.graphRequests()).toHaveLength(0);

    cloud.graph.tenant(CONTOSO_TENANT_ID).addIncident({
      ...cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1008'),
      id: '1099',
      comments: [{ comment: 'New one.', createdByDisplayName: 'Jordan Lee', createdDateTime: '2026-01-01T00:00:00Z' }],
    });
    const live = incidentHandoffResponseSchema.parse(
      await handlers.incidentHandoff({ type: 'getIncidentHandoff', tenantId: CONTOSO_TENANT_ID, incidentId: '1099' }),
    );
    expect(live.comments).toEqual([{ comment: 'New one.', createdByDisplayName: 'Jordan Lee', createdDateTime: '2026-01-01T00:00:00Z' }]);
  });

  it('assigns to the analyst: re-read, PATCH, read again, cache and summary updated, badge redrawn', async () => {
    const { handlers, sync } = await setUp();
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({
        type: 'assignIncidentToMe',
        tenantId: CONTOSO_TENANT_ID,
        incidentId: '1008',
        shown: await shownOf(CONTOSO_TENANT_ID, '1008'),
      }),
    );
    expect(answer).toMatchObject({ action: 'assignToMe', outcome: 'done', message: 'Assigned to you.' });
    expect(answer.view.incident?.incident.assignedTo).toBe(DEMO_ANALYST.upn);
    expect(cloud.graphRequests().map((request) => request.method)).toEqual(['GET', 'PATCH', 'GET']);
    expect(writes()[0]?.bodyJson).toEqual({ assignedTo: DEMO_ANALYST.upn });
    expect((await readTenantCache(CONTOSO_TENANT_ID))?.incidents['1008']?.handoff.area).toBe('incidentInvestigation');
    expect((await readTenantSummaries())[CONTOSO_TENANT_ID]?.summary.unassigned).toBe(1); // 1014 is left
    expect(sync.refreshBadge).toHaveBeenCalled();
  });

  it('writes nothing when the incident changed since shown, and shows what Graph has now', async () => {
    const { handlers } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1008', { assignedTo: DEMO_COLLEAGUE.upn });
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'commentOnIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown, comment: 'x' }),
    );
    expect(answer.outcome).toBe('conflict');
    expect(answer.message).toContain(`assigned to (nobody) → ${DEMO_COLLEAGUE.upn}`);
    expect(writes()).toEqual([]);
    expect(answer.view.incident?.incident.assignedTo).toBe(DEMO_COLLEAGUE.upn);
    expect((await readTenantCache(CONTOSO_TENANT_ID))?.incidents['1008']?.incident.assignedTo).toBe(DEMO_COLLEAGUE.upn);
  });

  it('never writes to a redirected incident, even when the panel asks', async () => {
    const { handlers } = await setUp();
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({
        type: 'commentOnIncident',
        tenantId: CONTOSO_TENANT_ID,
        incidentId: '1007',
        shown: await shownOf(CONTOSO_TENANT_ID, '1007'),
        comment: 'x',
      }),
    );
    expect(answer).toMatchObject({ outcome: 'refused', message: 'Merged into incident 1001: act there.' });
    expect(writes()).toEqual([]);
  });

  it('remembers Graph’s 403 for a reader, and then refuses without asking Graph', async () => {
    const { handlers } = await setUp();
    const request = {
      type: 'assignIncidentToMe',
      tenantId: FABRIKAM_TENANT_ID,
      incidentId: '2004',
      shown: await shownOf(FABRIKAM_TENANT_ID, '2004'),
    } as const;
    const first = quickActionResponseSchema.parse(await handlers.quickAction(request));
    expect(first.outcome).toBe('refused');
    expect(first.message).toMatch(/^Read-only in Fabrikam: Microsoft Graph refused a change \(403\)/);
    expect(first.view.writeAccess.allowed).toBe(false);
    expect(writes().map((write) => write.status)).toEqual([403]);
    expect(await readWriteRefusal(FABRIKAM_TENANT_ID)).not.toBeNull();

    cloud.clearRequests();
    const second = quickActionResponseSchema.parse(await handlers.quickAction(request));
    expect(second.outcome).toBe('refused');
    expect(cloud.graphRequests()).toEqual([]);
  });

  it('refuses every write with quick actions off, without asking Graph; Refresh still reads', async () => {
    const { handlers } = await setUp({ quickActionsEnabled: false });
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const refused = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
    );
    expect(refused.outcome).toBe('refused');
    expect(refused.message).toMatch(/^Quick actions are off/);
    expect(cloud.graphRequests()).toEqual([]);

    const refreshed = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'refreshIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '1008' }),
    );
    expect(refreshed).toMatchObject({ action: 'refresh', outcome: 'done' });
    expect(cloud.graphRequests().map((request) => request.method)).toEqual(['GET']);
  });

  it('says in words when Graph has no such incident', async () => {
    const { handlers } = await setUp();
    await expect(handlers.quickAction({ type: 'refreshIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '4040' })).rejects.toThrow(
      'Microsoft Graph has no incident 4040 in this tenant.',
    );
  });
});

describe('managed response and hunting guidance (Graph beta)', () => {
  const target = { tenantId: CONTOSO_TENANT_ID, incidentId: '1002' };
  type Handlers = Awaited<ReturnType<typeof setUp>>['handlers'];
  /** The task as the panel would show it: read through the handlers, as the panel does. */
  const shownTask = async (handlers: Handlers, taskId: string) => {
    const answer = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
    const task = answer.available ? answer.tasks.find((candidate) => candidate.id === taskId) : undefined;
    if (!task) throw new Error(`task ${taskId} not shown`);
    return { status: task.status, lastUpdateDateTime: task.lastUpdateDateTime };
  };

  it('lists an incident’s tasks from beta as text views', async () => {
    const { handlers } = await setUp();
    const answer = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
    if (!answer.available) throw new Error(answer.reason);
    expect(answer.tasks.map((task) => [task.id, task.status, task.canMarkCompleted])).toEqual([
      ['1002-1', 'open', true],
      ['1002-2', 'inProgress', true],
      ['1002-3', 'completed', false],
      ['1002-4', 'completed', false],
    ]);
    expect(cloud.graphRequests().map((request) => request.path)).toEqual(['/beta/security/incidentTasks']);
  });

  it('marks an open guided task completed, lowering the tenant’s open task count', async () => {
    const { handlers } = await setUp();
    const summaries = await readTenantSummaries();
    await writeTenantSummaries({ ...summaries, [CONTOSO_TENANT_ID]: { ...summaries[CONTOSO_TENANT_ID]!, openGuidedTasks: 3 } });
    const shown = await shownTask(handlers, '1002-1');
    cloud.clearRequests();
    const answer = completeIncidentTaskResponseSchema.parse(
      await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-1', shown }),
    );
    expect(answer.outcome).toBe('done');
    expect(writes().map((request) => [request.method, request.path, request.bodyJson])).toEqual([
      ['PATCH', '/beta/security/incidentTasks/1002-1', { status: 'completed' }],
    ]);
    expect(answer.tasks.available && answer.tasks.tasks[0]?.status).toBe('completed');
    expect((await readTenantSummaries())[CONTOSO_TENANT_ID]?.openGuidedTasks).toBe(2);
  });

  it('writes nothing for a task changed since shown, a managed task, or without write access', async () => {
    const { handlers } = await setUp();
    const shown = await shownTask(handlers, '1002-2');
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncidentTask('1002-2', { status: 'completed' });
    const conflict = await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-2', shown });
    expect(conflict.outcome).toBe('conflict');
    const managed = await handlers.completeIncidentTask({
      type: 'completeIncidentTask',
      ...target,
      taskId: '1002-3',
      shown: await shownTask(handlers, '1002-3'),
    });
    expect(managed).toMatchObject({ outcome: 'refused', message: 'Only an open guided-response task can be marked completed.' });
    const readOnly = await setUp({ quickActionsEnabled: false });
    const refused = await readOnly.handlers.completeIncidentTask({
      type: 'completeIncidentTask',
      ...target,
      taskId: '1002-1',
      shown: { status: 'open', lastUpdateDateTime: null },
    });
    expect(refused.outcome).toBe('refused');
    expect(writes()).toHaveLength(0);
  });

  it('reads hunting guidance from beta, and says "not available" when beta answers 404', async () => {
    const { handlers } = await setUp();
    const guidance = huntingGuidanceResponseSchema.parse(
      await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1003' }),
    );
    if (!guidance.available) throw new Error(guidance.reason);
    expect(guidance.recommendedActions).toBeTruthy();
    expect(guidance.huntingQueries.length).toBeGreaterThan(0);

    cloud.graph.setBetaAvailable(CONTOSO_TENANT_ID, false);
    expect(await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1003' })).toEqual({
      ok: true,
      available: false,
      reason: 'Hunting guidance is not available for this tenant (Microsoft Graph beta answered 404).',
    });
    expect(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target })).toEqual({
      ok: true,
      available: false,
      reason: 'Remediation tasks are not available for this tenant (Microsoft Graph beta answered 404).',
    });
  });
});
