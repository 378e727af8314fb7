// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { completeIncidentTaskResponseSchema, incidentTasksResponseSchema, quickActionResponseSchema } from '@/utils/messages/portal-answers';
import { CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID } from '../../../fixtures/demo-tenants';
import { usePortalHandlers, type PortalHandlers } from './portal-test-harness';

/**
 * The organisation's policy is enforced by the worker, not only shown by the options page: quick actions
 * locked off and response actions forbidden (everywhere or in one tenant) write nothing, whatever the
 * panel asks, and the panel is told (no Run offered, the reason given).
 */

const { setUp, shownOf, writes } = usePortalHandlers();

const target = { tenantId: CONTOSO_TENANT_ID, incidentId: '1002' };
const contosoPolicyTenant = { tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' };

async function shownTask(handlers: PortalHandlers, taskId: string) {
  const answer = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
  const task = answer.available ? answer.tasks.find((candidate) => candidate.id === taskId) : undefined;
  if (!task) throw new Error(`task ${taskId} not shown`);
  return { task, shown: { status: task.status, lastModifiedDateTime: task.lastModifiedDateTime, actionStatus: task.actionStatus } };
}

describe('the organisation policy, enforced by the worker', () => {
  it('quick actions locked off: the analyst’s own "on" does not count, nothing is written, the panel says why', async () => {
    const { handlers } = await setUp({ quickActionsEnabled: true });
    await fakeBrowser.storage.managed.set({ quickActions: 'off' });
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
    );
    expect(answer).toMatchObject({ outcome: 'refused', message: 'Your organisation has turned quick actions off in Handoff.' });
    expect(writes()).toEqual([]);
  });

  it("quick actions 'allowed' by policy leave the analyst's choice in force", async () => {
    const { handlers } = await setUp({ quickActionsEnabled: true });
    await fakeBrowser.storage.managed.set({ quickActions: 'allowed' });
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    const answer = quickActionResponseSchema.parse(
      await handlers.quickAction({ type: 'assignIncidentToMe', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown }),
    );
    expect(answer.outcome).toBe('done');
  });

  it('response actions forbidden everywhere: Run is not offered and a Run request writes nothing', async () => {
    const { handlers } = await setUp();
    const before = await shownTask(handlers, '213213');
    expect(before.task.canRun).toBe(true);
    await fakeBrowser.storage.managed.set({ responseActionsAllowed: false });
    expect((await shownTask(handlers, '213213')).task.canRun).toBe(false);
    const answer = completeIncidentTaskResponseSchema.parse(
      await handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '213213', shown: before.shown }),
    );
    expect(answer).toMatchObject({ outcome: 'refused', message: expect.stringContaining('does not allow response actions') });
    expect(writes()).toEqual([]);
  });

  it('response actions forbidden in one tenant only: refused there, the other tenants unaffected', async () => {
    const { handlers } = await setUp();
    const { shown } = await shownTask(handlers, '213213');
    await fakeBrowser.storage.managed.set({
      tenants: [{ ...contosoPolicyTenant, responseActionsAllowed: false }, { tenantId: FABRIKAM_TENANT_ID, displayName: 'Fabrikam', service: 'hunting' }],
    });
    const refused = completeIncidentTaskResponseSchema.parse(
      await handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '213213', shown }),
    );
    expect(refused).toMatchObject({ outcome: 'refused', message: expect.stringContaining('in this tenant') });
    expect(writes()).toEqual([]);

    await fakeBrowser.storage.managed.set({ tenants: [{ ...contosoPolicyTenant, responseActionsAllowed: true }] });
    const ran = completeIncidentTaskResponseSchema.parse(
      await handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '213213', shown }),
    );
    expect(ran.outcome).toBe('done');
  });
});
