import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { IncidentView } from '@/utils/messages/portal-answers';
import { incidentPanelModel } from '@/utils/portal/incident-panel-model';
import { askBackground, onTenantCacheChanged } from '../../../../utils/channels/portal-channel';
import { errorMessage } from '@/utils/portal/error-message';

/** The incident a panel shows, and the signal that ends the panel (the portal navigated away). */
export interface PanelIncident {
  incidentId: string;
  /** The page's `tid`; null on the analyst's default tenant. */
  pageTenantId: string | null;
  signal: AbortSignal;
}

interface IncidentHandoffOptions extends PanelIncident {
  /** The shadow host: carries data-handoff-owner, -area and -assignee for the page's tests and tools. */
  host: HTMLElement;
}

const noTenantMessage = "Handoff has no data for this incident yet. Sign in and add this tenant in Handoff's options.";

/**
 * What the background knows of this incident, kept current: read once when the panel opens and again
 * whenever the background announces a change to the shown tenant's cache (a poll, a quick action in any
 * tab), so the panel never polls. `acceptView` takes the fresher view a quick action answers with.
 * `message` is what the panel says instead while there is no handoff to show.
 */
export function useIncidentHandoff({ incidentId, pageTenantId, host, signal }: IncidentHandoffOptions) {
  const [view, setView] = useState<IncidentView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [now, setNow] = useState(() => Date.now());
  const shownTenant = useRef<string | null>(null);

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
      if (!signal.aborted) setLoadError(errorMessage(error));
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
      host.dataset.handoffAssignee = handoff.assignee?.kind ?? 'unassigned';
    } else {
      delete host.dataset.handoffOwner;
      delete host.dataset.handoffArea;
      delete host.dataset.handoffAssignee;
    }
  }, [view]);

  const message = model
    ? null
    : loading
      ? 'Loading…'
      : loadError
        ? `Handoff could not load this incident: ${loadError}`
        : noTenantMessage;

  // Answered, and not one of Handoff's tenants: the panel offers to add it (the page's tid).
  const unknownTenant = !loading && !loadError && view !== null && view.tenant === null;
  return { view, model, message, acceptView, unknownTenant };
}
