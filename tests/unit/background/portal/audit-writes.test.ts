// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { incidentTasksResponseSchema } from '@/utils/messages/portal-answers';
import { readAuditLog } from '@/utils/storage/audit-log-storage';
import { CONTOSO_TENANT_ID, DEMO_ANALYST, DEMO_COLLEAGUE } from '../../../fixtures/demo-tenants';
import { usePortalHandlers } from './portal-test-harness';

/** Every write attempt (issue 11, "an audit log of writes"): who, tenant, target, before -> after, result. */

const { setUp, shownOf } = usePortalHandlers();

describe('the audit log of writes', () => {
  it('records a quick action done and one refused by a conflict', async () => {
    const { handlers, cloud } = await setUp();
    await handlers.quickAction({
      type: 'assignIncidentToMe',
      tenantId: CONTOSO_TENANT_ID,
      incidentId: '1008',
      shown: await shownOf(CONTOSO_TENANT_ID, '1008'),
    });
    const shown = await shownOf(CONTOSO_TENANT_ID, '1008');
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1008', { assignedTo: DEMO_COLLEAGUE.upn });
    await handlers.quickAction({ type: 'commentOnIncident', tenantId: CONTOSO_TENANT_ID, incidentId: '1008', shown, comment: 'x' });
    const log = await readAuditLog();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      upn: DEMO_ANALYST.upn,
      tenant: CONTOSO_TENANT_ID,
      incidentId: '1008',
      taskId: null,
      action: 'assign to me',
      before: { assignedTo: null },
      after: { assignedTo: DEMO_ANALYST.upn },
      result: 'done',
    });
    expect(log[1]).toMatchObject({ action: 'comment', result: 'conflict', after: { assignedTo: DEMO_COLLEAGUE.upn } });
  });

  it('records a task marked completed, with its status before and after', async () => {
    const { handlers } = await setUp();
    const target = { tenantId: CONTOSO_TENANT_ID, incidentId: '1002' };
    const tasks = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
    const task = tasks.available ? tasks.tasks.find((candidate) => candidate.id === '1002-1') : undefined;
    if (!task) throw new Error('task not shown');
    const shown = { status: task.status, lastModifiedDateTime: task.lastModifiedDateTime, actionStatus: task.actionStatus };
    await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-1', shown });
    expect(await readAuditLog()).toMatchObject([
      { taskId: '1002-1', action: 'mark task completed', before: { status: 'open' }, after: { status: 'completed' }, result: 'done' },
    ]);
  });
});
