import type { TokenBroker } from '../../auth/token-broker';
import type { BackgroundRequest } from '../../messages/background-requests';
import type { QuickActionResponse } from '../../messages/portal-answers';
import type { SyncRunner } from '../sync-runner';
import { createIncidentReads } from './incident-reads';
import { createManagedResponse } from './managed-response';
import { createQuickActions } from './quick-actions';
import { readTenantDirectory } from './tenant-directory';
import type { PortalDeps } from './tenant-context';

/**
 * What the background answers a portal tab, in one object for the message handlers: the reads (chips,
 * panel, Refresh), the panel's quick actions and the managed-response features. Who may ask what is
 * decided before this, in `authorize-request.ts`.
 */

export type PortalRequest = Extract<
  BackgroundRequest,
  {
    type:
      | 'getTenantHandoffs'
      | 'getTenantDirectory'
      | 'getIncidentHandoff'
      | 'assignIncidentToMe'
      | 'resolveIncident'
      | 'commentOnIncident'
      | 'markIncidentReviewed'
      | 'refreshIncident'
      | 'getIncidentTasks'
      | 'completeIncidentTask'
      | 'runIncidentTaskAction'
      | 'getHuntingGuidance';
  }
>;
type QuickActionRequest = Extract<
  PortalRequest,
  { type: 'assignIncidentToMe' | 'resolveIncident' | 'commentOnIncident' | 'markIncidentReviewed' | 'refreshIncident' }
>;

export function createPortalRequestHandlers(deps: {
  broker: TokenBroker;
  sync: Pick<SyncRunner, 'refreshBadge'>;
  now?: () => Date;
}) {
  const portalDeps: PortalDeps = { broker: deps.broker, sync: deps.sync, now: deps.now ?? (() => new Date()) };
  const reads = createIncidentReads(portalDeps);
  const { writeIncident } = createQuickActions(portalDeps);
  const managed = createManagedResponse(portalDeps);

  /** The panel's quick actions: Refresh only reads; the others write. */
  function quickAction(request: QuickActionRequest): Promise<QuickActionResponse> {
    return request.type === 'refreshIncident' ? reads.refreshIncident(request) : writeIncident(request);
  }

  return {
    tenantHandoffs: reads.tenantHandoffs,
    tenantDirectory: readTenantDirectory,
    incidentHandoff: reads.incidentHandoff,
    quickAction,
    incidentTasks: managed.incidentTasks,
    completeIncidentTask: managed.completeIncidentTask,
    runIncidentTaskAction: managed.runIncidentTaskAction,
    huntingGuidance: managed.huntingGuidance,
  };
}
