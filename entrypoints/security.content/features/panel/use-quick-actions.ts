import { useEffect, useState } from 'preact/hooks';
import type { HuntingQueryLink } from '@/components/QuickActions';
import type { BackgroundRequest } from '@/utils/messages/background-requests';
import type { IncidentView } from '@/utils/messages/portal-answers';
import { advancedHuntingUrl, normalizeTenantId } from '@/utils/portal/portal-url';
import type { IncidentVersion, QuickActionId } from '@/utils/portal/quick-action-rules';
import { incidentConflictText } from '@/utils/portal/incident-panel-next';
import { askBackground } from '../../../../utils/channels/portal-channel';
import { confirmInWindowText, type ShowNotice } from './panel-notice';
import { errorMessage } from '@/utils/portal/error-message';
import type { PanelIncident } from './use-incident-handoff';

type QuickActionRequest = Extract<
  BackgroundRequest,
  { type: 'assignIncidentToMe' | 'resolveIncident' | 'commentOnIncident' | 'markIncidentReviewed' | 'refreshIncident' }
>;

/** What the resolve form adds to the request: classification, determination and comment. */
export type ResolveInput = Omit<Extract<QuickActionRequest, { type: 'resolveIncident' }>, 'type' | 'tenantId' | 'incidentId' | 'shown'>;

const huntingLinksShown = 3;

/**
 * The panel's quick actions: each runs through the background (which writes only if Graph still has the
 * `shown` version), one at a time, and says how it went through `showNotice` (the panel shows it under
 * the control that was used): done, conflict (who changed it and how long ago; nothing written), refused
 * or failed. A done action also resets the forms (`formsKey`). `view` is the
 * incident as shown; `acceptView` takes the incident as the background answers it after the action.
 * `huntingQueries` are the KQL texts of Defender Experts' recommended hunting queries, from Graph beta
 * (the panel's hunting guidance: the v1.0 incident never has them), linked into Advanced hunting.
 */
export function useQuickActions(
  { incidentId, pageTenantId, signal }: PanelIncident,
  view: IncidentView | null,
  acceptView: (view: IncidentView) => void,
  showNotice: ShowNotice,
  huntingQueries: readonly string[] = [],
) {
  const [busy, setBusy] = useState<QuickActionId | null>(null);
  const [formsKey, setFormsKey] = useState(0);
  const [huntingLinks, setHuntingLinks] = useState<HuntingQueryLink[]>([]);

  // Recommended hunting queries (beta) become Advanced hunting links; building one is async (gzip).
  useEffect(() => {
    const queries = huntingQueries.slice(0, huntingLinksShown);
    const tenant = pageTenantId ?? normalizeTenantId(view?.tenant?.tenantId);
    let current = true;
    Promise.all(queries.map((kql) => advancedHuntingUrl(kql, tenant)))
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
  }, [view, huntingQueries.join('\u0000')]);

  const run = async (action: QuickActionId, request: QuickActionRequest) => {
    setBusy(action);
    // Resolve waits for the analyst's yes in Handoff's own window (SECURITY.md, threat 3).
    showNotice(action === 'resolve' ? { kind: 'info', text: confirmInWindowText } : null);
    try {
      const answer = await askBackground<QuickActionRequest['type']>(request);
      acceptView(answer.view);
      const text =
        answer.outcome === 'conflict' && 'shown' in request
          ? incidentConflictText(request.shown, answer.view, Date.now())
          : answer.message;
      if (!signal.aborted) showNotice({ kind: answer.outcome, text });
      if (answer.outcome === 'done') setFormsKey((key) => key + 1);
    } catch (error) {
      if (!signal.aborted) showNotice({ kind: 'error', text: `Nothing changed: ${errorMessage(error)}` });
    } finally {
      if (!signal.aborted) setBusy(null);
    }
  };

  const target = { tenantId: pageTenantId, incidentId };
  return {
    busy,
    formsKey,
    huntingLinks,
    assignToMe: (shown: IncidentVersion) => run('assignToMe', { type: 'assignIncidentToMe', ...target, shown }),
    resolve: (shown: IncidentVersion, input: ResolveInput) => run('resolve', { type: 'resolveIncident', ...target, shown, ...input }),
    comment: (shown: IncidentVersion, comment: string) => run('comment', { type: 'commentOnIncident', ...target, shown, comment }),
    markReviewed: (shown: IncidentVersion, comment: string | null) =>
      run('markReviewed', { type: 'markIncidentReviewed', ...target, shown, ...(comment ? { comment } : {}) }),
    refresh: () => run('refresh', { type: 'refreshIncident', ...target }),
  };
}
