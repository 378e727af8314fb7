import type { CompleteIncidentTaskResponse, IncidentTasksResponse, QuickActionResponse } from '../../messages/portal-answers';
import { classificationLabels, determinationLabel } from '../../portal/quick-action-rules';
import type { DestructiveWrite, PendingWriteView, WriteConfirmations } from '../write-confirmations';
import { readTenantContext } from './tenant-context';

/**
 * The gate in front of the destructive writes (SECURITY.md, threat 3): the analyst confirms resolve and
 * run in Handoff's own confirm window (write-confirmations.ts) before the write path runs; without that
 * yes the panel is answered "not confirmed" with the incident or tasks as they are, and nothing is
 * written. What the window shows comes from the worker (the request, the configured tenant, the task
 * as Graph has it), never from the page.
 */

export const notConfirmedMessage = 'Not confirmed in Handoff’s confirmation window: nothing was written.';

interface GateDeps {
  confirmations: WriteConfirmations;
  refreshIncident(request: { type: 'refreshIncident'; tenantId: string | null; incidentId: string }): Promise<QuickActionResponse>;
  incidentTasks(request: { type: 'getIncidentTasks'; tenantId: string | null; incidentId: string }): Promise<IncidentTasksResponse>;
  now: () => Date;
}

async function describe(request: DestructiveWrite, deps: GateDeps): Promise<Omit<PendingWriteView, 'expiresAt'>> {
  const context = await readTenantContext(request.tenantId, deps.now);
  const tenant = context ? `${context.tenant.displayName} (${context.key})` : (request.tenantId ?? 'your own tenant');
  if (request.type === 'resolveIncident') {
    return {
      title: `Resolve incident ${request.incidentId}?`,
      lines: [
        `Tenant: ${tenant}`,
        `Incident: ${request.incidentId}`,
        `Classification: ${classificationLabels[request.classification]}`,
        `Determination: ${determinationLabel(request.determination)}`,
        `Comment: ${request.comment}`,
      ],
      confirmLabel: 'Resolve incident',
    };
  }
  // Best effort: without the task the window still names incident and task id.
  const tasks = await Promise.resolve()
    .then(() => deps.incidentTasks({ type: 'getIncidentTasks', tenantId: request.tenantId, incidentId: request.incidentId }))
    .catch(() => null);
  const task = tasks?.available ? tasks.tasks.find((candidate) => candidate.id === request.taskId) : undefined;
  return {
    title: `Run ${task ? task.actionText.toLowerCase() : 'the response action'}?`,
    lines: [
      `Tenant: ${tenant}`,
      `Incident: ${request.incidentId}`,
      `Task: ${task ? task.action : request.taskId}`,
      ...(task ? [`Action: ${task.actionText}`] : []),
      ...(task?.targetText ? [`Target: ${task.targetText}`] : []),
    ],
    confirmLabel: 'Run response action',
  };
}

/** Resolves true only after the analyst's yes in the confirm window. */
export async function confirmDestructiveWrite(request: DestructiveWrite, deps: GateDeps): Promise<boolean> {
  return deps.confirmations.confirm(await describe(request, deps));
}

/** The panel's answer when the analyst did not confirm: nothing written, the current state. */
export async function notConfirmed(
  request: DestructiveWrite,
  deps: GateDeps,
): Promise<QuickActionResponse | CompleteIncidentTaskResponse> {
  const target = { tenantId: request.tenantId, incidentId: request.incidentId };
  if (request.type === 'resolveIncident') {
    const current = await deps.refreshIncident({ type: 'refreshIncident', ...target });
    return { ...current, action: 'resolve', outcome: 'refused', message: notConfirmedMessage };
  }
  const tasks = await deps.incidentTasks({ type: 'getIncidentTasks', ...target });
  return { ok: true, outcome: 'refused', message: notConfirmedMessage, tasks };
}
