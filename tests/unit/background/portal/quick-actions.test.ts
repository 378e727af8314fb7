// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { quickActionResponseSchema } from '@/utils/messages/portal-answers';
import { readTenantCache } from '@/utils/storage/tenant-cache-storage';
import { readTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { readWriteRefusal } from '@/utils/storage/write-refusal-storage';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_COLLEAGUE, FABRIKAM_TENANT_ID } from '../../../fixtures/demo-tenants';
import { usePortalHandlers } from './portal-test-harness';
import { useInstantTimers } from '../../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
useInstantTimers();

/** The panel's writes: re-read, conflict check, the rules on what was read, and Graph's 403 remembered. */

const { setUp, shownOf, writes } = usePortalHandlers();

describe('quick actions', () => {
  it('assigns to the analyst: re-read, PATCH, read again, cache and summary updated, badge redrawn', async () => {
    const { handlers, sync, cloud } = await setUp();
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
    const { handlers, cloud } = await setUp();
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

  it('writes nothing when only the last update moved since shown (a comment or a tag: one field changed)', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const later = new Date(Date.parse(shown.lastUpdateDateTime!) + 60_000).toISOString();
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1008', { lastUpdateDateTime: later });
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
    );
    expect(answer.outcome).toBe('conflict');
    expect(answer.message).toBe(
      `This incident changed since it was shown (last update ${shown.lastUpdateDateTime} → ${later}). Nothing was written: check it and try again.`,
    );
    expect(writes()).toEqual([]);
    expect(cloud.graphRequests().map((request) => request.method)).toEqual(['GET']);
  });

  it('writes nothing when Graph returns the incident for another tenant than the page shows', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1008', { tenantId: FABRIKAM_TENANT_ID });
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
    );
    expect(answer).toMatchObject({ outcome: 'refused', message: expect.stringContaining('another tenant') });
    expect(writes()).toEqual([]);
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
    const { handlers, cloud } = await setUp();
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
    const { handlers, cloud } = await setUp({ quickActionsEnabled: false });
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


  it('says "unknown: refresh to check" when Graph gives no answer to a write, and sends it once', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    cloud.addFault({ host: 'graph', method: 'POST', kind: 'drop', times: 5 });
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'commentOnIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown, comment: 'once' }),
    );
    expect(answer).toMatchObject({ outcome: 'unknown', message: expect.stringContaining('Refresh to check') });
    expect(cloud.graphRequests().filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('reports a write that went through as done even when reading the incident again fails', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const realFetch = globalThis.fetch;
    // Once the PATCH is answered, every read of the incident fails (no answer, every retry).
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await realFetch(input, init);
      if (init?.method === 'PATCH') cloud.addFault({ host: 'graph', method: 'GET', kind: 'drop', times: 20 });
      return response;
    });
    try {
      const answer = quickActionResponseSchema.parse(
        await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
      );
      expect(answer).toMatchObject({ outcome: 'done', message: expect.stringMatching(/^Assigned to you\. .*refresh/) });
      expect(writes()).toHaveLength(1);
    } finally {
      vi.stubGlobal('fetch', realFetch);
    }
  });
});
