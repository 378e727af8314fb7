import type { IncidentTasksResponse, PortalIncidentTask } from '@/utils/messages/portal-answers';
import { onlyTrusted } from '@/utils/portal/trusted-input';
import { ResultLine, type QuickActionResult } from './QuickActions';

interface RemediationTasksProps {
  tasks: IncidentTasksResponse;
  /** Why Handoff may not write here, or null when it may. */
  writeBlockedReason: string | null;
  /** The task being written now (marked completed, run); every button waits meanwhile. */
  busyTaskId: string | null;
  onMarkCompleted: (task: PortalIncidentTask) => void;
  /** The task whose Run waits for confirmation, or null. */
  confirmingTaskId?: string | null;
  /** Run asked: show the confirmation. */
  onRun?: (task: PortalIncidentTask) => void;
  onConfirmRun?: (task: PortalIncidentTask) => void;
  onCancelRun?: () => void;
  /** How the last write of a task went, shown under that task's buttons. */
  result?: (QuickActionResult & { taskId: string }) | null;
}

/** "Run isolate device": the action in words, as the button says it. */
export function runLabel(task: PortalIncidentTask): string {
  return `Run ${task.actionText.charAt(0).toLowerCase()}${task.actionText.slice(1)}`;
}

/** What Run is about to do, named with its target. */
function confirmText(task: PortalIncidentTask): string {
  return `${task.actionText}${task.targetText ? ` on ${task.targetText}` : ''} now? Microsoft Defender runs it in the customer's tenant.`;
}

function who(by: string | null, at: string | null): string | null {
  if (!by && !at) return null;
  return [by, at ? `(${at})` : null].filter(Boolean).join(' ');
}

/**
 * Defender Experts' remediation tasks of the incident: what, on what, for whom, how far, who created and
 * last changed it; "Run" for the actions Microsoft Graph runs (after a confirmation), "Mark completed"
 * for what the partner does by hand. Text only.
 */
export function RemediationTasks(props: RemediationTasksProps) {
  const { tasks, writeBlockedReason, busyTaskId, onMarkCompleted, confirmingTaskId = null } = props;
  const blocked = writeBlockedReason !== null || busyTaskId !== null;
  return (
    <div class="handoff-tasks" role="group" aria-label="Remediation tasks">
      <p class="handoff-duties__label">Remediation tasks</p>
      {!tasks.available ? (
        <p class="handoff-tasks__unavailable">{tasks.reason}</p>
      ) : tasks.tasks.length === 0 ? (
        <p class="handoff-duties__none">No remediation tasks.</p>
      ) : (
        <ul class="handoff-tasks__list">
          {tasks.tasks.map((task) => {
            const created = who(task.createdBy, task.createdDateTime);
            const changed = who(task.lastModifiedBy, task.lastModifiedDateTime);
            return (
              <li key={task.id} class={`handoff-task handoff-task--${task.status}`} data-task-id={task.id} tabIndex={-1}>
                <span class="handoff-task__check" aria-hidden="true">
                  {task.status === 'completed' ? '☑' : '☐'}
                </span>
                <span class="handoff-task__action">{task.action}</span>
                <span class="handoff-task__status"> · {task.statusText}</span>
                <span class="handoff-task__owner"> · {task.ownerText}</span>
                <p class="handoff-task__what">
                  {task.actionText}
                  {task.targetText && <span class="handoff-task__target"> · Target: {task.targetText}</span>}
                  {task.actionStatusText && <span class="handoff-task__progress"> · Action: {task.actionStatusText}</span>}
                </p>
                {task.description && <p class="handoff-task__description">{task.description}</p>}
                {(created || changed) && (
                  <p class="handoff-task__who">
                    {created && <span>Created by {created}</span>}
                    {created && changed && <span> · </span>}
                    {changed && <span>Last changed by {changed}</span>}
                  </p>
                )}
                {task.canRun && confirmingTaskId !== task.id && (
                  <button
                    type="button"
                    class="handoff-button"
                    disabled={blocked}
                    title={writeBlockedReason ?? undefined}
                    aria-label={`${runLabel(task)}: ${task.action}`}
                    onClick={onlyTrusted(() => props.onRun?.(task))}
                  >
                    {busyTaskId === task.id ? 'Starting…' : runLabel(task)}
                  </button>
                )}
                {task.canRun && confirmingTaskId === task.id && (
                  <div class="handoff-task__confirm" role="group" aria-label={`Confirm: ${runLabel(task)}`}>
                    <p>{confirmText(task)}</p>
                    <button type="button" class="handoff-button" disabled={blocked} onClick={onlyTrusted(() => props.onConfirmRun?.(task))}>
                      {`Confirm: ${runLabel(task)}`}
                    </button>
                    <button type="button" class="handoff-button" onClick={() => props.onCancelRun?.()}>
                      Cancel
                    </button>
                  </div>
                )}
                {task.canMarkCompleted && (
                  <button
                    type="button"
                    class="handoff-button"
                    disabled={blocked}
                    title={writeBlockedReason ?? undefined}
                    aria-label={`Mark completed: ${task.action}`}
                    onClick={onlyTrusted(() => onMarkCompleted(task))}
                  >
                    {busyTaskId === task.id ? 'Marking completed…' : 'Mark completed'}
                  </button>
                )}
                {props.result?.taskId === task.id && <ResultLine result={props.result} />}
              </li>
            );
          })}
        </ul>
      )}
      {tasks.available && writeBlockedReason !== null && tasks.tasks.some((task) => task.canMarkCompleted || task.canRun) && (
        <p class="handoff-tasks__reason">{writeBlockedReason}</p>
      )}
    </div>
  );
}
