import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { HandoffDetails } from '@/components/HandoffDetails';
import { HandoffLinks, type CopyFallback } from '@/components/HandoffLinks';
import { HandoffPanel } from '@/components/HandoffPanel';
import { HuntingGuidance } from '@/components/HuntingGuidance';
import { RemediationTasks } from '@/components/RemediationTasks';
import { defenderExpertsInquiry } from '@/utils/portal/defender-experts-inquiry';
import { QuickActions, type HuntingQueryLink } from '@/components/QuickActions';
import type { BackgroundRequest } from '@/utils/messages/background-requests';
import { incidentPanelModel, type PortalOnlyPlace } from '@/utils/portal/incident-panel-model';
import type {
  HuntingGuidanceResponse,
  IncidentTasksResponse,
  IncidentView,
  PortalIncidentTask,
  QuickActionOutcome,
} from '@/utils/messages/portal-answers';
import { advancedHuntingUrl, normalizeTenantId } from '@/utils/portal/portal-url';
import type { QuickActionId } from '@/utils/portal/quick-action-rules';
import { askBackground, onTenantCacheChanged } from '../../../../utils/channels/portal-channel';
import { clickPortalControl } from './portal-controls';

type QuickActionRequest = Extract<
  BackgroundRequest,
  { type: 'assignIncidentToMe' | 'resolveIncident' | 'commentOnIncident' | 'refreshIncident' }
>;

interface IncidentPanelControllerProps {
  incidentId: string;
  /** The page's `tid`; null on the analyst's default tenant. */
  pageTenantId: string | null;
  /** The shadow host: carries data-handoff-owner and data-handoff-area for the page's tests and tools. */
  host: HTMLElement;
  signal: AbortSignal;
}

type NoticeKind = QuickActionOutcome | 'error' | 'info';
interface Notice {
  kind: NoticeKind;
  text: string;
}

const noTenantMessage = "Handoff has no data for this incident yet. Sign in and add this tenant in Handoff's options.";
const huntingLinksShown = 3;

/** Collapsed or not, the panel stays so across the portal's navigations (module state, no page storage). */
let rememberedExpanded = true;

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The incident panel's state: loads what the background knows, follows cache changes, runs quick
 * actions through the background and shows how they went, in place. Rendering is the components' job.
 */
export function IncidentPanelController({ incidentId, pageTenantId, host, signal }: IncidentPanelControllerProps) {
  const [view, setView] = useState<IncidentView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [expanded, setExpanded] = useState(rememberedExpanded);
  const [busy, setBusy] = useState<QuickActionId | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [copyFallback, setCopyFallback] = useState<CopyFallback | null>(null);
  const [huntingLinks, setHuntingLinks] = useState<HuntingQueryLink[]>([]);
  const [formsKey, setFormsKey] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const shownTenant = useRef<string | null>(null);
  const [tasks, setTasks] = useState<IncidentTasksResponse | null>(null);
  const [busyTaskId, setBusyTaskId] = useState<string | null>(null);
  const [guidance, setGuidance] = useState<HuntingGuidanceResponse | null>(null);
  const [guidanceUrls, setGuidanceUrls] = useState<(string | null)[]>([]);

  const model = useMemo(() => (view ? incidentPanelModel(view, { pageTenantId, now }) : null), [view, pageTenantId, now]);

  /** A cached answer keeps the comments a live read brought, for the same incident. */
  const acceptView = (next: IncidentView) => {
    if (signal.aborted) return;
    setView((previous) =>
      next.comments === null && previous?.comments && previous.incident?.incident.id === next.incident?.incident.id
        ? { ...next, comments: previous.comments }
        : next,
    );
    shownTenant.current = next.tenant?.tenantId ?? null;
    setNow(Date.now());
  };

  const load = async () => {
    try {
      const answer = await askBackground<'getIncidentHandoff'>({ type: 'getIncidentHandoff', tenantId: pageTenantId, incidentId });
      acceptView(answer);
      setLoadError(null);
    } catch (error) {
      if (!signal.aborted) setLoadError(errorText(error));
    } finally {
      if (!signal.aborted) setLoading(false);
    }
  };

  useEffect(() => {
    void load();
    onTenantCacheChanged(signal, (changed) => {
      if (shownTenant.current === null || changed === shownTenant.current) void load();
    });
  }, []);

  useEffect(() => {
    const handoff = view?.incident?.handoff;
    if (handoff) {
      host.dataset.handoffOwner = handoff.owner;
      host.dataset.handoffArea = handoff.area;
    } else {
      delete host.dataset.handoffOwner;
      delete host.dataset.handoffArea;
    }
  }, [view]);

  // Recommended hunting queries (beta) become Advanced hunting links; building one is async (gzip).
  useEffect(() => {
    const queries = view?.incident?.incident.recommendedHuntingQueries.slice(0, huntingLinksShown) ?? [];
    const tenant = pageTenantId ?? normalizeTenantId(view?.tenant?.tenantId);
    let current = true;
    Promise.all(queries.map((query) => advancedHuntingUrl(query.kqlText, tenant)))
      .then((urls) => {
        if (!current) return;
        setHuntingLinks(
          urls.map((url, index) => ({
            url,
            label: urls.length === 1 ? 'Open hunting query in Advanced hunting' : `Open hunting query ${index + 1} in Advanced hunting`,
          })),
        );
      })
      .catch(() => current && setHuntingLinks([]));
    return () => {
      current = false;
    };
  }, [view]);

  const service = view?.tenant?.service ?? null;
  const isHuntingIncident = view?.incident?.handoff.area === 'hunting';

  // Defender Experts for XDR tenants: the incident's remediation tasks (beta), read once per panel.
  useEffect(() => {
    if (service !== 'xdr' || tasks !== null) return;
    askBackground<'getIncidentTasks'>({ type: 'getIncidentTasks', tenantId: pageTenantId, incidentId })
      .then((answer) => !signal.aborted && setTasks(answer))
      .catch((error: unknown) => !signal.aborted && setTasks({ ok: true, available: false, reason: errorText(error) }));
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
      .catch((error: unknown) => !signal.aborted && setGuidance({ ok: true, available: false, reason: errorText(error) }));
  }, [isHuntingIncident]);

  const markTaskCompleted = async (task: PortalIncidentTask) => {
    setBusyTaskId(task.id);
    setNotice(null);
    try {
      const answer = await askBackground<'completeIncidentTask'>({
        type: 'completeIncidentTask',
        tenantId: pageTenantId,
        incidentId,
        taskId: task.id,
        shown: { status: task.status, lastUpdateDateTime: task.lastUpdateDateTime },
      });
      if (signal.aborted) return;
      setTasks(answer.tasks);
      setNotice({ kind: answer.outcome, text: answer.message });
    } catch (error) {
      if (!signal.aborted) setNotice({ kind: 'error', text: `Nothing changed: ${errorText(error)}` });
    } finally {
      if (!signal.aborted) setBusyTaskId(null);
    }
  };

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

  const run = async (action: QuickActionId, request: QuickActionRequest) => {
    setBusy(action);
    setNotice(null);
    try {
      const answer = await askBackground<QuickActionRequest['type']>(request);
      acceptView(answer.view);
      if (!signal.aborted) setNotice({ kind: answer.outcome, text: answer.message });
      if (answer.outcome === 'done') setFormsKey((key) => key + 1);
    } catch (error) {
      if (!signal.aborted) setNotice({ kind: 'error', text: `Nothing changed: ${errorText(error)}` });
    } finally {
      if (!signal.aborted) setBusy(null);
    }
  };

  /** Copies text, or shows it to copy by hand; `whereNext` tells the analyst what to do with it. */
  const copy = async (label: string, text: string, whereNext?: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopyFallback(null);
      setNotice({ kind: 'info', text: whereNext ? `${label} copied. ${whereNext}` : `${label} copied.` });
    } catch {
      setCopyFallback({ label, text });
      setNotice({ kind: 'info', text: `${label}: the clipboard is not available here, copy it from the box.` });
    }
  };

  const openPortalPlace = (place: PortalOnlyPlace) => {
    const link = model?.portalOnlyLinks.find((candidate) => candidate.place === place);
    if (!link) return;
    if (!clickPortalControl(link.controlName)) {
      setNotice({ kind: 'info', text: `This page has no “${link.controlName}” button: open it from the portal.` });
    }
  };

  const toggle = () => {
    rememberedExpanded = !expanded;
    setExpanded(!expanded);
  };

  const target = { tenantId: pageTenantId, incidentId };
  const message = model
    ? null
    : loading
      ? 'Loading…'
      : loadError
        ? `Handoff could not load this incident: ${loadError}`
        : noTenantMessage;

  return (
    <HandoffPanel
      incidentId={incidentId}
      tenantId={pageTenantId}
      tenant={model ? { name: model.tenant.name, color: model.tenant.color } : null}
      message={message}
      expanded={expanded}
      onToggle={toggle}
    >
      {model && (
        <>
          <HandoffDetails model={model} />
          <QuickActions
            key={formsKey}
            incidentId={incidentId}
            actions={model.actions}
            busy={busy}
            huntingLinks={huntingLinks}
            onAssignToMe={() => void run('assignToMe', { type: 'assignIncidentToMe', ...target, shown: model.version })}
            onResolve={(input) => void run('resolve', { type: 'resolveIncident', ...target, shown: model.version, ...input })}
            onComment={(comment) => void run('comment', { type: 'commentOnIncident', ...target, shown: model.version, comment })}
            onRefresh={() => void run('refresh', { type: 'refreshIncident', ...target })}
          />
          {showTasks && tasks && (
            <RemediationTasks
              tasks={tasks}
              writeBlockedReason={view?.writeAccess.allowed !== false ? null : (view.writeAccess.reason ?? 'Not allowed.')}
              busyTaskId={busyTaskId}
              onMarkCompleted={(task) => void markTaskCompleted(task)}
            />
          )}
          {isHuntingIncident && guidance && (
            <HuntingGuidance
              guidance={guidance}
              huntingUrls={guidanceUrls}
              onCopyQuery={(kql) => void copy('Query', kql)}
            />
          )}
          <HandoffLinks
            incidentId={incidentId}
            portalOnlyLinks={model.portalOnlyLinks}
            teamsChannelUrl={model.teamsChannelUrl}
            deepLink={model.deepLink}
            hasSummary={model.summaryMarkdown !== null}
            copyFallback={copyFallback}
            onOpenPortalPlace={openPortalPlace}
            onCopyLink={() => model.deepLink && void copy('Link', model.deepLink)}
            onCopySummary={() => model.summaryMarkdown && void copy('Handoff summary', model.summaryMarkdown)}
            onCopyInquiry={service !== null && service !== 'none' ? copyInquiry : undefined}
          />
        </>
      )}
      <p class="handoff-notice" role="status">
        {notice && (notice.kind === 'done' || notice.kind === 'info') ? notice.text : ''}
      </p>
      {notice && notice.kind !== 'done' && notice.kind !== 'info' && (
        <p class={`handoff-notice handoff-notice--${notice.kind}`} role="alert">
          {notice.text}
        </p>
      )}
    </HandoffPanel>
  );
}
