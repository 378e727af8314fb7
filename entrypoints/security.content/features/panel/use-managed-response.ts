import { useEffect, useState } from 'preact/hooks';
import type {
  HuntingGuidanceResponse,
  IncidentTasksResponse,
  IncidentView,
  PortalIncidentTask,
} from '@/utils/messages/portal-answers';
import { defenderExpertsInquiry } from '@/utils/portal/defender-experts-inquiry';
import { advancedHuntingUrl, normalizeTenantId } from '@/utils/portal/portal-url';
import { taskConflictText } from '@/utils/portal/incident-panel-next';
import { askBackground } from '../../../../utils/channels/portal-channel';
import { confirmInWindowText, type Notice, type ShowNotice } from './panel-notice';
import { errorMessage } from '@/utils/portal/error-message';
import type { PanelIncident } from './use-incident-handoff';
import type { CopyText } from './use-panel-chrome';

/**
 * What Defender Experts hand over beyond the incident itself (Graph beta, so each part may answer "not
 * available" and the panel goes on): remediation tasks for XDR tenants, with marking one completed;
 * recommended actions and queries for hunting-generated incidents; and the inquiry text for "Ask
 * Defender Experts". `tasks` and `guidance` are null when the panel shows no such section.
 */
export function useManagedResponse(
  { incidentId, pageTenantId, signal }: PanelIncident,
  view: IncidentView | null,
  { copy }: { showNotice?: ShowNotice; copy: CopyText },
) {
  const [tasks, setTasks] = useState<IncidentTasksResponse | null>(null);
  const [busyTaskId, setBusyTaskId] = useState<string | null>(null);
  /** How the last task write went, shown under that task. */
  const [taskResult, setTaskResult] = useState<(Notice & { taskId: string }) | null>(null);
  /** The task whose Run waits for the analyst's confirmation (in the panel, for now). */
  const [confirmingTaskId, setConfirmingTaskId] = useState<string | null>(null);
  const [guidance, setGuidance] = useState<HuntingGuidanceResponse | null>(null);
  const [guidanceUrls, setGuidanceUrls] = useState<(string | null)[]>([]);

  const service = view?.tenant?.service ?? null;
  const isHuntingIncident = view?.incident?.handoff.area === 'hunting';

  // Defender Experts for XDR tenants: the incident's remediation tasks (beta), read once per panel.
  useEffect(() => {
    if (service !== 'xdr' || tasks !== null) return;
    askBackground<'getIncidentTasks'>({ type: 'getIncidentTasks', tenantId: pageTenantId, incidentId })
      .then((answer) => !signal.aborted && setTasks(answer))
      .catch((error: unknown) => !signal.aborted && setTasks({ ok: true, available: false, reason: errorMessage(error) }));
  }, [service]);

  // Hunting-generated incidents: Defender Experts' recommended actions and queries (beta), read once.
  useEffect(() => {
    if (!isHuntingIncident || guidance !== null) return;
    askBackground<'getHuntingGuidance'>({ type: 'getHuntingGuidance', tenantId: pageTenantId, incidentId })
      .then(async (answer) => {
        if (signal.aborted) return;
        setGuidance(answer);
        if (!answer.available) return;
        const tenant = pageTenantId ?? normalizeTenantId(view?.tenant?.tenantId);
        const urls = await Promise.all(answer.huntingQueries.map((kql) => advancedHuntingUrl(kql, tenant).catch(() => null)));
        if (!signal.aborted) setGuidanceUrls(urls);
      })
      .catch((error: unknown) => !signal.aborted && setGuidance({ ok: true, available: false, reason: errorMessage(error) }));
  }, [isHuntingIncident]);

  const writeTask = async (type: 'completeIncidentTask' | 'runIncidentTaskAction', task: PortalIncidentTask) => {
    setBusyTaskId(task.id);
    setConfirmingTaskId(null);
    // Run waits for the analyst's yes in Handoff's own window (SECURITY.md, threat 3).
    const say = (notice: Notice | null) => setTaskResult(notice && { ...notice, taskId: task.id });
    say(type === 'runIncidentTaskAction' ? { kind: 'info', text: confirmInWindowText } : null);
    try {
      const answer = await askBackground<typeof type>({
        type,
        tenantId: pageTenantId,
        incidentId,
        taskId: task.id,
        shown: { status: task.status, lastModifiedDateTime: task.lastModifiedDateTime, actionStatus: task.actionStatus },
      });
      if (signal.aborted) return;
      setTasks(answer.tasks);
      say({
        kind: answer.outcome,
        text: answer.outcome === 'conflict' ? taskConflictText(task.id, answer.tasks, Date.now()) : answer.message,
      });
    } catch (error) {
      if (!signal.aborted) say({ kind: 'error', text: `Nothing changed: ${errorMessage(error)}` });
    } finally {
      if (!signal.aborted) setBusyTaskId(null);
    }
  };

  const markTaskCompleted = (task: PortalIncidentTask) => writeTask('completeIncidentTask', task);
  /** Run asks first: the confirmation names the action and its target; only Confirm sends it. */
  const askToRunTask = (task: PortalIncidentTask) => setConfirmingTaskId(task.id);
  const cancelRunTask = () => setConfirmingTaskId(null);
  const runTask = (task: PortalIncidentTask) => writeTask('runIncidentTaskAction', task);

  const copyInquiry = () => {
    const shown = view?.incident?.incident;
    if (!shown) return;
    const text = defenderExpertsInquiry(
      {
        id: shown.id,
        displayName: shown.displayName,
        severity: shown.severity,
        status: shown.status,
        tenantId: pageTenantId ?? normalizeTenantId(view?.tenant?.tenantId),
      },
      '',
      '',
    );
    void copy(
      'Inquiry for Ask Defender Experts',
      text,
      'Paste it in the portal: "Ask Defender Experts" is at the top of the incident page (portal only), then fill in what you saw and your question.',
    );
  };

  const showTasks =
    tasks !== null && (view?.incident?.incident.status === 'awaitingAction' || (tasks.available && tasks.tasks.length > 0));

  return {
    tasks: showTasks ? tasks : null,
    busyTaskId,
    taskResult,
    /** Why Handoff may not write here, or null when it may. */
    writeBlockedReason: view?.writeAccess.allowed !== false ? null : (view.writeAccess.reason ?? 'Not allowed.'),
    markTaskCompleted,
    confirmingTaskId,
    askToRunTask,
    cancelRunTask,
    runTask,
    guidance: isHuntingIncident ? guidance : null,
    guidanceUrls,
    /** Only for tenants with a Defender Experts service. */
    copyInquiry: service !== null && service !== 'none' ? copyInquiry : undefined,
  };
}
