import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { PageFeature } from '../../page-feature';
import { IncidentPanelController } from './incident-panel-controller';
import { loadPanelCollapsed } from './use-panel-chrome';
import { watchPortalTheme } from '../../theme-watch';

/**
 * The handoff panel on an incident page, isolated in a closed shadow root so neither page nor panel restyles
 * the other. It needs no anchor in the portal's markup (it is fixed to the viewport), so it shows
 * whatever the portal's page looks like.
 */
export const incidentPanelFeature: PageFeature = {
  id: 'incident-panel',
  appliesTo: (route) => route.kind === 'incident',
  async start({ ctx, route, signal }) {
    if (route.kind !== 'incident') return;
    await loadPanelCollapsed();
    const ui = await createShadowRootUi(ctx, {
      name: 'handoff-incident-panel',
      // Closed: a page script (or another extension) cannot reach the panel's buttons or read its text.
      mode: 'closed',
      position: 'inline',
      anchor: 'body',
      // First in the page: the panel is the first Tab stop (it was the last), and the shortcut focuses it.
      append: 'first',
      onMount(container, _shadow, host) {
        host.dataset.handoffIncidentId = route.incidentId;
        host.dataset.theme = watchPortalTheme(signal, (theme) => {
          host.dataset.theme = theme;
        });
        render(
          <IncidentPanelController incidentId={route.incidentId} pageTenantId={route.tenantId} host={host} signal={signal} />,
          container,
        );
      },
      onRemove(container) {
        if (container) render(null, container);
      },
    });
    if (signal.aborted) return;
    ui.mount();
    signal.addEventListener('abort', () => ui.remove(), { once: true });
  },
};
