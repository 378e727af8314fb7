// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient, type GraphClient, type IncidentPatch } from '@/utils/graph/graph-client';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { startFakeMicrosoftCloud, type FakeMicrosoftCloud } from '../../fakes/fake-microsoft-cloud';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_CLIENT_ID, FABRIKAM_TENANT_ID } from '../../fixtures/demo-tenants';
import { fakeCloudFetch, type NodeFetch } from '../../support/fake-cloud-fetch';
import { fakeCloudTokens, graphReadScopes, signInToFakeCloud, type FakeCloudTokens } from '../../support/fake-cloud-tokens';
import { useInstantTimers } from '../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
useInstantTimers();

const writeScopes = 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All openid profile offline_access';

let cloud: FakeMicrosoftCloud;
let fetch: NodeFetch & { close(): void };
let writer: FakeCloudTokens;
let readerOnlyScope: FakeCloudTokens;

const clientFor = (tokens: FakeCloudTokens, tenantId: string): GraphClient =>
  createGraphClient(tokens.portsFor(tenantId), { retryDelaySeconds: 0, backoff: { baseMs: 5, maxMs: 20 } });

beforeAll(async () => {
  cloud = await startFakeMicrosoftCloud();
  fetch = fakeCloudFetch(cloud);
});

afterAll(async () => {
  fetch.close();
  await cloud.close();
});

// A fresh world per test (reset also ends Entra's sessions, so each test signs in again).
beforeEach(async () => {
  cloud.reset();
  const refreshToken = await signInToFakeCloud(fetch, { clientId: DEMO_CLIENT_ID, upn: DEMO_ANALYST.upn, scope: writeScopes });
  writer = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken, scope: writeScopes });
  readerOnlyScope = fakeCloudTokens(fetch, { clientId: DEMO_CLIENT_ID, refreshToken, scope: graphReadScopes });
  cloud.clearRequests();
});

describe('graph client writes', () => {
  it('PATCHes an incident with exactly the changes, as JSON', async () => {
    const changes: IncidentPatch = { assignedTo: DEMO_ANALYST.upn };
    await clientFor(writer, CONTOSO_TENANT_ID).patchIncident('1008', changes);

    const [patch] = cloud.graphRequests().filter((request) => request.method === 'PATCH');
    expect(patch?.path).toBe('/v1.0/security/incidents/1008');
    expect(patch?.headers['content-type']).toContain('application/json');
    expect(patch?.bodyJson).toEqual({ assignedTo: DEMO_ANALYST.upn });
    expect(cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1008')?.['assignedTo']).toBe(DEMO_ANALYST.upn);
  });

  it('resolves with classification, determination and a resolving comment', async () => {
    await clientFor(writer, CONTOSO_TENANT_ID).patchIncident('1008', {
      status: 'resolved',
      classification: 'falsePositive',
      determination: 'notMalicious',
      resolvingComment: 'Reported mail was a newsletter.',
    });
    const incident = cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1008');
    expect(incident).toMatchObject({ status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' });
  });

  it('never sends a status Handoff may not set, nor unknown properties', async () => {
    const graph = clientFor(writer, CONTOSO_TENANT_ID);
    await expect(graph.patchIncident('1008', { status: 'awaitingAction' } as unknown as IncidentPatch)).rejects.toThrow();
    await expect(graph.patchIncident('1008', { severity: 'low' } as unknown as IncidentPatch)).rejects.toThrow();
    expect(cloud.graphRequests().filter((request) => request.method === 'PATCH')).toHaveLength(0);
  });

  it('POSTs a comment as an alertComment', async () => {
    await clientFor(writer, CONTOSO_TENANT_ID).addIncidentComment('1008', 'Looking into it.');
    const [post] = cloud.graphRequests().filter((request) => request.method === 'POST');
    expect(post?.path).toBe('/v1.0/security/incidents/1008/comments');
    expect(post?.bodyJson).toEqual({ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Looking into it.' });
    const comments = cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1008')?.['comments'] as { comment: string }[];
    expect(comments.at(-1)?.comment).toBe('Looking into it.');
  });

  it('reports a reader role as a 403 GraphRequestError, and nothing changes', async () => {
    const before = structuredClone(cloud.graph.tenant(FABRIKAM_TENANT_ID).incident('2004'));
    const failure = await clientFor(writer, FABRIKAM_TENANT_ID)
      .addIncidentComment('2004', 'x')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphRequestError);
    expect(failure).toMatchObject({ status: 403 });
    expect(cloud.graph.tenant(FABRIKAM_TENANT_ID).incident('2004')).toEqual(before);
  });

  it('lists tasks with $top=500, PATCHes a task\'s status only, and runs a response action with a bodiless POST (204)', async () => {
    const graph = createGraphClient(writer.portsFor(CONTOSO_TENANT_ID), { version: 'beta', retryDelaySeconds: 0 });
    const tasks = await graph.listIncidentTasks();
    expect(tasks).toHaveLength(6);
    await graph.patchIncidentTask('1002-1', { status: 'completed' });
    await expect(graph.executeIncidentTaskResponseAction('213213')).resolves.toBeUndefined();
    expect(cloud.graphRequests().map((request) => [request.method, request.url.replace('https://graph.microsoft.com', ''), request.bodyText, request.status])).toEqual([
      ['GET', '/beta/security/incidentTasks?$top=500', '', 200],
      ['PATCH', '/beta/security/incidentTasks/1002-1', JSON.stringify({ status: 'completed' }), 200],
      ['POST', '/beta/security/incidentTasks/213213/executeResponseAction', '', 204],
    ]);
    await expect(graph.patchIncidentTask('1002-2', { status: 'open' } as never)).rejects.toThrow();
    const unsupported = await graph.executeIncidentTaskResponseAction('1002-2').catch((error: unknown) => error);
    expect(unsupported).toMatchObject({ status: 400 });
  });

  it('never sends a write again after a 504 (it may have been applied); a read is retried', async () => {
    const calls: string[] = [];
    const graph = createGraphClient(
      {
        accessToken: async () => 'token',
        forgetToken: () => undefined,
        fetch: async (input, init) => {
          calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
          return new Response(JSON.stringify({ error: { code: 'GatewayTimeout', message: 'late' } }), { status: 504 });
        },
      },
      { version: 'beta', retryDelaySeconds: 0, maxRetries: 2 },
    );
    await expect(graph.executeIncidentTaskResponseAction('213213')).rejects.toMatchObject({ status: 504 });
    await expect(graph.patchIncidentTask('213213', { status: 'completed' })).rejects.toMatchObject({ status: 504 });
    expect(calls).toHaveLength(2);
    await expect(graph.getIncidentTask('213213')).rejects.toMatchObject({ status: 504 });
    expect(calls).toHaveLength(5);
  });

  it('reports a token without the write scope as a 403', async () => {
    const failure = await clientFor(readerOnlyScope, CONTOSO_TENANT_ID)
      .patchIncident('1008', { assignedTo: 'x' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 403 });
  });
});
