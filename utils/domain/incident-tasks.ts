import { z } from 'zod';

/**
 * Managed-response tasks of an incident (Graph beta: /beta/security/incidentTasks). The shape is not
 * documented beyond its filterable fields (docs/reference/graph-security-api.md), so the schema is tolerant and
 * every assumption about it lives here: status open|inProgress|completed|failed|notRelevant, source
 * defenderExpertsGuidedResponse (the customer must act) or defenderExpertsManagedResponse (done by
 * Defender Experts), and an optional free-text target.
 */
export const incidentTaskStatusSchema = z
  .enum(['open', 'inProgress', 'completed', 'failed', 'notRelevant', 'unknownFutureValue'])
  .catch('unknownFutureValue');
export type IncidentTaskStatus = z.infer<typeof incidentTaskStatusSchema>;

export const guidedResponseSource = 'defenderExpertsGuidedResponse';
export const managedResponseSource = 'defenderExpertsManagedResponse';

const text = (max: number) =>
  z
    .string()
    .nullish()
    .transform((value) => (value ? value.slice(0, max) : null));

export const incidentTaskSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/),
  incidentId: z.coerce.string(),
  displayName: text(500),
  description: text(2000),
  status: incidentTaskStatusSchema,
  source: z.string().max(128).nullish().transform((value) => value ?? null),
  target: text(300).optional().transform((value) => value ?? null),
  createdDateTime: z.string().nullish().transform((value) => value ?? null),
  lastUpdateDateTime: z.string().nullish().transform((value) => value ?? null),
  completedDateTime: z.string().nullish().transform((value) => value ?? null),
});
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

/** A task the partner (customer side) must still do: guided response, not yet completed. */
export function isOpenGuidedTask(task: IncidentTask): boolean {
  return task.source === guidedResponseSource && openStatuses.has(task.status);
}

/** Who the task is for, in the analyst's words. */
export function taskOwnerText(task: IncidentTask): string {
  if (task.source === guidedResponseSource) return 'Guided response: yours to do';
  if (task.source === managedResponseSource) return 'Managed response: done by Defender Experts';
  return 'Defender Experts';
}

/** Only an open guided task can be marked completed by the partner. */
export function canMarkCompleted(task: IncidentTask): boolean {
  return isOpenGuidedTask(task);
}

/** The task changed since the panel showed it: then nothing is written. */
export function taskChangedSince(shown: Pick<IncidentTask, 'status' | 'lastUpdateDateTime'>, current: IncidentTask): boolean {
  return shown.status !== current.status || shown.lastUpdateDateTime !== current.lastUpdateDateTime;
}

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The OData $filter for one incident's tasks. */
export function incidentTasksFilter(incidentId: string): string {
  return `incidentId eq ${quoted(incidentId)}`;
}

/** The OData $filter for the tasks still to do (the sync round's count reads only these). */
export const openIncidentTasksFilter = "status eq 'open' or status eq 'inProgress'";

/** How many of the (unparsed) Graph tasks are open guided-response tasks; unreadable ones do not count. */
export function countOpenGuidedTasks(items: unknown): number {
  return parseIncidentTasks(items).tasks.filter(isOpenGuidedTask).length;
}

export const incidentTaskStatusLabels: Record<IncidentTaskStatus, string> = {
  open: 'Open',
  inProgress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
  notRelevant: 'Not relevant',
  unknownFutureValue: 'Unknown',
};

/** What the incident panel shows of a task: text only, and what the panel sends back to complete it. */
export interface IncidentTaskView {
  id: string;
  action: string;
  description: string | null;
  status: IncidentTaskStatus;
  statusText: string;
  ownerText: string;
  canMarkCompleted: boolean;
  lastUpdateDateTime: string | null;
}

export function incidentTaskViewOf(task: IncidentTask): IncidentTaskView {
  return {
    id: task.id,
    action: task.displayName ?? '(untitled task)',
    description: task.description,
    status: task.status,
    statusText: incidentTaskStatusLabels[task.status],
    ownerText: taskOwnerText(task),
    canMarkCompleted: canMarkCompleted(task),
    lastUpdateDateTime: task.lastUpdateDateTime,
  };
}
