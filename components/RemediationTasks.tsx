import type { IncidentTasksResponse, PortalIncidentTask } from '@/utils/messages/portal-answers';

interface RemediationTasksProps {
  tasks: IncidentTasksResponse;
  /** Why Handoff may not write here, or null when it may. */
  writeBlockedReason: string | null;
  /** The task being marked completed now; every button waits meanwhile. */
  busyTaskId: string | null;
  onMarkCompleted: (task: PortalIncidentTask) => void;
}

/** Defender Experts' remediation tasks of the incident as a checklist: what, for whom, how far. Text only. */
export function RemediationTasks({ tasks, writeBlockedReason, busyTaskId, onMarkCompleted }: RemediationTasksProps) {
  return (
    <div class="handoff-tasks" role="group" aria-label="Remediation tasks">
      <p class="handoff-duties__label">Remediation tasks</p>
      {!tasks.available ? (
        <p class="handoff-tasks__unavailable">{tasks.reason}</p>
      ) : tasks.tasks.length === 0 ? (
        <p class="handoff-duties__none">No remediation tasks.</p>
      ) : (
        <ul class="handoff-tasks__list">
          {tasks.tasks.map((task) => (
            <li key={task.id} class={`handoff-task handoff-task--${task.status}`} data-task-id={task.id}>
              <span class="handoff-task__check" aria-hidden="true">
                {task.status === 'completed' ? '☑' : '☐'}
              </span>
              <span class="handoff-task__action">{task.action}</span>
              <span class="handoff-task__status"> · {task.statusText}</span>
              <span class="handoff-task__owner"> · {task.ownerText}</span>
              {task.description && <p class="handoff-task__description">{task.description}</p>}
              {task.canMarkCompleted && (
                <button
                  type="button"
                  class="handoff-button"
                  disabled={writeBlockedReason !== null || busyTaskId !== null}
                  title={writeBlockedReason ?? undefined}
                  aria-label={`Mark completed: ${task.action}`}
                  onClick={() => onMarkCompleted(task)}
                >
                  {busyTaskId === task.id ? 'Marking completed…' : 'Mark completed'}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {tasks.available && writeBlockedReason !== null && tasks.tasks.some((task) => task.canMarkCompleted) && (
        <p class="handoff-tasks__reason">{writeBlockedReason}</p>
      )}
    </div>
  );
}
