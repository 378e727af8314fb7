import { defineContentScript } from 'wxt/utils/define-content-script';
import '@/assets/design-tokens.css';
import '@/components/handoff-panel.css';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { isMultitenantPortalUrl, parseMultitenantPortalUrl } from '@/utils/portal/mto-portal-url';
import { parsePortalUrl } from '@/utils/portal/portal-url';
import { incidentChipsFeature } from './features/chips/incident-chips-feature';
import { mtoChipsFeature } from './features/mto-chips/mto-chips-feature';
import { incidentPanelFeature } from './features/panel/incident-panel-feature';
import type { PageFeature } from './page-feature';
import { watchPortalNavigation } from './portal-navigation';

const features: readonly PageFeature[] = [incidentChipsFeature, incidentPanelFeature];
/** Multitenant management (mto.security.microsoft.com) has features of its own: it reads, never writes. */
const multitenantFeatures = [mtoChipsFeature] as const;

/** Starts the features of each page the portal shows, and stops them when it navigates away. */
function runFeatures<Route>(ctx: ContentScriptContext, parse: (url: string) => Route, pageFeatures: readonly PageFeature<Route>[]) {
  let pageController: AbortController | undefined;

  const startFeaturesFor = (url: string) => {
    pageController?.abort();
    const controller = new AbortController();
    pageController = controller;
    const route = parse(url);
    for (const feature of pageFeatures) {
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
}

export default defineContentScript({
  // The tenant portal, and Microsoft Defender multitenant management. Content scripts need no host permission.
  matches: ['https://security.microsoft.com/*', 'https://mto.security.microsoft.com/*'],
  cssInjectionMode: 'ui',
  main(ctx) {
    // A page's origin never changes under a content script: one portal or the other, for its whole life.
    if (isMultitenantPortalUrl(location.href)) runFeatures(ctx, parseMultitenantPortalUrl, multitenantFeatures);
    else runFeatures(ctx, parsePortalUrl, features);
  },
});
