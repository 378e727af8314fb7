// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { quickActionResponseSchema, tenantHandoffsResponseSchema } from '@/utils/messages/portal-answers';
import { readTenantCache } from '@/utils/storage/tenant-cache-storage';
import { readTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { readLocalReviews, readUiState } from '@/utils/storage/ui-state-storage';
import { CONTOSO_TENANT_ID, DEMO_COLLEAGUE } from '../../../fixtures/demo-tenants';
import { usePortalHandlers } from './portal-test-harness';
import { useInstantTimers } from '../../../support/instant-timers';

useInstantTimers();

/** "Mark reviewed" (issue 14, item 7): the Graph tag where the analyst may write, a local mark where not. */

const { setUp, shownOf, writes } = usePortalHandlers();
const target = { tenantId: CONTOSO_TENANT_ID, incidentId: '1006' } as const;

describe('mark reviewed', () => {
  it('PATCHes customTags (the tags read plus "Handoff: reviewed"), posts the comment, and the review leaves the counts', async () => {
    const { handlers, sync, cloud } = await setUp();
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1006', { customTags: ['Credential theft'] });
    await handlers.quickAction({ type: 'refreshIncident', ...target });
    const reviewsBefore = (await readTenantSummaries())[CONTOSO_TENANT_ID]?.summary.reviews;
    cloud.clearRequests();

    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'markIncidentReviewed', ...target, shown: await shownOf(CONTOSO_TENANT_ID, '1006'), comment: 'Checked.' }),
    );
    expect(answer).toMatchObject({
      action: 'markReviewed',
      outcome: 'done',
      message: 'Marked reviewed: the incident is tagged “Handoff: reviewed” for your team.',
    });
    expect(cloud.graphRequests().map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /v1.0/security/incidents/1006',
      'PATCH /v1.0/security/incidents/1006',
      'POST /v1.0/security/incidents/1006/comments',
      'GET /v1.0/security/incidents/1006',
    ]);
    expect(writes()[0]?.bodyJson).toEqual({ customTags: ['Credential theft', 'Handoff: reviewed'] });
    expect(writes()[1]?.bodyJson).toEqual({ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Checked.' });
    expect(answer.view.incident?.handoff).toMatchObject({ owner: 'none', area: 'closed', partnerAction: null });
    expect(answer.view.incident?.incident.customTags).toEqual(['Credential theft', 'Handoff: reviewed']);
    expect((await readTenantSummaries())[CONTOSO_TENANT_ID]?.summary.reviews).toBe((reviewsBefore ?? 0) - 1);
    expect(sync.refreshBadge).toHaveBeenCalled();
    expect(await readUiState()).toEqual({ panelCollapsed: false });
  });

  it('a comment Graph fails after the tag was written: done, the tag kept, and the comment said not posted', async () => {
    const { handlers, cloud } = await setUp();
    await handlers.quickAction({ type: 'refreshIncident', ...target });
    cloud.clearRequests();
    cloud.addFault({ host: 'graph', kind: 'status500', method: 'POST', pathPattern: /\/comments$/ });
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'markIncidentReviewed', ...target, shown: await shownOf(CONTOSO_TENANT_ID, '1006'), comment: 'Checked.' }),
    );
    expect(answer.outcome).toBe('done');
    expect(answer.message).toMatch(/^Marked reviewed: the incident is tagged “Handoff: reviewed” for your team\. Your comment was not posted \(.+\): add it in the portal\.$/);
    expect(writes().map(({ method, path }) => `${method} ${path}`)).toEqual([
      'PATCH /v1.0/security/incidents/1006',
      'POST /v1.0/security/incidents/1006/comments',
    ]);
    // The tag is written: the incident is read again and shows no review any more.
    expect(answer.view.incident?.handoff).toMatchObject({ owner: 'none', partnerAction: null });
  });

  it('sends no comment when none was written, and the tag only once', async () => {
    const { handlers, cloud } = await setUp();
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1006', { customTags: ['handoff:  REVIEWED'] });
    await handlers.quickAction({ type: 'refreshIncident', ...target });
    // Tagged by hand in the portal: already no review, so nothing is offered or written.
    const entry = (await readTenantCache(CONTOSO_TENANT_ID))?.incidents['1006'];
    expect(entry?.handoff.partnerAction).toBeNull();
    cloud.clearRequests();
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'markIncidentReviewed', ...target, shown: await shownOf(CONTOSO_TENANT_ID, '1006') }),
    );
    expect(answer.outcome).toBe('refused');
    expect(answer.message).toBe('This action does not apply to this incident.');
    expect(writes()).toEqual([]);
  });

  it('refuses on anything but a review, and writes nothing', async () => {
    const { handlers } = await setUp();
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'markIncidentReviewed', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown: await shownOf(CONTOSO_TENANT_ID, '1008') }),
    );
    expect(answer.outcome).toBe('refused');
    expect(writes()).toEqual([]);
  });

  it('without write access keeps the mark on this browser only, says so, and the counts drop at once', async () => {
    const { handlers, sync } = await setUp({ quickActionsEnabled: false });
    const reviewsBefore = (await readTenantSummaries())[CONTOSO_TENANT_ID]?.summary.reviews ?? 0;
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'markIncidentReviewed', ...target, shown: await shownOf(CONTOSO_TENANT_ID, '1006'), comment: 'Seen.' }),
    );
    expect(answer.outcome).toBe('done');
    expect(answer.message).toMatch(
      /^Marked reviewed on this browser only: you have no write access \(.+\)\. Your team does not see this mark\. Your comment was not posted\.$/,
    );
    expect(writes()).toEqual([]);
    expect([...(await readLocalReviews())]).toEqual([`${CONTOSO_TENANT_ID}|1006`]);
    expect(answer.view.incident?.handoff).toMatchObject({ owner: 'none', area: 'closed', partnerAction: null });
    expect((await readTenantSummaries())[CONTOSO_TENANT_ID]?.summary.reviews).toBe(reviewsBefore - 1);
    expect(sync.refreshBadge).toHaveBeenCalled();

    // A live read (the panel's Refresh) classifies it again from Graph: the local mark holds.
    const refreshed = quickActionResponseSchema.parse(await handlers.quickAction({ type: 'refreshIncident', ...target }));
    expect(refreshed.view.incident?.handoff.partnerAction).toBeNull();
    expect((await readTenantCache(CONTOSO_TENANT_ID))?.incidents['1006']?.handoff.partnerAction).toBeNull();
  });

  it('without write access refuses a local mark on anything but a review', async () => {
    const { handlers } = await setUp({ quickActionsEnabled: false });
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'markIncidentReviewed', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown: await shownOf(CONTOSO_TENANT_ID, '1008') }),
    );
    expect(answer.outcome).toBe('refused');
    expect(answer.message).toBe('Only a review (an incident Defender Experts resolved) can be marked reviewed. Nothing was changed.');
    expect([...(await readLocalReviews())]).toEqual([]);
  });
});

describe('who in the team has it', () => {
  it('tells the chips you, a colleague (named) or nobody, by the signed-in UPN; Defender Experts and Customer are nobody', async () => {
    const { handlers } = await setUp();
    const answer = tenantHandoffsResponseSchema.parse(await handlers.tenantHandoffs({ type: 'getTenantHandoffs', tenantId: CONTOSO_TENANT_ID }));
    expect(answer.handoffs['1013']?.assignee).toEqual({ kind: 'colleague', name: DEMO_COLLEAGUE.upn });
    expect(answer.handoffs['1008']?.assignee).toEqual({ kind: 'unassigned', name: null });
    expect(answer.handoffs['1004']?.assignee).toEqual({ kind: 'unassigned', name: null }); // Defender Experts
    expect(answer.handoffs['1012']?.assignee).toEqual({ kind: 'unassigned', name: null }); // Customer
  });

  it('tells the panel "you" after Assign to me', async () => {
    const { handlers } = await setUp();
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown: await shownOf(CONTOSO_TENANT_ID, '1008') }),
    );
    expect(answer.view.incident?.handoff.assignee).toEqual({ kind: 'you', name: null });
  });
});
