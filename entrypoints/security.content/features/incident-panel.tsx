import { render } from 'preact';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { HandoffPanel } from '@/components/HandoffPanel';
import { themeFromBackground } from '@/utils/portal-theme';
import type { PageFeature } from '../page-feature';

/** The handoff panel on an incident page, isolated in a shadow root so neither page nor panel restyles the other. */
export const incidentPanelFeature: PageFeature = {
  id: 'incident-panel',
  appliesTo: (route) => route.kind === 'incident',
  async start({ ctx, route, signal }) {
    if (route.kind !== 'incident') return;
    const ui = await createShadowRootUi(ctx, {
      name: 'handoff-incident-panel',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      onMount(container, _shadow, host) {
        host.dataset.handoffIncidentId = route.incidentId;
        host.dataset.theme = themeFromBackground(getComputedStyle(document.body).backgroundColor);
        render(
          <HandoffPanel
            incidentId={route.incidentId}
            tenantId={route.tenantId}
            message="Handoff has no data for this incident yet. Sign in and add this tenant in Handoff's options."
          />,
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
