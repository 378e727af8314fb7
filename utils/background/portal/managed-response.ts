import {
  canMarkCompleted,
  incidentTaskSchema,
  incidentTasksFilter,
  incidentTaskStatusLabels,
  incidentTaskViewOf,
  parseIncidentTasks,
  taskChangedSince,
} from '../../domain/incident-tasks';
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
import { betaUnavailableReason, notAvailable, panelError, refusedWrite } from './graph-refusals';
import { tenantNotSetUp } from './portal-views';
import { readTenantContext, tenantGraphs, type PortalDeps } from './tenant-context';

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

/** The incident's tasks from Graph beta; "not available" when beta refuses or fails, never an error. */
async function readTasks(graph: GraphClient, incidentId: string): Promise<IncidentTasksResponse> {
  try {
    const { tasks } = parseIncidentTasks(await graph.listIncidentTasks(incidentTasksFilter(incidentId)));
    return { ok: true, available: true, tasks: tasks.filter((task) => task.incidentId === incidentId).map(incidentTaskViewOf) };
  } catch (error) {
    return notAvailable(betaUnavailableReason(error, remediationTasksUnavailable));
  }
}

export function createManagedResponse(deps: Pick<PortalDeps, 'broker' | 'now'>) {
  const { broker, now } = deps;

  async function incidentTasks(request: RequestOf<'getIncidentTasks'>): Promise<IncidentTasksResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) return notAvailable(tenantNotSetUp);
    return readTasks(tenantGraphs(broker, context)('read', 'beta'), request.incidentId);
  }

  /**
   * Marks a guided-response task completed, like a quick action: only when the task is as the panel
   * showed it and still open; every answer carries the task list as it is now.
   */
  async function completeIncidentTask(request: RequestOf<'completeIncidentTask'>): Promise<CompleteIncidentTaskResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) throw new Error(tenantNotSetUp);
    const graphs = tenantGraphs(broker, context);
    const reply = async (outcome: QuickActionOutcome, message: string, graph: GraphClient | null): Promise<CompleteIncidentTaskResponse> => ({
      ok: true,
      outcome,
      message,
      tasks: await readTasks(graph ?? graphs('read', 'beta'), request.incidentId),
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
    if (!current.success || current.data.incidentId !== request.incidentId) {
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
    if (!canMarkCompleted(task)) return reply('refused', 'Only an open guided-response task can be marked completed.', graph);
    try {
      await graph.patchIncidentTask(task.id, { status: 'completed' });
    } catch (error) {
      const refused = await refusedWrite(error, request.tenantId, context, now);
      if (!refused) throw panelError(error, request.incidentId);
      return reply('refused', refused.reason, graph);
    }
    await adjustOpenGuidedTasks(context.key, -1);
    return reply('done', 'Task marked completed.', graph);
  }

  async function huntingGuidance(request: RequestOf<'getHuntingGuidance'>): Promise<HuntingGuidanceResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) return notAvailable(tenantNotSetUp);
    const graph = tenantGraphs(broker, context)('read', 'beta');
    try {
      const parsed = parseIncident(await graph.getIncident(request.incidentId));
      if (!parsed.ok) return notAvailable(`${huntingGuidanceUnavailable} (${parsed.error.message})`);
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

  return { incidentTasks, completeIncidentTask, huntingGuidance };
}
