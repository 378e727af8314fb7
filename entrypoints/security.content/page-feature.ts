import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PortalRoute } from '@/utils/portal/portal-url';

/**
 * One in-portal feature, refined-github style: it declares the pages it belongs on and gets an abort
 * signal that fires when the portal navigates away, so whatever it added is removed. `Route` is the
 * tenant portal's (security.microsoft.com) or the multitenant portal's (mto.security.microsoft.com).
 */
export interface PageFeature<Route = PortalRoute> {
  id: string;
  appliesTo(route: Route): boolean;
  start(args: { ctx: ContentScriptContext; route: Route; signal: AbortSignal }): Promise<void> | void;
}
