import { z } from 'zod';

/**
 * Defender Experts' remediation tasks (Graph beta: /beta/security/incidentTasks), as Microsoft ships them
 * (SecurityNamespace.IncidentTask in @microsoft/microsoft-graph-types-beta; security-list-incidenttasks.md,
 * docs/reference/graph-security-api.md). The parent is `incident: { id }` (there is no incidentId); the
 * version is lastModifiedDateTime. The schema is tolerant: an enum value Microsoft adds later (the
 * documented example already answers source "defenderExpertsXDR") keeps the task, never drops it.
 */
export const incidentTaskStatusSchema = z
  .enum(['open', 'inProgress', 'completed', 'failed', 'notRelevant', 'unknownFutureValue'])
  .catch('unknownFutureValue');
export type IncidentTaskStatus = z.infer<typeof incidentTaskStatusSchema>;

export const incidentTaskActionTypes = [
  'text',
  'isolateDevice',
  'stopAndQuarantineFile',
  'runAntiVirusScan',
  'collectInvestigationPackage',
  'restrictAppExecution',
  'submitIocRule',
  'forceUserPasswordReset',
  'disableUser',
  'markUserAsCompromised',
  'requireSignIn',
  'hardDeleteEmail',
  'softDeleteEmail',
  'unIsolateDevice',
  'unRestrictAppExecution',
  'enableUser',
  'unknownFutureValue',
] as const;
export type IncidentTaskActionType = (typeof incidentTaskActionTypes)[number];
/** A task without actionType is a text task (what the partner does by hand). */
export const incidentTaskActionTypeSchema = z.enum(incidentTaskActionTypes).nullish().transform((value) => value ?? 'text').catch('unknownFutureValue');

export const incidentTaskActionStatusSchema = z
  .enum(['notStarted', 'inProgress', 'partiallyCompleted', 'completed', 'failed', 'unknownFutureValue'])
  .catch('unknownFutureValue');
export type IncidentTaskActionStatus = z.infer<typeof incidentTaskActionStatusSchema>;

/** The only action types executeResponseAction runs (security-incidenttask-executeresponseaction.md); others: 400. */
export const executableActionTypes = [
  'collectInvestigationPackage',
  'isolateDevice',
  'unRestrictAppExecution',
  'unIsolateDevice',
  'restrictAppExecution',
  'runAntiVirusScan',
  'stopAndQuarantineFile',
  'submitIocRule',
] as const satisfies readonly IncidentTaskActionType[];
export type ExecutableActionType = (typeof executableActionTypes)[number];

export function isExecutableActionType(actionType: string): actionType is ExecutableActionType {
  return (executableActionTypes as readonly string[]).includes(actionType);
}

export const guidedResponseSource = 'defenderExpertsGuidedResponse';
export const managedResponseSource = 'defenderExpertsManagedResponse';

/** A task id as it may go into a URL path: no '.', '/', '..' or anything else a path could mean. */
export const incidentTaskIdSchema = z.string().regex(/^[A-Za-z0-9_:-]{1,128}$/);

const text = (max: number) =>
  z
    .string()
    .nullish()
    .catch(null)
    .transform((value) => (value ? value.slice(0, max) : null));

/** The typed response action's target (isolateDevice: isolationType; stopAndQuarantineFile: deviceId). */
const responseActionSchema = z
  .object({
    '@odata.type': text(200),
    identifierValue: text(300),
    isolationType: text(64),
    deviceId: text(300),
  })
  .nullish()
  .catch(null)
  .transform((value) => value ?? null);

export const incidentTaskSchema = z
  .object({
    id: incidentTaskIdSchema,
    incident: z
      .object({ id: z.union([z.string(), z.number()]).nullish() })
      .nullish()
      .catch(null),
    displayName: text(500),
    description: text(2000),
    status: incidentTaskStatusSchema,
    /** Kept as sent (an evolvable enum: "defenderExpertsXDR" is documented). */
    source: text(128),
    actionType: incidentTaskActionTypeSchema,
    actionStatus: incidentTaskActionStatusSchema.nullish().transform((value) => value ?? null),
    responseAction: responseActionSchema,
    createdDateTime: text(64),
    createdByDisplayName: text(256),
    lastModifiedDateTime: text(64),
    lastModifiedByDisplayName: text(256),
  })
  .transform(({ incident, ...task }) => ({
    ...task,
    /** The parent incident's id (from `incident.id`), or null when Graph did not send it. */
    incidentId: incident?.id === undefined || incident.id === null ? null : String(incident.id),
  }));
export type IncidentTask = z.infer<typeof incidentTaskSchema>;

/** The readable tasks of a Graph answer; unreadable ones are counted, never fatal. */
export function parseIncidentTasks(items: unknown): { tasks: IncidentTask[]; skipped: number } {
  if (!Array.isArray(items)) return { tasks: [], skipped: 0 };
  const tasks: IncidentTask[] = [];
  let skipped = 0;
  for (const item of items) {
    const parsed = incidentTaskSchema.safeParse(item);
    if (parsed.success) tasks.push(parsed.data);
    else skipped += 1;
  }
  return { tasks, skipped };
}

const openStatuses: ReadonlySet<IncidentTaskStatus> = new Set(['open', 'inProgress']);

/** The partner's task: anything but managed response (guided, and unknown sources such as defenderExpertsXDR). */
export function isPartnerTask(task: Pick<IncidentTask, 'source'>): boolean {
  return task.source !== managedResponseSource;
}

/** A task the partner (customer side) must still do: not managed response, not yet completed. */
export function isOpenGuidedTask(task: IncidentTask): boolean {
  return isPartnerTask(task) && openStatuses.has(task.status);
}

/** Who the task is for, in the analyst's words. */
export function taskOwnerText(task: IncidentTask): string {
  if (task.source === guidedResponseSource) return 'Guided response: yours to do';
  if (task.source === managedResponseSource) return 'Managed response: done by Defender Experts';
  return 'Defender Experts: yours to do';
}

/**
 * An open task of the partner's that Graph cannot run (text, or an action such as a password reset done
 * in its own portal) is marked completed by hand: PATCH { status: 'completed' }.
 */
export function canMarkCompleted(task: IncidentTask): boolean {
  return isOpenGuidedTask(task) && !isExecutableActionType(task.actionType);
}

/** Run the remediation (executeResponseAction): an open partner task of an executable type, not yet started. */
export function canRunResponseAction(task: IncidentTask): boolean {
  return isPartnerTask(task) && task.status === 'open' && task.actionStatus === 'notStarted' && isExecutableActionType(task.actionType);
}

/** What the panel showed of a task: a write goes ahead only if Graph still has exactly this. */
export type ShownIncidentTaskVersion = Pick<IncidentTask, 'status' | 'lastModifiedDateTime' | 'actionStatus'>;

/** The task changed since the panel showed it: then nothing is written. */
export function taskChangedSince(shown: ShownIncidentTaskVersion, current: IncidentTask): boolean {
  return (
    shown.status !== current.status ||
    shown.lastModifiedDateTime !== current.lastModifiedDateTime ||
    shown.actionStatus !== current.actionStatus
  );
}

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The documented filter for one incident's tasks (`eq` only; no `or`, no ranges). */
export function incidentTasksFilter(incidentId: string): string {
  return `incidentId eq ${quoted(incidentId)}`;
}

/** The documented filter for the tasks of one status. */
export function incidentTaskStatusFilter(status: Exclude<IncidentTaskStatus, 'unknownFutureValue'>): string {
  return `status eq ${quoted(status)}`;
}

/** Graph's $top maximum (and default) for incidentTasks. */
export const incidentTaskPageSize = 500;

/** How many of the (unparsed) Graph tasks are the partner's open tasks; unreadable ones do not count. */
export function countOpenGuidedTasks(items: unknown): number {
  return parseIncidentTasks(items).tasks.filter(isOpenGuidedTask).length;
}
