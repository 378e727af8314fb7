// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { incidentHandoffResponseSchema, tenantHandoffsResponseSchema } from '@/utils/messages/portal-answers';
import { CONTOSO_TENANT_ID } from '../../../fixtures/demo-tenants';
import { usePortalHandlers } from './portal-test-harness';

/** The portal's reads: chips from the cache, the panel from the cache or Graph, Refresh's words. */

const { setUp } = usePortalHandlers();

describe('portal reads', () => {
  it('answers a tab with its tenant’s handoffs and the duties of their steps, and nothing for another tenant', async () => {
    const { handlers } = await setUp();
    const answer = tenantHandoffsResponseSchema.parse(await handlers.tenantHandoffs({ type: 'getTenantHandoffs', tenantId: CONTOSO_TENANT_ID }));
    expect(answer.tenant).toEqual({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr', teamsChannelUrl: null, color: '#0f6cbd' });
    // Closed and merged incidents (1007, 1015-1017) get no chip by default: the tab is not told of them.
    expect(Object.keys(answer.handoffs)).toHaveLength(14);
    expect(Object.values(answer.handoffs).filter((handoff) => handoff.owner === 'none')).toEqual([]);
    expect(answer.handoffs['1004']).toMatchObject({ owner: 'defenderExperts', area: 'incidentTriage' });
    expect(answer.duties['incidentTriage']?.defenderExperts).toEqual(['Assign in-scope incidents in Defender queue to Defender Experts.']);
    expect(answer.duties['merged']).toBeUndefined();
    // No tid: the analyst's home tenant, which is not set up here.
    expect(await handlers.tenantHandoffs({ type: 'getTenantHandoffs', tenantId: null })).toEqual({
      ok: true,
      tenant: null,
      status: null,
      handoffs: {},
      duties: {},
    });
  });

  it('tells a tab of closed and merged incidents too when the analyst wants their chips', async () => {
    const { handlers } = await setUp({ chipsOnClosedIncidents: true });
    const answer = tenantHandoffsResponseSchema.parse(await handlers.tenantHandoffs({ type: 'getTenantHandoffs', tenantId: CONTOSO_TENANT_ID }));
    expect(Object.keys(answer.handoffs)).toHaveLength(18);
    expect(answer.handoffs['1007']).toMatchObject({ owner: 'none', area: 'merged', redirectIncidentId: '1001' });
    expect(answer.duties['merged']).toEqual({ title: 'Merged', defenderExperts: [], partner: [], partnerNote: null, portalOnly: false });
  });

  it('answers the panel from the cache, and reads an incident the cache does not have', async () => {
    const { handlers, cloud } = await setUp();
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

  it('answers the panel of a tenant that is not set up with nothing but why nothing can be done', async () => {
    const { handlers, cloud } = await setUp();
    const answer = incidentHandoffResponseSchema.parse(
      await handlers.incidentHandoff({ type: 'getIncidentHandoff', tenantId: null, incidentId: '1002' }),
    );
    expect(answer).toEqual({
      ok: true,
      tenant: null,
      status: null,
      incident: null,
      duties: null,
      writeAccess: { allowed: false, reason: 'This tenant is not set up in Handoff.' },
      username: null,
      comments: null,
    });
    expect(cloud.graphRequests()).toEqual([]);
  });

  it('says in words when Graph has no such incident', async () => {
    const { handlers } = await setUp();
    await expect(handlers.quickAction({ type: 'refreshIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '4040' })).rejects.toThrow(
      'Microsoft Graph has no incident 4040 in this tenant.',
    );
  });
});
