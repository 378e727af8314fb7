import { askBackground, onTenantCacheChanged } from '../../../../utils/channels/portal-channel';
import { createIncidentLinkAnnotator } from './incident-link-annotator';
import type { PageFeature } from '../../page-feature';
import { watchPortalTheme } from '../../theme-watch';

/**
 * Chips (Act, Review, Triage, Defender Experts) beside every link to an incident on any portal page (the
 * queue, the home page's lists, an incident's related incidents). The tenant's handoffs come from the
 * background's cache in one request, again only when the background says the cache changed; closed and
 * merged incidents are left out of it unless the analyst asked for their chips.
 */
export const incidentChipsFeature: PageFeature = {
  id: 'incident-chips',
  appliesTo: () => true,
  async start({ route, signal }) {
    const annotator = createIncidentLinkAnnotator({
      pageTenantId: route.tenantId,
      theme: watchPortalTheme(signal, (theme) => annotator.setTheme(theme)),
      signal,
    });
    let loadedTenant: string | null = null;

    const load = async () => {
      const answer = await askBackground<'getTenantHandoffs'>({ type: 'getTenantHandoffs', tenantId: route.tenantId });
      if (signal.aborted) return;
      loadedTenant = answer.tenant?.tenantId ?? null;
      annotator.setData(answer.tenant ? { dataTenant: answer.tenant.tenantId, handoffs: answer.handoffs, duties: answer.duties } : null);
    };

    onTenantCacheChanged(signal, (changed) => {
      // Before the first answer the tenant is unknown: any change may be ours.
      if (loadedTenant === null || changed === loadedTenant) {
        load().catch((error: unknown) => console.debug('[Handoff] reloading handoffs failed', error));
      }
    });
    await load();
  },
};
