import { extendAssigneeAliases, matchAssignee } from '../../domain/assignee-aliases';
import type { Handoff } from '../../domain/classify-handoff';
import type { GraphIncident } from '../../domain/incident-schema';
import { tenantColors, tenantKey, type TenantConfig } from '../../domain/settings';
import { stepDuties } from '../../domain/step-duties';
import type {
  IncidentView,
  PortalComment,
  PortalHandoff,
  PortalIncident,
  PortalTenant,
  QuickActionOutcome,
  QuickActionResponse,
  StepDutiesView,
  TenantHandoffsResponse,
} from '../../messages/portal-answers';
import { assigneeWho, type AssigneeWho } from '../../portal/assignee-who';
import { chipWanted } from '../../portal/chip-verb';
import type { QuickActionId } from '../../portal/quick-action-rules';
import type { CachedIncident, SlimIncident } from '../../sync/cached-incident';
import type { TenantCache } from '../../sync/tenant-cache';
import type { TenantContext } from './tenant-context';

/**
 * What a portal tab is answered, built from what the background holds: only the fields the message
 * contract names, so nothing else (tokens, other tenants, the rest of the cache) ever reaches a page.
 * Pure: the handlers read, this shapes.
 */

/** The answer to a tab whose tenant is not configured in Handoff. */
export const tenantNotSetUp = 'This tenant is not set up in Handoff.';

/** Comments the panel shows after a live read: the latest few, each cut like cached text. */
const commentsShown = 5;
const commentTextLimit = 1000;

/** What a portal tab may know about its tenant: names and state, never tokens or other tenants. */
export function portalTenantOf(tenant: TenantConfig): PortalTenant {
  return {
    tenantId: tenantKey(tenant),
    displayName: tenant.displayName,
    service: tenant.service,
    teamsChannelUrl: tenant.teamsChannelUrl,
    color: tenantColors[tenant.color],
  };
}

export function portalIncidentOf(incident: SlimIncident): PortalIncident {
  return {
    id: incident.id,
    displayName: incident.displayName,
    status: incident.status,
    severity: incident.severity,
    classification: incident.classification,
    determination: incident.determination,
    assignedTo: incident.assignedTo,
    createdDateTime: incident.createdDateTime,
    lastUpdateDateTime: incident.lastUpdateDateTime,
    redirectIncidentId: incident.redirectIncidentId,
    customTags: incident.customTags,
    description: incident.description,
    recommendedActions: incident.recommendedActions,
    recommendedHuntingQueries: incident.recommendedHuntingQueries,
  };
}

/** Who in the team has each incident of the context's tenant: the signed-in analyst, a colleague, nobody. */
export function assigneeOf(context: TenantContext): (assignedTo: string | null) => AssigneeWho {
  const aliases = extendAssigneeAliases(context.settings.extraAssigneeAliases);
  const noPerson = (name: string) => matchAssignee(name, aliases) !== 'other';
  return (assignedTo) => assigneeWho(assignedTo, context.username, noPerson);
}

export function portalHandoffOf(handoff: Handoff, assignee?: AssigneeWho): PortalHandoff {
  return {
    ...(assignee ? { assignee } : {}),
    incidentId: handoff.incidentId,
    owner: handoff.owner,
    area: handoff.area,
    inDefenderExpertsScope: handoff.inDefenderExpertsScope,
    partnerAction: handoff.partnerAction,
    redirectIncidentId: handoff.redirectIncidentId,
    stepSince: handoff.stepSince,
  };
}

export function recentComments(incident: GraphIncident): PortalComment[] {
  return incident.comments.slice(-commentsShown).map((comment) => ({
    comment: comment.comment === null ? null : comment.comment.slice(0, commentTextLimit),
    createdByDisplayName: comment.createdByDisplayName,
    createdDateTime: comment.createdDateTime,
  }));
}

function syncStatusOf(cache: TenantCache | null): IncidentView['status'] {
  return cache ? { state: cache.status.state, message: cache.status.message } : null;
}

/** The tenant's handoffs for the chips, and the duties of each step they are at (once per step). */
export function tenantHandoffsOf(context: TenantContext, cache: TenantCache | null): TenantHandoffsResponse {
  const handoffs: Record<string, PortalHandoff> = {};
  const duties: Record<string, StepDutiesView> = {};
  const who = assigneeOf(context);
  for (const [id, entry] of Object.entries(cache?.incidents ?? {})) {
    // Closed and merged incidents get no chip unless the analyst asked: the page is not even told of them.
    if (!chipWanted(entry.handoff, context.settings.chipsOnClosedIncidents)) continue;
    handoffs[id] = portalHandoffOf(entry.handoff, who(entry.incident.assignedTo));
    duties[entry.handoff.area] ??= stepDuties(context.tenant.service, entry.handoff.area);
  }
  return { ok: true, tenant: portalTenantOf(context.tenant), status: syncStatusOf(cache), handoffs, duties };
}

/** A tab whose tenant is not configured learns nothing, not even that other tenants exist. */
export const noTenantHandoffs: TenantHandoffsResponse = { ok: true, tenant: null, status: null, handoffs: {}, duties: {} };

/** One incident for the panel: its handoff, the duties of its step, and what the analyst may do. */
export function incidentViewOf(
  context: TenantContext,
  cache: TenantCache | null,
  entry: CachedIncident | null,
  comments: PortalComment[] | null,
): IncidentView {
  const duties: StepDutiesView | null = entry ? stepDuties(context.tenant.service, entry.handoff.area) : null;
  return {
    tenant: portalTenantOf(context.tenant),
    status: syncStatusOf(cache),
    incident: entry
      ? {
          incident: portalIncidentOf(entry.incident),
          handoff: portalHandoffOf(entry.handoff, assigneeOf(context)(entry.incident.assignedTo)),
        }
      : null,
    duties,
    writeAccess: context.writeAccess,
    username: context.username,
    comments,
  };
}

export const noTenantView: IncidentView = {
  tenant: null,
  status: null,
  incident: null,
  duties: null,
  writeAccess: { allowed: false, reason: tenantNotSetUp },
  username: null,
  comments: null,
};

export function quickActionAnswer(
  action: QuickActionId,
  outcome: QuickActionOutcome,
  message: string,
  view: IncidentView,
): QuickActionResponse {
  return { ok: true, action, outcome, message, view };
}
