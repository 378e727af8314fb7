// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import {
  completeIncidentTaskResponseSchema,
  huntingGuidanceResponseSchema,
  incidentTasksResponseSchema,
} from '@/utils/messages/portal-answers';
import { tenantDataPurges } from '@/utils/background/purge-log';
import { listExpertHuntQueries } from '@/utils/storage/hunt-queries-storage';
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
    return { status: task.status, lastModifiedDateTime: task.lastModifiedDateTime, actionStatus: task.actionStatus };
  };
  const requests = (cloud: { graphRequests(): { method: string; path: string; bodyText?: string; bodyJson?: unknown }[] }) =>
    cloud.graphRequests().map((request) => [request.method, request.path]);

  it('lists an incident’s tasks from beta as text views', async () => {
    const { handlers, cloud } = await setUp();
    const answer = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
    if (!answer.available) throw new Error(answer.reason);
    expect(answer.tasks.map((task) => [task.id, task.status, task.canMarkCompleted, task.canRun])).toEqual([
      ['1002-1', 'open', true, false],
      ['1002-2', 'open', true, false],
      ['1002-3', 'completed', false, false],
      ['1002-4', 'completed', false, false],
      ['213213', 'open', false, true],
    ]);
    // The documented example: source defenderExpertsXDR, shown as the partner's, with its target.
    expect(answer.tasks.at(-1)).toMatchObject({
      action: 'Isolate device testmachine20',
      actionText: 'Isolate device',
      targetText: '02851525-dc00-438b-83f5-3b2947bf4a48 · full isolation',
      ownerText: 'Defender Experts: yours to do',
      actionStatusText: 'Not started',
    });
    expect(cloud.graphRequests().map((request) => [request.path, request.query.get('$filter'), request.query.get('$top')])).toEqual([
      ['/beta/security/incidentTasks', "incidentId eq '1002'", '500'],
    ]);
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

  it('writes nothing for a task changed since shown, a managed task, a task of another incident, or without write access', async () => {
    const { handlers, cloud } = await setUp();
    // Each case checks its own writes: the request log is cleared before each one, never in the middle.
    const shown = await shownTask(handlers, '1002-2');
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncidentTask('1002-2', { status: 'inProgress' });
    cloud.clearRequests();
    const conflict = await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-2', shown });
    expect(conflict.outcome).toBe('conflict');
    expect(writes()).toEqual([]);

    const managedShown = await shownTask(handlers, '1002-3');
    cloud.clearRequests();
    const managed = await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-3', shown: managedShown });
    expect(managed).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/^Only an open task of yours/) });
    expect(writes()).toEqual([]);

    // An open task of incident 1002, asked for through incident 1009's panel: Graph has no such task there.
    const ownShown = await shownTask(handlers, '1002-1');
    cloud.clearRequests();
    const elsewhere = await handlers.completeIncidentTask({
      type: 'completeIncidentTask',
      tenantId: CONTOSO_TENANT_ID,
      incidentId: '1009',
      taskId: '1002-1',
      shown: ownShown,
    });
    expect(elsewhere).toMatchObject({ outcome: 'refused', message: 'Microsoft Graph has no such task for this incident. Nothing was written.' });
    expect(writes()).toEqual([]);

    const readOnly = await setUp({ quickActionsEnabled: false });
    const refused = await readOnly.handlers.completeIncidentTask({
      type: 'completeIncidentTask',
      ...target,
      taskId: '1002-1',
      shown: { status: 'open', lastModifiedDateTime: null, actionStatus: 'notStarted' },
    });
    expect(refused.outcome).toBe('refused');
    expect(writes()).toEqual([]);
  });

  it('lists only the incident’s own tasks, even when Graph’s answer names another incident', async () => {
    const { handlers } = await setUp();
    const realFetch = globalThis.fetch;
    // Graph filters on incidentId; should an answer carry another incident's task, the panel never shows it.
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await realFetch(input, init);
      if (!/\/beta\/security\/incidentTasks\?/.test(String(input))) return response;
      const body = (await response.json()) as { value: Record<string, unknown>[] };
      body.value.push({ ...body.value[0]!, id: '9999-1', incident: { id: '9999' } }); // Graph's shape: the parent incident
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    });
    try {
      const answer = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
      if (!answer.available) throw new Error(answer.reason);
      expect(answer.tasks.map((task) => task.id)).toEqual(['1002-1', '1002-2', '1002-3', '1002-4', '213213']);
    } finally {
      vi.stubGlobal('fetch', realFetch);
    }
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

  it('runs an isolateDevice task: re-reads it and the incident, POSTs executeResponseAction with no body, shows the progress', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownTask(handlers, '213213');
    cloud.clearRequests();
    const answer = completeIncidentTaskResponseSchema.parse(
      await handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '213213', shown }),
    );
    expect(answer).toMatchObject({ outcome: 'done', message: 'Isolate device (02851525-dc00-438b-83f5-3b2947bf4a48 · full isolation) started.' });
    const writes_ = writes();
    expect(writes_.map((request) => [request.method, request.path, request.bodyText ?? ''])).toEqual([
      ['POST', '/beta/security/incidentTasks/213213/executeResponseAction', ''],
    ]);
    expect(writes_[0]?.status).toBe(204);
    expect(requests(cloud)).toEqual([
      ['GET', '/beta/security/incidentTasks/213213'],
      ['GET', '/v1.0/security/incidents/1002'],
      ['POST', '/beta/security/incidentTasks/213213/executeResponseAction'],
      ['GET', '/beta/security/incidentTasks'],
    ]);
    const task = answer.tasks.available ? answer.tasks.tasks.find((candidate) => candidate.id === '213213') : undefined;
    expect(task).toMatchObject({ actionStatus: 'inProgress', actionStatusText: 'In progress', canRun: false });
  });

  it('runs nothing for a task changed since shown, an unsupported action type, or a resolved incident', async () => {
    const { handlers, cloud } = await setUp();
    const tenant = cloud.graph.tenant(CONTOSO_TENANT_ID);
    const shown = await shownTask(handlers, '213213');
    const run = (taskId: string, version = shown) => handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId, shown: version });

    tenant.updateIncidentTask('213213', { actionStatus: 'inProgress', lastModifiedDateTime: shown.lastModifiedDateTime ?? undefined });
    expect((await run('213213')).outcome).toBe('conflict');
    tenant.updateIncidentTask('213213', { actionStatus: 'notStarted', lastModifiedDateTime: shown.lastModifiedDateTime ?? undefined });
    tenant.updateIncidentTask('213213', {});
    expect((await run('213213')).outcome).toBe('conflict');

    const reset = await shownTask(handlers, '1002-2');
    expect(await run('1002-2', reset)).toMatchObject({ outcome: 'refused' });

    const fresh = await shownTask(handlers, '213213');
    tenant.updateIncident('1002', { status: 'resolved' });
    expect(await run('213213', fresh)).toMatchObject({ outcome: 'refused', message: expect.stringContaining('resolved') });
    expect(await handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', tenantId: CONTOSO_TENANT_ID, incidentId: '1009', taskId: '213213', shown: fresh })).toMatchObject({
      outcome: 'refused',
      message: expect.stringContaining('no such task'),
    });
    const readOnly = await setUp({ quickActionsEnabled: false });
    expect((await readOnly.handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '213213', shown: fresh })).outcome).toBe('refused');
    expect(writes()).toHaveLength(0);
  });

  it('says "not available" when the task list answers 403', async () => {
    const { handlers, cloud } = await setUp();
    cloud.graph.tenant(CONTOSO_TENANT_ID).role = 'none';
    expect(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target })).toEqual({
      ok: true,
      available: false,
      reason: 'Remediation tasks are not available for this tenant (Microsoft Graph beta answered 403).',
    });
  });

  it('reads hunting guidance from beta, and says "not available" when beta answers 404', async () => {
    const { handlers, cloud } = await setUp();
    const guidance = huntingGuidanceResponseSchema.parse(
      await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1003' }),
    );
    if (!guidance.available) throw new Error(guidance.reason);
    expect(guidance.recommendedActions).toBe(
      'Isolate CONTOSO-SRV-FS01 and CONTOSO-WS-0201. Reset the credentials of svc-backup. Review the results of the hunting queries below for other affected devices.',
    );
    expect(guidance.huntingQueries).toEqual([
      'DeviceProcessEvents\n| where Timestamp > ago(7d)\n| where FileName =~ "rclone.exe"\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine',
      'DeviceLogonEvents\n| where Timestamp > ago(7d)\n| where AccountName =~ "svc-backup" and LogonType == "RemoteInteractive"',
    ]);

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

  it('remembers the incident’s hunting queries with their source incident for the Hunt page, only when read', async () => {
    const { handlers, cloud } = await setUp();
    const before = Date.now();
    await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1003' });
    const title = cloud.graph.tenant(CONTOSO_TENANT_ID).incident('1003')?.['displayName'];
    const remembered = await listExpertHuntQueries();
    expect(remembered.map(({ seenAt, ...query }) => query)).toEqual([
      {
        tenantKey: CONTOSO_TENANT_ID,
        incidentId: '1003',
        index: 0,
        query: 'DeviceProcessEvents\n| where Timestamp > ago(7d)\n| where FileName =~ "rclone.exe"\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine',
        incidentTitle: title,
      },
      {
        tenantKey: CONTOSO_TENANT_ID,
        incidentId: '1003',
        index: 1,
        query: 'DeviceLogonEvents\n| where Timestamp > ago(7d)\n| where AccountName =~ "svc-backup" and LogonType == "RemoteInteractive"',
        incidentTitle: title,
      },
    ]);
    expect(typeof title).toBe('string');
    expect(remembered.every((query) => query.seenAt >= before && query.seenAt <= Date.now())).toBe(true);

    cloud.graph.setBetaAvailable(CONTOSO_TENANT_ID, false);
    await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1005' });
    expect(await listExpertHuntQueries()).toHaveLength(2);
  });

  it('remembers no query of a tenant purged (removed, signed out) while its incident was read', async () => {
    const { handlers } = await setUp();
    const fetch = globalThis.fetch;
    let purgedDuringRead = 0;
    vi.stubGlobal('fetch', async (...args: Parameters<typeof globalThis.fetch>) => {
      if (String(args[0] instanceof Request ? args[0].url : args[0]).includes('/beta/security/incidents/')) {
        tenantDataPurges.record(purgedDuringRead++ === 0 ? [CONTOSO_TENANT_ID] : 'all');
      }
      return fetch(...args);
    });
    try {
      const guidance = await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1003' });
      expect(guidance).toMatchObject({ ok: true, available: true });
      await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1003' });
      expect(purgedDuringRead).toBe(2);
      expect(await listExpertHuntQueries()).toEqual([]);
    } finally {
      vi.stubGlobal('fetch', fetch);
    }
  });

  it('says "not available" for a tenant that is not set up, without asking Graph', async () => {
    const { handlers, cloud } = await setUp();
    const notSetUp = { ok: true, available: false, reason: 'This tenant is not set up in Handoff.' };
    expect(await handlers.incidentTasks({ type: 'getIncidentTasks', tenantId: null, incidentId: '1002' })).toEqual(notSetUp);
    expect(await handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: null, incidentId: '1003' })).toEqual(notSetUp);
    expect(cloud.graphRequests()).toEqual([]);
  });
});
