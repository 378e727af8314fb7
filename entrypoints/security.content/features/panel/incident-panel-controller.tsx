import { useEffect, useRef, useState } from 'preact/hooks';
import { HandoffCard, HandoffDetails } from '@/components/HandoffDetails';
import { HandoffLinks } from '@/components/HandoffLinks';
import { HandoffPanel } from '@/components/HandoffPanel';
import { HuntingGuidance } from '@/components/HuntingGuidance';
import { MarkReviewed } from '@/components/MarkReviewed';
import { QuickActions, type QuickActionResult } from '@/components/QuickActions';
import { RemediationTasks } from '@/components/RemediationTasks';
import type { PortalOnlyPlace } from '@/utils/portal/incident-panel-model';
import { primaryAction, taskProgress, type PrimaryAction } from '@/utils/portal/incident-panel-next';
import { askBackground } from '@/utils/channels/portal-channel';
import { AddTenantButton, PanelNotice } from './panel-notice';
import { errorMessage } from '@/utils/portal/error-message';
import { focusPanel, onFocusPanelRequest } from './panel-focus';
import { clickPortalControl } from './portal-controls';
import { useIncidentHandoff, type PanelIncident } from './use-incident-handoff';
import { useManagedResponse } from './use-managed-response';
import { usePanelChrome } from './use-panel-chrome';
import { useQuickActions } from './use-quick-actions';

const noQueries: readonly string[] = [];

interface IncidentPanelControllerProps extends PanelIncident {
  /** The shadow host: carries data-handoff-owner and data-handoff-area for the page's tests and tools. */
  host: HTMLElement;
}

/**
 * The incident panel: wires one hook per concern (the incident's handoff, quick actions, managed
 * response, the panel's frame) to the components, which only render. The hooks talk to the background;
 * this component only says which state goes where.
 */
export function IncidentPanelController(props: IncidentPanelControllerProps) {
  const { incidentId, pageTenantId, signal } = props;
  const chrome = usePanelChrome(signal);
  const { showNotice, copy } = chrome;
  const { view, model, message, acceptView, unknownTenant } = useIncidentHandoff(props);
  const managed = useManagedResponse(props, view, chrome);
  // One source for recommended hunting queries: the beta guidance (also shown in its own section).
  const huntingQueries = managed.guidance?.available ? managed.guidance.huntingQueries : noQueries;
  // A quick action's result is said under the control that started it, not in the panel's notice line.
  const [quickResult, setQuickResult] = useState<QuickActionResult | null>(null);
  const quick = useQuickActions(props, view, acceptView, setQuickResult, huntingQueries);
  const region = useRef<HTMLElement>(null);
  const progress = taskProgress(managed.tasks);
  const primary = model ? primaryAction(model, managed.tasks) : null;

  useEffect(() => onFocusPanelRequest(signal, () => focusPanel(region.current)), []);

  const openPortalPlace = (place: PortalOnlyPlace) => {
    const link = model?.portalOnlyLinks.find((candidate) => candidate.place === place);
    if (!link) return;
    if (!clickPortalControl(link.controlName)) {
      showNotice({ kind: 'info', text: `This page has no “${link.controlName}” button: open it from the portal.` });
    }
  };

  const onPrimary = (action: PrimaryAction) => {
    if (action.kind === 'portal') openPortalPlace(action.place);
    else if (action.kind === 'task') {
      const task = region.current?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(action.taskId)}"]`);
      task?.scrollIntoView({ block: 'nearest' });
      (task?.querySelector<HTMLElement>('button:enabled') ?? task)?.focus();
    }
  };

  return (
    <HandoffPanel
      incidentId={incidentId}
      tenant={model ? { name: model.tenant.name, color: model.tenant.color } : null}
      message={message}
      expanded={chrome.expanded}
      yielded={chrome.yielded}
      pill={model?.card.pill ?? null}
      onToggle={chrome.toggle}
      regionRef={region}
    >
      {model && (
        <>
          <HandoffCard model={model} progress={progress?.text ?? null} primary={primary} onPrimary={onPrimary} />
          <MarkReviewed
            key={`reviewed-${quick.formsKey}`}
            incidentId={incidentId}
            availability={model.actions.markReviewed}
            busy={quick.busy}
            localOnly={view?.writeAccess.allowed !== true}
            onMarkReviewed={(comment) => void quick.markReviewed(model.version, comment)}
          />
          <QuickActions
            key={quick.formsKey}
            incidentId={incidentId}
            actions={model.actions}
            busy={quick.busy}
            huntingLinks={quick.huntingLinks}
            onAssignToMe={() => void quick.assignToMe(model.version)}
            onResolve={(input) => void quick.resolve(model.version, input)}
            onComment={(comment) => void quick.comment(model.version, comment)}
            onRefresh={() => void quick.refresh()}
            result={quickResult}
            onReload={() => location.reload()}
            openTasks={progress?.open ?? 0}
          />
          {managed.tasks && (
            <RemediationTasks
              tasks={managed.tasks}
              writeBlockedReason={managed.writeBlockedReason}
              busyTaskId={managed.busyTaskId}
              onMarkCompleted={(task) => void managed.markTaskCompleted(task)}
              confirmingTaskId={managed.confirmingTaskId}
              onRun={managed.askToRunTask}
              onConfirmRun={(task) => void managed.runTask(task)}
              onCancelRun={managed.cancelRunTask}
              result={managed.taskResult}
            />
          )}
          {managed.guidance && (
            <HuntingGuidance
              guidance={managed.guidance}
              huntingUrls={managed.guidanceUrls}
              onCopyQuery={(kql) => void copy('Query', kql)}
              onRunEverywhere={(queryIndex) =>
                void askBackground<'openHuntFromIncident'>({ type: 'openHuntFromIncident', tenantId: pageTenantId, incidentId, queryIndex })
                  .then(() => showNotice({ kind: 'info', text: 'The Hunt page opened in a new tab: press Run there.' }))
                  .catch((error: unknown) => showNotice({ kind: 'error', text: `Could not open the Hunt page: ${errorMessage(error)}` }))
              }
            />
          )}
          <HandoffDetails model={model} />
          <HandoffLinks
            incidentId={incidentId}
            portalOnlyLinks={model.portalOnlyLinks}
            teamsChannelUrl={model.teamsChannelUrl}
            deepLink={model.deepLink}
            hasSummary={model.summaryMarkdown !== null}
            copyFallback={chrome.copyFallback}
            onOpenPortalPlace={openPortalPlace}
            onCopyLink={() => model.deepLink && void copy('Link', model.deepLink)}
            onCopySummary={() => model.summaryMarkdown && void copy('Handoff summary', model.summaryMarkdown)}
            onCopyInquiry={managed.copyInquiry}
          />
        </>
      )}
      {unknownTenant && pageTenantId && <AddTenantButton tenantId={pageTenantId} />}
      <PanelNotice notice={chrome.notice} />
    </HandoffPanel>
  );
}
