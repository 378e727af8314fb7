import { extendAssigneeAliases } from '../domain/assignee-aliases';
import { readScopes, writeScopes, type TokenBroker } from '../auth/token-broker';
import { TokenUnavailableError } from '../domain/token-unavailable-error';
import type { Handoff } from '../domain/classify-handoff';
import type { GraphClient } from '../graph/graph-client';
import { GraphRequestError } from '../domain/graph-request-error';
import { parseIncident, type GraphIncident } from '../domain/incident-schema';
import {
  canMarkCompleted,
  incidentTaskSchema,
  incidentTasksFilter,
  incidentTaskStatusLabels,
  incidentTaskViewOf,
  parseIncidentTasks,
  taskChangedSince,
} from '../domain/incident-tasks';
import type { BackgroundRequest } from '../messages/background-requests';
import type {
  CompleteIncidentTaskResponse,
  HuntingGuidanceResponse,
  IncidentTasksResponse,
  IncidentHandoffResponse,
  IncidentView,
  PortalComment,
  PortalHandoff,
  PortalIncident,
  PortalTenant,
  QuickActionOutcome,
  QuickActionResponse,
  StepDutiesView,
  TenantHandoffsResponse,
} from '../messages/portal-answers';
import {
  describeIncidentChanges,
  incidentChanges,
  incidentVersionOf,
  quickActionAvailability,
  type QuickActionId,
  type WriteAccess,
} from '../portal/quick-action-rules';
import { tenantColors, tenantKey, type Settings, type TenantConfig } from '../domain/settings';
import { readGrantedScopes, readSettings, readSignedInAccount } from '../storage/settings-storage';
import { stepDuties } from '../domain/step-duties';
import type { CachedIncident, SlimIncident } from '../sync/cached-incident';
import { cachedIncidentFrom, replaceCachedIncident } from '../sync/replace-cached-incident';
import { readTenantCache, writeTenantCache } from '../storage/tenant-cache-storage';
import type { TenantCache } from '../sync/tenant-cache';
import { adjustOpenGuidedTasks, updateTenantSummaries } from '../storage/tenant-summaries-storage';
import { writeAccessFor } from '../domain/write-access';
import { graphClientFor, type SyncRunner } from './sync-runner';
import { readWriteRefusal, rememberWriteRefusal } from '../storage/write-refusal-storage';

/**
 * What the background answers a portal tab: its tenant's handoffs for the chips, one incident for the
 * panel, and the panel's quick actions. Every write re-reads the incident first and goes ahead only if
 * it is exactly as the panel showed it and the quick-action rules allow it on what was just read; after
 * a write the incident is read again, put into the tenant's cache and the badge redrawn.
 */

export type PortalRequest = Extract<
  BackgroundRequest,
  {
    type:
      | 'getTenantHandoffs'
      | 'getIncidentHandoff'
      | 'assignIncidentToMe'
      | 'resolveIncident'
      | 'commentOnIncident'
      | 'refreshIncident'
      | 'getIncidentTasks'
      | 'completeIncidentTask'
      | 'getHuntingGuidance';
  }
>;
type QuickActionRequest = Extract<PortalRequest, { type: 'assignIncidentToMe' | 'resolveIncident' | 'commentOnIncident' | 'refreshIncident' }>;

const actionOf: Record<QuickActionRequest['type'], QuickActionId> = {
  assignIncidentToMe: 'assignToMe',
  resolveIncident: 'resolve',
  commentOnIncident: 'comment',
  refreshIncident: 'refresh',
};

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

export function portalHandoffOf(handoff: Handoff): PortalHandoff {
  return {
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

/** Graph and token failures in words the panel can show. */
function actionFailure(error: unknown, incidentId: string): Error {
  if (error instanceof TokenUnavailableError) {
    return new Error(
      error.kind === 'consentRequired'
        ? 'The Handoff app is not consented for this in the tenant: ask its administrator, then sign in again.'
        : `Handoff could not get access to Microsoft Graph (${error.message}). Sign in again from Handoff's options.`,
    );
  }
  if (error instanceof GraphRequestError) {
    if (error.status === 404) return new Error(`Microsoft Graph has no incident ${incidentId} in this tenant.`);
    if (error.status === 429) return new Error('Microsoft Graph is throttling requests: try again in a minute.');
    return new Error(`Microsoft Graph answered ${error.status || 'nothing'}: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

interface TenantContext {
  settings: Settings;
  tenant: TenantConfig;
  key: string;
  username: string | null;
  writeAccess: WriteAccess;
}

interface LiveRead {
  entry: CachedIncident;
  comments: PortalComment[];
}

export function createPortalRequestHandlers(deps: {
  broker: TokenBroker;
  sync: Pick<SyncRunner, 'refreshBadge'>;
  now?: () => Date;
}) {
  const { broker, sync } = deps;
  const now = deps.now ?? (() => new Date());

  /** The configured tenant a portal tab shows: its `tid`, or the analyst's home tenant without one. */
  async function contextFor(tenantId: string | null): Promise<TenantContext | null> {
    const [settings, account] = await Promise.all([readSettings(), readSignedInAccount()]);
    const id = tenantId ?? account?.homeTenantId ?? null;
    const tenant = id ? (settings.tenants.find((candidate) => tenantKey(candidate) === id) ?? null) : null;
    if (!tenant) return null;
    const key = tenantKey(tenant);
    const [grantedScopes, refusal] = await Promise.all([readGrantedScopes(), readWriteRefusal(key)]);
    const writeAccess = writeAccessFor({
      quickActionsEnabled: settings.quickActionsEnabled,
      signedIn: account !== null,
      grantedScopes,
      tenant,
      refusal,
      now: now(),
    });
    return { settings, tenant, key, username: account?.username ?? null, writeAccess };
  }

  function requireClientId(settings: Settings): string {
    if (!settings.clientId) throw new Error('Enter the application (client) ID in Handoff’s options first.');
    return settings.clientId;
  }

  function viewOf(
    context: TenantContext,
    cache: TenantCache | null,
    entry: CachedIncident | null,
    comments: PortalComment[] | null,
  ): IncidentView {
    const duties: StepDutiesView | null = entry ? stepDuties(context.tenant.service, entry.handoff.area) : null;
    return {
      tenant: portalTenantOf(context.tenant),
      status: cache ? { state: cache.status.state, message: cache.status.message } : null,
      incident: entry ? { incident: portalIncidentOf(entry.incident), handoff: portalHandoffOf(entry.handoff) } : null,
      duties,
      writeAccess: context.writeAccess,
      username: context.username,
      comments,
    };
  }

  async function readLive(context: TenantContext, graph: GraphClient, incidentId: string): Promise<LiveRead> {
    const parsed = parseIncident(await graph.getIncident(incidentId));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const aliases = extendAssigneeAliases(context.settings.extraAssigneeAliases);
    return {
      entry: cachedIncidentFrom(parsed.incident, context.tenant.service, now(), aliases),
      comments: recentComments(parsed.incident),
    };
  }

  /**
   * Puts what was just read into the tenant's cache (when it has one) and its summary (what the popup
   * and the badge count), then redraws the badge.
   */
  async function remember(context: TenantContext, entry: CachedIncident): Promise<TenantCache | null> {
    const previous = await readTenantCache(context.key);
    const updated = replaceCachedIncident(previous, entry);
    if (updated) {
      await writeTenantCache(updated);
      await updateTenantSummaries([updated], new Set(context.settings.tenants.map(tenantKey)));
      await sync.refreshBadge();
    }
    return updated ?? previous;
  }

  const noTenantView: Omit<IncidentView, 'writeAccess'> = {
    tenant: null,
    status: null,
    incident: null,
    duties: null,
    username: null,
    comments: null,
  };

  async function tenantHandoffs(request: Extract<PortalRequest, { type: 'getTenantHandoffs' }>): Promise<TenantHandoffsResponse> {
    const context = await contextFor(request.tenantId);
    if (!context) return { ok: true, tenant: null, status: null, handoffs: {}, duties: {} };
    const cache = await readTenantCache(context.key);
    const handoffs: Record<string, PortalHandoff> = {};
    const duties: Record<string, StepDutiesView> = {};
    for (const [id, entry] of Object.entries(cache?.incidents ?? {})) {
      handoffs[id] = portalHandoffOf(entry.handoff);
      duties[entry.handoff.area] ??= stepDuties(context.tenant.service, entry.handoff.area);
    }
    return {
      ok: true,
      tenant: portalTenantOf(context.tenant),
      status: cache ? { state: cache.status.state, message: cache.status.message } : null,
      handoffs,
      duties,
    };
  }

  async function incidentHandoff(request: Extract<PortalRequest, { type: 'getIncidentHandoff' }>): Promise<IncidentHandoffResponse> {
    const context = await contextFor(request.tenantId);
    if (!context) {
      return { ok: true, ...noTenantView, writeAccess: { allowed: false, reason: 'This tenant is not set up in Handoff.' } };
    }
    const cache = await readTenantCache(context.key);
    const cached = cache?.incidents[request.incidentId] ?? null;
    if (cached) return { ok: true, ...viewOf(context, cache, cached, null) };
    // Not cached (older than the sync window, or just created): read it on demand.
    try {
      const graph = graphClientFor(broker, requireClientId(context.settings), context.tenant.tenantId);
      const live = await readLive(context, graph, request.incidentId);
      return { ok: true, ...viewOf(context, cache, live.entry, live.comments) };
    } catch (error) {
      throw actionFailure(error, request.incidentId);
    }
  }

  function answer(
    action: QuickActionId,
    outcome: QuickActionOutcome,
    message: string,
    view: IncidentView,
  ): QuickActionResponse {
    return { ok: true, action, outcome, message, view };
  }

  async function quickAction(request: QuickActionRequest): Promise<QuickActionResponse> {
    const action = actionOf[request.type];
    const context = await contextFor(request.tenantId);
    if (!context) throw new Error('This tenant is not set up in Handoff.');
    const clientId = requireClientId(context.settings);
    try {
      if (request.type === 'refreshIncident') {
        const live = await readLive(context, graphClientFor(broker, clientId, context.tenant.tenantId), request.incidentId);
        const cache = await remember(context, live.entry);
        return answer(action, 'done', 'Refreshed from Microsoft Graph.', viewOf(context, cache, live.entry, live.comments));
      }

      if (!context.writeAccess.allowed) {
        const cache = await readTenantCache(context.key);
        const cached = cache?.incidents[request.incidentId] ?? null;
        return answer(action, 'refused', context.writeAccess.reason ?? 'Not allowed.', viewOf(context, cache, cached, null));
      }

      const graph = graphClientFor(broker, clientId, context.tenant.tenantId, writeScopes);
      const before = await readLive(context, graph, request.incidentId);
      const changes = incidentChanges(request.shown, incidentVersionOf(before.entry.incident));
      if (changes.length > 0) {
        const cache = await remember(context, before.entry);
        return answer(action, 'conflict', describeIncidentChanges(changes), viewOf(context, cache, before.entry, before.comments));
      }
      const availability = quickActionAvailability(action, {
        incident: before.entry.incident,
        handoff: before.entry.handoff,
        username: context.username,
        writeAccess: context.writeAccess,
      });
      if (availability.state !== 'enabled') {
        const reason = availability.state === 'disabled' ? availability.reason : 'This action does not apply to this incident.';
        return answer(action, 'refused', reason, viewOf(context, await readTenantCache(context.key), before.entry, before.comments));
      }

      try {
        await write(graph, request, context);
      } catch (error) {
        if (!(error instanceof GraphRequestError) || error.status !== 403) throw error;
        await rememberWriteRefusal(context.key, error.message, now());
        const refused = (await contextFor(request.tenantId)) ?? context;
        return answer(
          action,
          'refused',
          refused.writeAccess.reason ?? 'Microsoft Graph refused the change (403). Nothing was written.',
          viewOf(refused, await readTenantCache(context.key), before.entry, before.comments),
        );
      }

      const after = await readLive(context, graph, request.incidentId);
      const cache = await remember(context, after.entry);
      return answer(action, 'done', doneMessage[request.type], viewOf(context, cache, after.entry, after.comments));
    } catch (error) {
      throw actionFailure(error, request.incidentId);
    }
  }

  /** The incident's tasks from Graph beta; "not available" when beta refuses or fails, never an error. */
  async function readTasks(graph: GraphClient, incidentId: string): Promise<IncidentTasksResponse> {
    try {
      const { tasks } = parseIncidentTasks(await graph.listIncidentTasks(incidentTasksFilter(incidentId)));
      return { ok: true, available: true, tasks: tasks.filter((task) => task.incidentId === incidentId).map(incidentTaskViewOf) };
    } catch (error) {
      return { ok: true, available: false, reason: betaUnavailableReason(error, remediationTasksUnavailable) };
    }
  }

  async function incidentTasks(request: Extract<PortalRequest, { type: 'getIncidentTasks' }>): Promise<IncidentTasksResponse> {
    const context = await contextFor(request.tenantId);
    if (!context) return { ok: true, available: false, reason: 'This tenant is not set up in Handoff.' };
    const graph = graphClientFor(broker, requireClientId(context.settings), context.tenant.tenantId, readScopes, 'beta');
    return readTasks(graph, request.incidentId);
  }

  async function completeIncidentTask(
    request: Extract<PortalRequest, { type: 'completeIncidentTask' }>,
  ): Promise<CompleteIncidentTaskResponse> {
    const context = await contextFor(request.tenantId);
    if (!context) throw new Error('This tenant is not set up in Handoff.');
    const clientId = requireClientId(context.settings);
    const reply = async (outcome: QuickActionOutcome, message: string, graph: GraphClient | null): Promise<CompleteIncidentTaskResponse> => ({
      ok: true,
      outcome,
      message,
      tasks: await readTasks(graph ?? graphClientFor(broker, clientId, context.tenant.tenantId, readScopes, 'beta'), request.incidentId),
    });
    if (!context.writeAccess.allowed) return reply('refused', context.writeAccess.reason ?? 'Not allowed.', null);

    const graph = graphClientFor(broker, clientId, context.tenant.tenantId, writeScopes, 'beta');
    let read: unknown;
    try {
      read = await graph.getIncidentTask(request.taskId);
    } catch (error) {
      return reply('refused', `${betaUnavailableReason(error, remediationTasksUnavailable)} Nothing was written.`, graph);
    }
    const current = incidentTaskSchema.safeParse(read);
    if (!current.success || current.data.incidentId !== request.incidentId) {
      return reply('refused', 'Microsoft Graph has no such task for this incident. Nothing was written.', graph);
    }
    const task = current.data;
    if (taskChangedSince(request.shown, task)) {
      return reply(
        'conflict',
        `The task changed since it was shown (now: ${incidentTaskStatusLabels[task.status]}). Nothing was written: check the list and try again.`,
        graph,
      );
    }
    if (!canMarkCompleted(task)) return reply('refused', 'Only an open guided-response task can be marked completed.', graph);
    try {
      await graph.patchIncidentTask(task.id, { status: 'completed' });
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 403) {
        await rememberWriteRefusal(context.key, error.message, now());
        const refused = (await contextFor(request.tenantId)) ?? context;
        return reply('refused', refused.writeAccess.reason ?? 'Microsoft Graph refused the change (403). Nothing was written.', graph);
      }
      throw actionFailure(error, request.incidentId);
    }
    await adjustOpenGuidedTasks(context.key, -1);
    return reply('done', 'Task marked completed.', graph);
  }

  async function huntingGuidance(request: Extract<PortalRequest, { type: 'getHuntingGuidance' }>): Promise<HuntingGuidanceResponse> {
    const context = await contextFor(request.tenantId);
    if (!context) return { ok: true, available: false, reason: 'This tenant is not set up in Handoff.' };
    const graph = graphClientFor(broker, requireClientId(context.settings), context.tenant.tenantId, readScopes, 'beta');
    try {
      const parsed = parseIncident(await graph.getIncident(request.incidentId));
      if (!parsed.ok) return { ok: true, available: false, reason: `${huntingGuidanceUnavailable} (${parsed.error.message})` };
      return {
        ok: true,
        available: true,
        recommendedActions: parsed.incident.recommendedActions?.slice(0, guidanceTextLimit) ?? null,
        huntingQueries: parsed.incident.recommendedHuntingQueries
          .slice(0, huntingQueriesShown)
          .map((query) => query.kqlText.slice(0, guidanceTextLimit)),
      };
    } catch (error) {
      return { ok: true, available: false, reason: betaUnavailableReason(error, huntingGuidanceUnavailable) };
    }
  }

  return { tenantHandoffs, incidentHandoff, quickAction, incidentTasks, completeIncidentTask, huntingGuidance };
}

const remediationTasksUnavailable = 'Remediation tasks are not available for this tenant';
const huntingGuidanceUnavailable = 'Hunting guidance is not available for this tenant';
const huntingQueriesShown = 5;
const guidanceTextLimit = 10_000;

/** Why a beta read gave nothing, in words: beta refused (403/404) or Graph could not be read. */
export function betaUnavailableReason(error: unknown, unavailable: string): string {
  if (error instanceof GraphRequestError && (error.status === 403 || error.status === 404)) {
    return `${unavailable} (Microsoft Graph beta answered ${error.status}).`;
  }
  return `${unavailable} right now: ${actionFailure(error, '').message}`;
}

const doneMessage: Record<Exclude<QuickActionRequest['type'], 'refreshIncident'>, string> = {
  assignIncidentToMe: 'Assigned to you.',
  resolveIncident: 'Resolved.',
  commentOnIncident: 'Comment added.',
};

async function write(
  graph: GraphClient,
  request: Extract<QuickActionRequest, { type: 'assignIncidentToMe' | 'resolveIncident' | 'commentOnIncident' }>,
  context: TenantContext,
): Promise<void> {
  switch (request.type) {
    case 'assignIncidentToMe':
      if (!context.username) throw new Error('Sign in to Handoff first.');
      await graph.patchIncident(request.incidentId, { assignedTo: context.username });
      return;
    case 'resolveIncident':
      await graph.patchIncident(request.incidentId, {
        status: 'resolved',
        classification: request.classification,
        determination: request.determination,
        resolvingComment: request.comment,
      });
      return;
    case 'commentOnIncident':
      await graph.addIncidentComment(request.incidentId, request.comment);
      return;
  }
}
