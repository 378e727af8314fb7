import {
  canMarkCompleted,
  canRunResponseAction,
  taskOwnerText,
  type IncidentTask,
  type IncidentTaskActionStatus,
  type IncidentTaskActionType,
  type IncidentTaskStatus,
} from './incident-tasks';

/** A remediation task in words for the incident panel (domain/incident-tasks.ts has the rules). */

export const incidentTaskStatusLabels: Record<IncidentTaskStatus, string> = {
  open: 'Open',
  inProgress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
  notRelevant: 'Not relevant',
  unknownFutureValue: 'Unknown',
};

export const incidentTaskActionStatusLabels: Record<IncidentTaskActionStatus, string> = {
  notStarted: 'Not started',
  inProgress: 'In progress',
  partiallyCompleted: 'Partially completed',
  completed: 'Completed',
  failed: 'Failed',
  unknownFutureValue: 'Unknown',
};

/** actionType in words, for the panel. */
export const incidentTaskActionLabels: Record<IncidentTaskActionType, string> = {
  text: 'Manual step',
  isolateDevice: 'Isolate device',
  stopAndQuarantineFile: 'Stop and quarantine file',
  runAntiVirusScan: 'Run antivirus scan',
  collectInvestigationPackage: 'Collect investigation package',
  restrictAppExecution: 'Restrict app execution',
  submitIocRule: 'Submit indicator (IoC) rule',
  forceUserPasswordReset: 'Force user password reset',
  disableUser: 'Disable user',
  markUserAsCompromised: 'Mark user as compromised',
  requireSignIn: 'Require user to sign in again',
  hardDeleteEmail: 'Hard delete email',
  softDeleteEmail: 'Soft delete email',
  unIsolateDevice: 'Release device from isolation',
  unRestrictAppExecution: 'Remove app execution restriction',
  enableUser: 'Enable user',
  unknownFutureValue: 'Other action',
};

/** The target of the task's response action in words, or null when it has none. */
export function taskTargetText(task: IncidentTask): string | null {
  const action = task.responseAction;
  if (!action) return null;
  const parts = [
    action.identifierValue,
    action.isolationType ? `${action.isolationType} isolation` : null,
    action.deviceId ? `device ${action.deviceId}` : null,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** What the incident panel shows of a task: text only, and what the panel sends back to write it. */
export interface IncidentTaskView {
  id: string;
  action: string;
  description: string | null;
  actionType: IncidentTaskActionType;
  /** What it does: actionType in words. */
  actionText: string;
  /** Its target from responseAction, or null. */
  targetText: string | null;
  status: IncidentTaskStatus;
  statusText: string;
  actionStatus: IncidentTaskActionStatus | null;
  actionStatusText: string | null;
  ownerText: string;
  createdBy: string | null;
  createdDateTime: string | null;
  lastModifiedBy: string | null;
  lastModifiedDateTime: string | null;
  canMarkCompleted: boolean;
  canRun: boolean;
}

export function incidentTaskViewOf(task: IncidentTask): IncidentTaskView {
  return {
    id: task.id,
    action: task.displayName ?? '(untitled task)',
    description: task.description,
    actionType: task.actionType,
    actionText: incidentTaskActionLabels[task.actionType],
    targetText: taskTargetText(task),
    status: task.status,
    statusText: incidentTaskStatusLabels[task.status],
    actionStatus: task.actionStatus,
    actionStatusText: task.actionStatus === null ? null : incidentTaskActionStatusLabels[task.actionStatus],
    ownerText: taskOwnerText(task),
    createdBy: task.createdByDisplayName,
    createdDateTime: task.createdDateTime,
    lastModifiedBy: task.lastModifiedByDisplayName,
    lastModifiedDateTime: task.lastModifiedDateTime,
    canMarkCompleted: canMarkCompleted(task),
    canRun: canRunResponseAction(task),
  };
}
