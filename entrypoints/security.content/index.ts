import { defineContentScript } from 'wxt/utils/define-content-script';
import '@/assets/design-tokens.css';
import '@/components/handoff-panel.css';
import { parsePortalUrl } from '@/utils/portal/portal-url';
import { incidentChipsFeature } from './features/chips/incident-chips-feature';
import { incidentPanelFeature } from './features/panel/incident-panel-feature';
import type { PageFeature } from './page-feature';
import { watchPortalNavigation } from './portal-navigation';

const features: readonly PageFeature[] = [incidentChipsFeature, incidentPanelFeature];

export default defineContentScript({
  matches: ['https://security.microsoft.com/*'],
  cssInjectionMode: 'ui',
  main(ctx) {
    let pageController: AbortController | undefined;

    const startFeaturesFor = (url: string) => {
      pageController?.abort();
      const controller = new AbortController();
      pageController = controller;
      const route = parsePortalUrl(url);
      for (const feature of features) {
        if (!feature.appliesTo(route)) continue;
        // A feature that fails stays contained: the portal page must never see our errors.
        Promise.resolve()
          .then(() => feature.start({ ctx, route, signal: controller.signal }))
          .catch((error: unknown) => console.debug(`[Handoff] ${feature.id} failed`, error));
      }
    };

    ctx.onInvalidated(() => pageController?.abort());
    startFeaturesFor(location.href);
    watchPortalNavigation(ctx, startFeaturesFor);
  },
});
