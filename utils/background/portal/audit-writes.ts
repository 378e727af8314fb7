import type { AuditEntry, AuditResult, AuditState } from '../../domain/audit-log';
import type { BackgroundRequest } from '../../messages/background-requests';
import type { CompleteIncidentTaskResponse, QuickActionResponse } from '../../messages/portal-answers';
import { appendAuditLog } from '../../storage/audit-log-storage';
import { readTenantCache } from '../../storage/tenant-cache-storage';
import { readTenantContext } from './tenant-context';
import { errorMessage } from '../../portal/error-message';

/**
 * Puts every write attempt into the audit log (storage/audit-log-storage.ts): who (the signed-in UPN),
 * which tenant, incident or task, the action, before -> after and the result. Wraps the write: the
 * answer is returned (or the error rethrown) unchanged; a thrown write is logged as "failed".
 */

type IncidentWrite = Extract<
  BackgroundRequest,
  { type: 'assignIncidentToMe' | 'resolveIncident' | 'commentOnIncident' | 'markIncidentReviewed' }
>;
type TaskWrite = Extract<BackgroundRequest, { type: 'completeIncidentTask' | 'runIncidentTaskAction' }>;

const actionNames: Record<IncidentWrite['type'] | TaskWrite['type'], string> = {
  assignIncidentToMe: 'assign to me',
  resolveIncident: 'resolve',
  commentOnIncident: 'comment',
  markIncidentReviewed: 'mark reviewed',
  completeIncidentTask: 'mark task completed',
  runIncidentTaskAction: 'run response action',
};

async function audited<Answer extends { outcome: AuditResult; message: string }>(
  request: IncidentWrite | TaskWrite,
  before: AuditState,
  attempt: () => Promise<Answer>,
  afterOf: (answer: Answer) => AuditState,
  now: () => Date,
): Promise<Answer> {
  const context = await readTenantContext(request.tenantId, now).catch(() => null);
  const entry = (result: AuditResult, after: AuditState, message: string): AuditEntry => ({
    time: now().toISOString(),
    upn: context?.username ?? null,
    tenant: context?.key ?? request.tenantId ?? 'home tenant',
    tenantName: context?.tenant.displayName ?? null,
    incidentId: request.incidentId,
    taskId: 'taskId' in request ? request.taskId : null,
    action: actionNames[request.type],
    before,
    after,
    result,
    message,
  });
  try {
    const answer = await attempt();
    await appendAuditLog(entry(answer.outcome, afterOf(answer), answer.message), now());
    return answer;
  } catch (error) {
    await appendAuditLog(entry('failed', null, errorMessage(error)), now());
    throw error;
  }
}

/** An incident write (quick action): status, assignee and classification before and after. */
export async function auditedIncidentWrite(
  request: IncidentWrite,
  attempt: () => Promise<QuickActionResponse>,
  now: () => Date,
): Promise<QuickActionResponse> {
  const context = await readTenantContext(request.tenantId, now).catch(() => null);
  const cached = context ? ((await readTenantCache(context.key).catch(() => null))?.incidents[request.incidentId] ?? null) : null;
  const before = {
    status: request.shown.status,
    assignedTo: request.shown.assignedTo,
    classification: cached?.incident.classification ?? null,
  };
  return audited(request, before, attempt, (answer) => {
    const incident = answer.view.incident?.incident;
    return incident ? { status: incident.status, assignedTo: incident.assignedTo, classification: incident.classification } : null;
  }, now);
}

/** A task write (managed response): the task's status and actionStatus before and after. */
export function auditedTaskWrite(
  request: TaskWrite,
  attempt: () => Promise<CompleteIncidentTaskResponse>,
  now: () => Date,
): Promise<CompleteIncidentTaskResponse> {
  const before = { status: request.shown.status, actionStatus: request.shown.actionStatus };
  return audited(request, before, attempt, (answer) => {
    const task = answer.tasks.available ? answer.tasks.tasks.find((candidate) => candidate.id === request.taskId) : undefined;
    return task ? { status: task.status, actionStatus: task.actionStatus } : null;
  }, now);
}
