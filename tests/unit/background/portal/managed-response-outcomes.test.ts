// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import {
  completeIncidentTaskResponseSchema,
  huntingGuidanceResponseSchema,
  incidentTasksResponseSchema,
} from '@/utils/messages/portal-answers';
import { CONTOSO_TENANT_ID, WOODGROVE_TENANT_ID } from '../../../fixtures/demo-tenants';
import { usePortalHandlers, type PortalHandlers } from './portal-test-harness';
import { useInstantTimers } from '../../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
useInstantTimers();

/**
 * Managed response's other outcomes: each refusal in its words, Graph answers that are not what was
 * asked (another task, an unreadable incident, a 400), and hunting guidance cut to what the panel shows.
 */

const { setUp, writes } = usePortalHandlers();
const target = { tenantId: CONTOSO_TENANT_ID, incidentId: '1002' };

const shownTask = async (handlers: PortalHandlers, taskId: string) => {
  const answer = incidentTasksResponseSchema.parse(await handlers.incidentTasks({ type: 'getIncidentTasks', ...target }));
  const task = answer.available ? answer.tasks.find((candidate) => candidate.id === taskId) : undefined;
  if (!task) throw new Error(`task ${taskId} not shown`);
  return { status: task.status, lastModifiedDateTime: task.lastModifiedDateTime, actionStatus: task.actionStatus };
};

const taskIds = (answer: { tasks: { available: boolean; tasks?: { id: string }[] } }) => answer.tasks.tasks?.map((task) => task.id);
const allTasks = ['1002-1', '1002-2', '1002-3', '1002-4', '213213'];

type Answer = (url: string, init: RequestInit | undefined, response: () => Promise<Response>) => Promise<Response> | null;

/** Puts `answer` in front of the fake cloud: it may rewrite or replace a response, or return null to pass. */
async function withGraph<T>(answer: Answer, body: () => Promise<T>): Promise<T> {
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
    answer(String(input), init, () => realFetch(input, init)) ?? realFetch(input, init),
  );
  try {
    return await body();
  } finally {
    vi.stubGlobal('fetch', realFetch);
  }
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

/** The response's JSON object, changed by `change`. */
async function rewrite(response: Promise<Response>, change: (body: Record<string, unknown>) => void): Promise<Response> {
  const body = (await (await response).json()) as Record<string, unknown>;
  change(body);
  return json(body);
}

describe('task writes: each refusal in its words, nothing written', () => {
  it('without write access: the reason, and the incident’s tasks read with read access', async () => {
    const { handlers } = await setUp({ quickActionsEnabled: false });
    const answer = completeIncidentTaskResponseSchema.parse(
      await handlers.completeIncidentTask({
        type: 'completeIncidentTask',
        ...target,
        taskId: '1002-1',
        shown: { status: 'open', lastModifiedDateTime: null, actionStatus: 'notStarted' },
      }),
    );
    expect(answer).toMatchObject({ outcome: 'refused', message: expect.stringMatching(/^Quick actions are off/) });
    expect(taskIds(answer)).toEqual(allTasks);
    expect(writes()).toEqual([]);
  });

  it('for a tenant that is not set up', async () => {
    const { handlers, cloud } = await setUp();
    const shown = { status: 'open', lastModifiedDateTime: null, actionStatus: 'notStarted' } as const;
    await expect(
      handlers.completeIncidentTask({ type: 'completeIncidentTask', tenantId: WOODGROVE_TENANT_ID, incidentId: '1002', taskId: '1002-1', shown }),
    ).rejects.toThrow('This tenant is not set up in Handoff.');
    expect(cloud.graphRequests()).toEqual([]);
  });

  it('when Graph has no such task (404)', async () => {
    const { handlers } = await setUp();
    const shown = await shownTask(handlers, '1002-1');
    const answer = await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-77', shown });
    expect(answer).toMatchObject({
      outcome: 'refused',
      message: 'Remediation tasks are not available for this tenant (Microsoft Graph beta answered 404). Nothing was written.',
    });
    expect(taskIds(answer)).toEqual(allTasks);
    expect(writes()).toEqual([]);
  });

  it('when Graph answers with another task than the one asked for', async () => {
    const { handlers } = await setUp();
    const shown = await shownTask(handlers, '1002-1');
    const answer = await withGraph(
      (url, init, response) =>
        url.endsWith('/beta/security/incidentTasks/1002-1') && (init?.method ?? 'GET') === 'GET'
          ? rewrite(response(), (body) => (body['id'] = '1002-2'))
          : null,
      () => handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-1', shown }),
    );
    expect(answer).toMatchObject({ outcome: 'refused', message: 'Microsoft Graph has no such task for this incident. Nothing was written.' });
    expect(writes()).toEqual([]);
  });

  it('for a task changed since shown: what it is now', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownTask(handlers, '1002-2');
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncidentTask('1002-2', { status: 'completed' });
    const answer = await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-2', shown });
    expect(answer).toMatchObject({
      outcome: 'conflict',
      message: 'The task changed since it was shown (now: Completed). Nothing was written: check the list and try again.',
    });
    expect(writes()).toEqual([]);
  });

  it('for a run of a task Graph cannot run', async () => {
    const { handlers } = await setUp();
    const shown = await shownTask(handlers, '1002-2');
    const answer = await handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '1002-2', shown });
    expect(answer).toMatchObject({
      outcome: 'refused',
      message: 'Only an open task whose action has not started, of a type Microsoft Graph runs, can be run. Nothing was written.',
    });
    expect(writes()).toEqual([]);
  });

  it('for a run on a redirected (merged) incident', async () => {
    const { handlers, cloud } = await setUp();
    const shown = await shownTask(handlers, '213213');
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1002', { status: 'redirected' });
    const answer = await handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '213213', shown });
    expect(answer).toMatchObject({
      outcome: 'refused',
      message: 'The incident is redirected: its remediation is not run from here. Nothing was written.',
    });
    expect(writes()).toEqual([]);
  });

  it('for a run when Graph’s incident cannot be read', async () => {
    const { handlers } = await setUp();
    const shown = await shownTask(handlers, '213213');
    const answer = await withGraph(
      (url) => (url.includes('/v1.0/security/incidents/1002') ? Promise.resolve(json({ id: '1002', status: 42 })) : null),
      () => handlers.runIncidentTaskAction({ type: 'runIncidentTaskAction', ...target, taskId: '213213', shown }),
    );
    expect(answer).toMatchObject({
      outcome: 'refused',
      message: expect.stringMatching(/^Microsoft Graph's incident 1002 could not be read \(.+\)\. Nothing was written\.$/),
    });
    expect(writes()).toEqual([]);
  });
});

describe('task writes: what Graph answered', () => {
  it('says the task was marked completed', async () => {
    const { handlers } = await setUp();
    const shown = await shownTask(handlers, '1002-1');
    const answer = await handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-1', shown });
    expect(answer).toMatchObject({ outcome: 'done', message: 'Task marked completed.' });
  });

  it('fails with Graph’s words when Graph rejects the write (400), rather than "refused"', async () => {
    const { handlers } = await setUp();
    const shown = await shownTask(handlers, '1002-1');
    await expect(
      withGraph(
        (_url, init) =>
          init?.method === 'PATCH' ? Promise.resolve(json({ error: { code: 'BadRequest', message: 'Invalid status.' } }, 400)) : null,
        () => handlers.completeIncidentTask({ type: 'completeIncidentTask', ...target, taskId: '1002-1', shown }),
      ),
    ).rejects.toThrow(/^Microsoft Graph answered 400: /);
  });

  it('lists a task Graph gives without a parent incident (Graph filtered on this one)', async () => {
    const { handlers } = await setUp();
    const answer = await withGraph(
      (url, _init, response) =>
        /\/beta\/security\/incidentTasks\?/.test(url)
          ? rewrite(response(), (body) => {
              (body['value'] as Record<string, unknown>[])[0]!['incident'] = null;
            })
          : null,
      () => handlers.incidentTasks({ type: 'getIncidentTasks', ...target }),
    );
    expect(answer.available && answer.tasks.map((task) => task.id)).toEqual(allTasks);
  });
});

describe('hunting guidance: what the panel is given', () => {
  const guidanceOf = (handlers: PortalHandlers) =>
    handlers.huntingGuidance({ type: 'getHuntingGuidance', tenantId: CONTOSO_TENANT_ID, incidentId: '1003' });

  it('at most five queries, each and the recommended actions cut at 10,000 characters', async () => {
    const { handlers, cloud } = await setUp();
    const queries = Array.from({ length: 7 }, (_, index) => ({ kqlText: `Q${index} ${'x'.repeat(index === 0 ? 12_000 : 10)}` }));
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1003', {
      recommendedActions: 'a'.repeat(10_500),
      recommendedHuntingQueries: queries,
    } as never);
    const guidance = huntingGuidanceResponseSchema.parse(await guidanceOf(handlers));
    if (!guidance.available) throw new Error(guidance.reason);
    expect(guidance.recommendedActions).toBe('a'.repeat(10_000));
    expect(guidance.huntingQueries.map((query) => query.slice(0, 2))).toEqual(['Q0', 'Q1', 'Q2', 'Q3', 'Q4']);
    expect(guidance.huntingQueries[0]).toHaveLength(10_000);
    expect(guidance.huntingQueries[1]).toBe(queries[1]!.kqlText);
  });

  it('no recommended actions: null, and the queries still shown', async () => {
    const { handlers, cloud } = await setUp();
    cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1003', { recommendedActions: null } as never);
    const guidance = huntingGuidanceResponseSchema.parse(await guidanceOf(handlers));
    expect(guidance).toMatchObject({ available: true, recommendedActions: null });
    expect(guidance.available && guidance.huntingQueries).toHaveLength(2);
  });

  it('says "not available", with why, when Graph’s incident cannot be read', async () => {
    const { handlers } = await setUp();
    const guidance = await withGraph(
      (url) => (url.includes('/beta/security/incidents/1003') ? Promise.resolve(json({ id: '1003', status: 42 })) : null),
      () => guidanceOf(handlers),
    );
    expect(guidance).toMatchObject({
      available: false,
      reason: expect.stringMatching(/^Hunting guidance is not available for this tenant \(.+\)$/),
    });
  });
});
