import type { IncidentTasksResponse, IncidentView, PortalIncidentTask } from '../messages/portal-answers';
import type { IncidentPanelModel, PortalOnlyPlace } from './incident-panel-model';
import type { IncidentVersion } from './quick-action-rules';
import { formatDuration } from './relative-time';

/**
 * The panel's answer-first parts that depend on more than the incident: the remediation tasks still open,
 * the one next action the top card offers, and conflicts said as people say them ("Jordan Lee changed this
 * 2 minutes ago"). Pure and zod-free (the content script imports it).
 */

/** A task still to do: not completed and not set aside as not relevant. */
export const isOpenTask = (task: PortalIncidentTask) => task.status !== 'completed' && task.status !== 'notRelevant';

/** "2 of 4 tasks open"; null when there is no task list (not XDR, beta not available, none). */
export function taskProgress(tasks: IncidentTasksResponse | null): { open: number; text: string } | null {
  if (!tasks?.available || tasks.tasks.length === 0) return null;
  const open = tasks.tasks.filter(isOpenTask).length;
  return { open, text: `${open} of ${tasks.tasks.length} tasks open` };
}

export type PrimaryAction =
  /** The first open remediation task: the card names it and takes the analyst to it in the list. */
  | { kind: 'task'; taskId: string; text: string }
  /** A portal-only place, opened through the portal's own control. */
  | { kind: 'portal'; place: PortalOnlyPlace; text: string }
  /** The incident this one was merged into. */
  | { kind: 'link'; url: string; text: string };

/**
 * The one next action of the top card, or null when the analyst has none here (Defender Experts' move,
 * closed) or it is a quick action right below the card (a triage's Assign to me): a merged incident's
 * target; on the partner's move the first open task, else Managed response (XDR) for an action or a review.
 */
export function primaryAction(model: IncidentPanelModel, tasks: IncidentTasksResponse | null): PrimaryAction | null {
  if (model.mergedInto?.url) return { kind: 'link', url: model.mergedInto.url, text: `Open incident ${model.mergedInto.incidentId}` };
  if (model.owner.kind !== 'partner') return null;
  const task = tasks?.available ? tasks.tasks.find(isOpenTask) : undefined;
  if (task) return { kind: 'task', taskId: task.id, text: `Next task: ${task.action}` };
  const managed = model.portalOnlyLinks.find((link) => link.place === 'managedResponse');
  if (managed && model.card.verb !== 'triage') return { kind: 'portal', place: managed.place, text: `Open ${managed.controlName}` };
  return null;
}

/** "2 minutes ago", "just now"; "since it was shown" for a time Graph did not give. */
function ago(at: string | null | undefined, now: number): string {
  const ms = now - Date.parse(at ?? '');
  if (Number.isNaN(ms)) return 'since it was shown';
  const duration = formatDuration(Math.max(0, ms));
  return duration === 'just now' ? duration : `${duration} ago`;
}

/**
 * A quick action found the incident changed since it was shown: who (the author of a comment made since,
 * else the new assignee, else "Someone") and how long ago. The panel already shows what it is now.
 */
export function incidentConflictText(shown: IncidentVersion, current: IncidentView, now: number): string {
  const incident = current.incident?.incident;
  const shownAt = Date.parse(shown.lastUpdateDateTime ?? '');
  const author = current.comments?.filter((comment) => !(Date.parse(comment.createdDateTime ?? '') <= shownAt)).at(-1)?.createdByDisplayName;
  const who = author || (incident?.assignedTo !== shown.assignedTo && incident?.assignedTo) || 'Someone';
  return `${who} changed this ${ago(incident?.lastUpdateDateTime, now)}. Nothing was written.`;
}

/** A task write found the task changed: "Jordan Lee changed this task 2 minutes ago. Nothing was written." */
export function taskConflictText(taskId: string, tasks: IncidentTasksResponse, now: number): string {
  const task = tasks.available ? tasks.tasks.find((candidate) => candidate.id === taskId) : undefined;
  return `${task?.lastModifiedBy ?? 'Someone'} changed this task ${ago(task?.lastModifiedDateTime, now)}. Nothing was written.`;
}
