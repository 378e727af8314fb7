import {
  canMarkCompleted,
  canRunResponseAction,
  incidentTaskSchema,
  incidentTasksFilter,
  parseIncidentTasks,
  taskChangedSince,
  type IncidentTask,
} from '../../domain/incident-tasks';
import { incidentTaskActionLabels, incidentTaskStatusLabels, incidentTaskViewOf, taskTargetText } from '../../domain/incident-task-views';
import { parseIncident } from '../../domain/parse-incidents';
import type { GraphClient } from '../../graph/graph-client';
import type { BackgroundRequest } from '../../messages/background-requests';
import type {
  CompleteIncidentTaskResponse,
  HuntingGuidanceResponse,
  IncidentTasksResponse,
  QuickActionOutcome,
} from '../../messages/portal-answers';
import { adjustOpenGuidedTasks } from '../../storage/tenant-summaries-storage';
import { responseActionsRefusal } from '../../domain/managed-policy';
import { readEffectiveSettings } from '../../storage/settings-storage';
import { withoutRun } from '../../portal/quick-action-rules';
import { rememberIncidentHuntQueries } from '../hunt-drafts';
import { tenantDataPurges } from '../purge-log';
import { auditedTaskWrite } from './audit-writes';
import { betaUnavailableReason, notAvailable, panelError, refusedWrite } from './graph-refusals';
import { tenantNotSetUp } from './portal-views';
import { readTenantContext, tenantGraphs, type PortalDeps, type TenantContext, type TenantGraphs } from './tenant-context';

/**
 * Defender Experts' managed response in the panel: the incident's remediation tasks (list, mark a
 * guided one completed) and its hunting guidance. Both live in Graph beta, which a tenant may not have:
 * a 403/404 or failure answers "not available", never an error, so the rest of the panel goes on.
 */

type RequestOf<Type extends BackgroundRequest['type']> = Extract<BackgroundRequest, { type: Type }>;

const remediationTasksUnavailable = 'Remediation tasks are not available for this tenant';
const huntingGuidanceUnavailable = 'Hunting guidance is not available for this tenant';
const huntingQueriesShown = 5;
const guidanceTextLimit = 10_000;

/** Why the organisation's policy forbids Run (response actions) in the tenant, or null. */
async function runRefusal(tenantKey: string): Promise<string | null> {
  return responseActionsRefusal((await readEffectiveSettings()).managed, tenantKey);
}

/**
 * The incident's tasks from Graph beta; "not available" when beta refuses or fails, never an error. Where
 * the policy forbids response actions, no task offers Run.
 */
async function readTasks(graph: GraphClient, incidentId: string, tenantKey: string): Promise<IncidentTasksResponse> {
  try {
    const { tasks } = parseIncidentTasks(await graph.listIncidentTasks(incidentTasksFilter(incidentId)));
    // Graph filtered on the incident already; a task naming another incident is not shown.
    const own = tasks.filter((task) => task.incidentId === null || task.incidentId === incidentId);
    const runBlocked = (await runRefusal(tenantKey)) !== null;
    return { ok: true, available: true, tasks: own.map(incidentTaskViewOf).map((view) => withoutRun(view, runBlocked)) };
  } catch (error) {
    return notAvailable(betaUnavailableReason(error, remediationTasksUnavailable));
  }
}

export function createManagedResponse(deps: Pick<PortalDeps, 'broker' | 'now'>) {
  const { broker, now } = deps;

  async function incidentTasks(request: RequestOf<'getIncidentTasks'>): Promise<IncidentTasksResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) return notAvailable(tenantNotSetUp);
    return readTasks(tenantGraphs(broker, context)('read', 'beta'), request.incidentId, context.key);
  }

  type TaskWriteRequest = RequestOf<'completeIncidentTask'> | RequestOf<'runIncidentTaskAction'>;

  /**
   * A write to one task, like a quick action: only with write access, for a task of this incident that is
   * exactly as the panel showed it, and (for a run) on an incident that is not resolved or redirected.
   * Nothing is written otherwise; every answer carries the incident's tasks as they are now.
   */
  function writeTask(
    request: TaskWriteRequest,
    allowed: (task: IncidentTask, graphs: TenantGraphs, context: TenantContext) => string | null | Promise<string | null>,
    write: (graph: GraphClient, task: IncidentTask, context: TenantContext) => Promise<string>,
  ): Promise<CompleteIncidentTaskResponse> {
    // Every attempt, whatever its outcome, goes into the audit log (audit-writes.ts).
    return auditedTaskWrite(request, () => attemptTaskWrite(request, allowed, write), now);
  }

  async function attemptTaskWrite(
    request: TaskWriteRequest,
    allowed: (task: IncidentTask, graphs: TenantGraphs, context: TenantContext) => string | null | Promise<string | null>,
    write: (graph: GraphClient, task: IncidentTask, context: TenantContext) => Promise<string>,
  ): Promise<CompleteIncidentTaskResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) throw new Error(tenantNotSetUp);
    const graphs = tenantGraphs(broker, context);
    const reply = async (outcome: QuickActionOutcome, message: string, graph: GraphClient | null): Promise<CompleteIncidentTaskResponse> => ({
      ok: true,
      outcome,
      message,
      tasks: await readTasks(graph ?? graphs('read', 'beta'), request.incidentId, context.key),
    });
    if (!context.writeAccess.allowed) return reply('refused', context.writeAccess.reason ?? 'Not allowed.', null);

    const graph = graphs('write', 'beta');
    let read: unknown;
    try {
      read = await graph.getIncidentTask(request.taskId);
    } catch (error) {
      return reply('refused', `${betaUnavailableReason(error, remediationTasksUnavailable)} Nothing was written.`, graph);
    }
    const current = incidentTaskSchema.safeParse(read);
    if (!current.success || current.data.incidentId !== request.incidentId || current.data.id !== request.taskId) {
      return reply('refused', 'Microsoft Graph has no such task for this incident. Nothing was written.', graph);
    }
    const task = current.data;
    if (taskChangedSince(request.shown, task)) {
      return reply(
        'conflict',
        `The task changed since it was shown (now: ${incidentTaskStatusLabels[task.status]}). Nothing was written: check the list and try again.`,
        graph,
      );
    }
    const refusal = await allowed(task, graphs, context);
    if (refusal !== null) return reply('refused', `${refusal} Nothing was written.`, graph);
    try {
      return reply('done', await write(graph, task, context), graph);
    } catch (error) {
      const refused = await refusedWrite(error, request.tenantId, context, now);
      if (!refused) throw panelError(error, request.incidentId);
      return reply('refused', refused.reason, graph);
    }
  }

  /** Marks a task the partner did by hand completed: PATCH { status: 'completed' } and nothing else. */
  function completeIncidentTask(request: RequestOf<'completeIncidentTask'>): Promise<CompleteIncidentTaskResponse> {
    return writeTask(
      request,
      (task) => (canMarkCompleted(task) ? null : 'Only an open task of yours that Microsoft Graph cannot run can be marked completed.'),
      async (graph, task, context) => {
        await graph.patchIncidentTask(task.id, { status: 'completed' });
        await adjustOpenGuidedTasks(context.key, -1);
        return 'Task marked completed.';
      },
    );
  }

  /**
   * Runs the task's remediation (POST executeResponseAction, no body, 204): an open task of an executable
   * type whose action has not started, on an incident that is neither resolved nor redirected. The
   * answer's task list is read after the 204, so the panel shows the action's progress.
   */
  function runIncidentTaskAction(request: RequestOf<'runIncidentTaskAction'>): Promise<CompleteIncidentTaskResponse> {
    return writeTask(
      request,
      async (task, graphs, context) => {
        // The organisation's policy may forbid response actions, everywhere or in this tenant.
        const forbidden = await runRefusal(context.key);
        if (forbidden !== null) return forbidden;
        if (!canRunResponseAction(task)) return 'Only an open task whose action has not started, of a type Microsoft Graph runs, can be run.';
        const incident = parseIncident(await graphs('write').getIncident(request.incidentId));
        if (!incident.ok) return `Microsoft Graph's incident ${request.incidentId} could not be read (${incident.error.message}).`;
        const { status } = incident.incident;
        if (status === 'resolved' || status === 'redirected') return `The incident is ${status}: its remediation is not run from here.`;
        return null;
      },
      async (graph, task) => {
        await graph.executeIncidentTaskResponseAction(task.id);
        const target = taskTargetText(task);
        return `${incidentTaskActionLabels[task.actionType]}${target ? ` (${target})` : ''} started.`;
      },
    );
  }

  async function huntingGuidance(request: RequestOf<'getHuntingGuidance'>): Promise<HuntingGuidanceResponse> {
    // Before the read: a purge of the tenant meanwhile (removed, signed out) must not get its queries back.
    const mark = tenantDataPurges.mark();
    const context = await readTenantContext(request.tenantId, now);
    if (!context) return notAvailable(tenantNotSetUp);
    const graph = tenantGraphs(broker, context)('read', 'beta');
    try {
      const parsed = parseIncident(await graph.getIncident(request.incidentId));
      if (!parsed.ok) return notAvailable(`${huntingGuidanceUnavailable} (${parsed.error.message})`);
      // The Hunt page offers them with their source incident (issue 16); never fails the answer.
      await rememberIncidentHuntQueries(context.key, parsed.incident, now().getTime(), mark);
      return {
        ok: true,
        available: true,
        recommendedActions: parsed.incident.recommendedActions?.slice(0, guidanceTextLimit) ?? null,
        huntingQueries: parsed.incident.recommendedHuntingQueries
          .slice(0, huntingQueriesShown)
          .map((query) => query.kqlText.slice(0, guidanceTextLimit)),
      };
    } catch (error) {
      return notAvailable(betaUnavailableReason(error, huntingGuidanceUnavailable));
    }
  }

  return { incidentTasks, completeIncidentTask, runIncidentTaskAction, huntingGuidance };
}
