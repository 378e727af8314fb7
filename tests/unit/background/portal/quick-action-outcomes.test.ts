// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { quickActionResponseSchema } from '@/utils/messages/portal-answers';
import { readTenantCache } from '@/utils/storage/tenant-cache-storage';
import { CONTOSO_TENANT_ID, WOODGROVE_TENANT_ID } from '../../../fixtures/demo-tenants';
import { usePortalHandlers } from './portal-test-harness';
import { useInstantTimers } from '../../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
useInstantTimers();

/** The quick actions' other outcomes: resolve's body, Graph's 5xx and 4xx, a tenant or user Handoff lacks. */

const { setUp, shownOf, writes } = usePortalHandlers();

/** Answers every request of `method` with `status` and a Graph error body, without reaching the cloud. */
function answerEvery(method: string, status: number) {
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method !== method) return realFetch(input, init);
    const error = { error: { code: 'BadRequest', message: 'Invalid value for assignedTo.' } };
    return new Response(JSON.stringify(error), { status, headers: { 'content-type': 'application/json' } });
  });
  return () => vi.stubGlobal('fetch', realFetch);
}

describe('quick actions: resolve', () => {
  it('resolves with the classification, determination and comment the analyst chose', async () => {
    const { handlers } = await setUp();
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({
        type: 'resolveIncident',
        tenantId: CONTOSO_TENANT_ID,
        incidentId: '1008',
        shown: await shownOf(CONTOSO_TENANT_ID, '1008'),
        classification: 'falsePositive',
        determination: 'notMalicious',
        comment: 'Benign: admin script',
      }),
    );
    expect(answer).toMatchObject({ action: 'resolve', outcome: 'done', message: 'Resolved.' });
    expect(writes().map((write) => [write.method, write.bodyJson])).toEqual([
      [
        'PATCH',
        { status: 'resolved', classification: 'falsePositive', determination: 'notMalicious', resolvingComment: 'Benign: admin script' },
      ],
    ]);
    expect((await readTenantCache(CONTOSO_TENANT_ID))?.incidents['1008']?.incident.status).toBe('resolved');
  });

  it('refuses to resolve an incident that is resolved already, saying the action does not apply', async () => {
    const { handlers, cloud } = await setUp();
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1008', { status: 'resolved' });
    await handlers.quickAction({ type: 'refreshIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '1008' });
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    expect(shown.status).toBe('resolved');
    cloud.clearRequests();
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({
        type: 'resolveIncident',
        tenantId: CONTOSO_TENANT_ID,
        incidentId: '1008',
        shown,
        classification: 'truePositive',
        determination: 'malware',
        comment: 'again',
      }),
    );
    expect(answer).toMatchObject({ outcome: 'refused', message: 'This action does not apply to this incident.' });
    expect(answer.view.incident?.incident.status).toBe('resolved');
    expect(writes()).toEqual([]);
  });
});

describe('quick actions: when Graph does not simply say yes', () => {
  it('says "unknown: refresh to check" when Graph answers a write with 500', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    cloud.addFault({ host: 'graph', method: 'POST', kind: 'status500', times: 10 });
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'commentOnIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown, comment: 'x' }),
    );
    expect(answer).toMatchObject({ outcome: 'unknown', message: expect.stringContaining('it may or may not have been made') });
  });

  it('fails with Graph’s words, not "unknown", when Graph rejects a write (400): nothing was made', async () => {
    const { handlers } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const restore = answerEvery('PATCH', 400);
    try {
      await expect(
        handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
      ).rejects.toThrow(/^Microsoft Graph answered 400: /);
    } finally {
      restore();
    }
  });
});

describe('quick actions: what Handoff does not know', () => {
  it('refuses a tenant that is not set up, before reading anything', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    await expect(
      handlers.quickAction({ type: 'assignIncidentToMe', tenantId: WOODGROVE_TENANT_ID, incidentId: '1008', shown }),
    ).rejects.toThrow('This tenant is not set up in Handoff.');
    expect(cloud.graphRequests()).toEqual([]);
  });

  it('never assigns to an empty user name', async () => {
    const { handlers } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const { signedInAccount } = await fakeBrowser.storage.local.get('signedInAccount');
    await fakeBrowser.storage.local.set({ signedInAccount: { ...(signedInAccount as object), username: '' } });
    await expect(
      handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
    ).rejects.toThrow('Sign in to Handoff first.');
    expect(writes()).toEqual([]);
  });

  it('with writes off, answers with the cached incident, or none for a tenant not synced yet', async () => {
    const { handlers } = await setUp({ quickActionsEnabled: false });
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const cached = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
    );
    expect(cached.outcome).toBe('refused');
    expect(cached.view.incident?.incident.id).toBe('1008');

    const { settings } = await fakeBrowser.storage.local.get('settings');
    const current = settings as { tenants: unknown[] };
    const woodgrove = { tenantId: WOODGROVE_TENANT_ID, resolvedTenantId: WOODGROVE_TENANT_ID, displayName: 'Woodgrove', service: 'xdr' };
    await fakeBrowser.storage.local.set({ settings: { ...current, tenants: [...current.tenants, woodgrove] } });
    const uncached = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: WOODGROVE_TENANT_ID, incidentId: '1008', shown }),
    );
    expect(uncached).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/^Quick actions are off/) });
    expect(uncached.view.incident).toBeNull();
  });
});
