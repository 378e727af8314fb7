import { askBackground, onTenantCacheChanged } from '../../../../utils/channels/portal-channel';
import { tenantDirectory, type TenantDirectory } from '@/utils/portal/mto-incident-rows';
import type { MultitenantPortalRoute } from '@/utils/portal/mto-portal-url';
import type { PageFeature } from '../../page-feature';
import { watchPortalTheme } from '../../theme-watch';
import { createMtoChipAnnotator } from './mto-chip-annotator';

/**
 * Owner chips on Microsoft Defender multitenant management's incident list (mto.security.microsoft.com/
 * incidents) and its flyout. The page has no tenant of its own: the background gives the configured
 * tenants' names once (to match the Tenant name column), then each tenant's handoffs in its own read,
 * asked for when a row of that tenant shows and again when the background says its cache changed. Reads
 * only: quick actions stay on the tenant portal's panel.
 */
export const mtoChipsFeature: PageFeature<MultitenantPortalRoute> = {
  id: 'mto-incident-chips',
  appliesTo: (route) => route.kind === 'incidents',
  async start({ signal }) {
    /** Tenants whose handoffs were asked for (loaded, loading, or not configured after all). */
    const asked = new Set<string>();
    let directory: TenantDirectory | null = null;

    const loadTenant = async (tenantId: string) => {
      asked.add(tenantId);
      const answer = await askBackground<'getTenantHandoffs'>({ type: 'getTenantHandoffs', tenantId });
      if (signal.aborted) return;
      annotator.setTenantData(tenantId, answer.tenant ? { handoffs: answer.handoffs, duties: answer.duties } : null);
    };
    const loadDirectory = async () => {
      const answer = await askBackground<'getTenantDirectory'>({ type: 'getTenantDirectory' });
      if (signal.aborted) return;
      directory = tenantDirectory(answer.tenants);
      annotator.setDirectory(directory);
    };
    const failed = (what: string) => (error: unknown) => console.debug(`[Handoff] ${what} failed`, error);

    const annotator = createMtoChipAnnotator({
      theme: watchPortalTheme(signal, (theme) => annotator.setTheme(theme)),
      signal,
      onTenantWanted(tenantId) {
        if (!asked.has(tenantId)) loadTenant(tenantId).catch(failed('loading a tenant’s handoffs'));
      },
    });

    onTenantCacheChanged(signal, (changed) => {
      if (asked.has(changed)) loadTenant(changed).catch(failed('reloading handoffs'));
      // A tenant Handoff did not know (just added, or its GUID just learned): the names may have changed.
      else if (!directory?.has(changed)) loadDirectory().catch(failed('reloading the tenants'));
    });
    await loadDirectory();
  },
};
