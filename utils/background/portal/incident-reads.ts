import type { BackgroundRequest } from '../../messages/background-requests';
import type { IncidentHandoffResponse, QuickActionResponse, TenantHandoffsResponse } from '../../messages/portal-answers';
import { readTenantCache } from '../../storage/tenant-cache-storage';
import { panelError } from './graph-refusals';
import { readLiveIncident, rememberIncident } from './live-incident';
import {
  incidentViewOf,
  noTenantHandoffs,
  noTenantView,
  quickActionAnswer,
  tenantHandoffsOf,
  tenantNotSetUp,
} from './portal-views';
import { readTenantContext, tenantGraphs, type PortalDeps } from './tenant-context';

/**
 * What a portal tab reads: its tenant's handoffs for the chips and one incident for the panel, both
 * from the cache the sync keeps, with Graph asked only for an incident the cache does not have and
 * when the analyst presses Refresh.
 */

type RequestOf<Type extends BackgroundRequest['type']> = Extract<BackgroundRequest, { type: Type }>;

export function createIncidentReads(deps: PortalDeps) {
  const { broker, sync, now } = deps;

  async function tenantHandoffs(request: RequestOf<'getTenantHandoffs'>): Promise<TenantHandoffsResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) return noTenantHandoffs;
    return tenantHandoffsOf(context, await readTenantCache(context.key));
  }

  async function incidentHandoff(request: RequestOf<'getIncidentHandoff'>): Promise<IncidentHandoffResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) return { ok: true, ...noTenantView };
    const cache = await readTenantCache(context.key);
    const cached = cache?.incidents[request.incidentId] ?? null;
    if (cached) return { ok: true, ...incidentViewOf(context, cache, cached, null) };
    // Not cached (older than the sync window, or just created): read it on demand.
    try {
      const live = await readLiveIncident(context, tenantGraphs(broker, context)(), request.incidentId, now);
      return { ok: true, ...incidentViewOf(context, cache, live.entry, live.comments) };
    } catch (error) {
      throw panelError(error, request.incidentId);
    }
  }

  /** The panel's Refresh: a read, answered like a quick action, that also updates the cache. */
  async function refreshIncident(request: RequestOf<'refreshIncident'>): Promise<QuickActionResponse> {
    const context = await readTenantContext(request.tenantId, now);
    if (!context) throw new Error(tenantNotSetUp);
    const graphs = tenantGraphs(broker, context);
    try {
      const live = await readLiveIncident(context, graphs(), request.incidentId, now);
      const cache = await rememberIncident(context, live.entry, sync);
      const view = incidentViewOf(context, cache, live.entry, live.comments);
      return quickActionAnswer('refresh', 'done', 'Refreshed from Microsoft Graph.', view);
    } catch (error) {
      throw panelError(error, request.incidentId);
    }
  }

  return { tenantHandoffs, incidentHandoff, refreshIncident };
}
