// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  completeIncidentTaskResponseSchema,
  huntingGuidanceResponseSchema,
  incidentTasksResponseSchema,
} from '@/utils/messages/portal-answers';
import { readTenantSummaries, writeTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { readWriteRefusal } from '@/utils/storage/write-refusal-storage';
import { CONTOSO_TENANT_ID } from '../../../fixtures/demo-tenants';
import { usePortalHandlers, type PortalHandlers } from './portal-test-harness';

/** Managed response and hunting guidance (Graph beta): listed, completed, or "not available". */

const { setUp, writes } = usePortalHandlers();

describe('managed response and hunting guidance (Graph beta)', () => {
  const target = { tenantId: CONTOSO_TENANT_ID, incidentId: '1002' };
  /** The task as the panel would show it: read through the handlers, as the panel does. */
  const shownTask = async (handlers: PortalHandlers, taskId: string) => {
    const answer = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
    const task = answer.available ? answer.tasks.find((candidate) => candidate.id === taskId) : undefined;
    if (!task) throw new Error(`task ${taskId} not shown`);
    return { status: task.status, lastUpdateDateTime: task.lastUpdateDateTime };
  };

  it('lists an incident’s tasks from beta as text views', async () => {
    const { handlers, cloud } = await setUp();
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
    const { handlers, cloud } = await setUp();
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
    const { handlers, cloud } = await setUp();
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

  it('remembers Graph’s 403 on completing a task, and then refuses without writing', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownTask(handlers, '1002-1');
    cloud.graph.tenant(CONTOSO_TENANT_ID).role = 'reader';
    cloud.clearRequests();
    const request = { type: 'completeIncidentTask', ...target, taskId: '1002-1', shown } as const;
    const first = completeIncidentTaskResponseSchema.parse(await handlers.completeIncidentTask(request));
    expect(first.outcome).toBe('refused');
    expect(first.message).toMatch(/^Read-only in Contoso: Microsoft Graph refused a change \(403\)/);
    expect(first.tasks.available && first.tasks.tasks[0]?.status).toBe('open');
    expect(writes().map((write) => write.status)).toEqual([403]);
    expect(await readWriteRefusal(CONTOSO_TENANT_ID)).not.toBeNull();

    cloud.clearRequests();
    const second = await handlers.completeIncidentTask(request);
    expect(second.outcome).toBe('refused');
    expect(writes()).toEqual([]);
  });

  it('reads hunting guidance from beta, and says "not available" when beta answers 404', async () => {
    const { handlers, cloud } = await setUp();
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

  it('says "not available" for a tenant that is not set up, without asking Graph', async () => {
    const { handlers, cloud } = await setUp();
    const notSetUp = { ok: true, available: false, reason: 'This tenant is not set up in Handoff.' };
    expect(await handlers.incidentTasks({ type: 'getIncidentTasks', tenantId: null, incidentId: '1002' })).toEqual(notSetUp);
    expect(await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: null, incidentId: '1003' })).toEqual(notSetUp);
    expect(cloud.graphRequests()).toEqual([]);
  });
});
