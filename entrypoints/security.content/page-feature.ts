import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PortalRoute } from '@/utils/portal/portal-url';

/**
 * One in-portal feature, refined-github style: it declares the pages it belongs on and gets an abort
 * signal that fires when the portal navigates away, so whatever it added is removed.
 */
export interface PageFeature {
  id: string;
  appliesTo(route: PortalRoute): boolean;
  start(args: { ctx: ContentScriptContext; route: PortalRoute; signal: AbortSignal }): Promise<void> | void;
}
