import { GraphRequestError } from '../../domain/graph-request-error';
import { withReviewedTag } from '../../domain/review-mark';
import type { GraphClient } from '../../graph/graph-client';
import type { BackgroundRequest } from '../../messages/background-requests';
import type { QuickActionResponse } from '../../messages/portal-answers';
import {
  describeIncidentChanges,
  incidentChanges,
  incidentVersionOf,
  quickActionAvailability,
  type QuickActionId,
} from '../../portal/quick-action-rules';
import { normalizeTenantId } from '../../portal/portal-url';
import { readTenantCache } from '../../storage/tenant-cache-storage';
import { auditedIncidentWrite } from './audit-writes';
import { panelError, refusedWrite } from './graph-refusals';
import { readLiveIncident, rememberIncident } from './live-incident';
import { markReviewedLocally } from './local-review';
import { incidentViewOf, quickActionAnswer, tenantNotSetUp } from './portal-views';
import { contextTenantGuid, readTenantContext, tenantGraphs, type PortalDeps, type TenantContext } from './tenant-context';
import { errorMessage } from '../../portal/error-message';

/**
 * The panel's writes: assign to me, resolve, comment. Every write re-reads the incident first and goes
 * ahead only if it is exactly as the panel showed it and the quick-action rules allow it on what was just
 * read; after a write the incident is read again, put into the tenant's cache and the badge redrawn.
 */

export type IncidentWriteRequest = Extract<
  BackgroundRequest,
  { type: 'assignIncidentToMe' | 'resolveIncident' | 'commentOnIncident' | 'markIncidentReviewed' }
>;

const actionOf: Record<IncidentWriteRequest['type'], QuickActionId> = {
  assignIncidentToMe: 'assignToMe',
  resolveIncident: 'resolve',
  commentOnIncident: 'comment',
  markIncidentReviewed: 'markReviewed',
};

const doneMessage: Record<IncidentWriteRequest['type'], string> = {
  assignIncidentToMe: 'Assigned to you.',
  resolveIncident: 'Resolved.',
  commentOnIncident: 'Comment added.',
  markIncidentReviewed: 'Marked reviewed: the incident is tagged “Handoff: reviewed” for your team.',
};

const unknownOutcome =
  'Microsoft Graph did not confirm this change: it may or may not have been made. Refresh to check before trying again.';
const refreshFailed = 'Reading the incident again failed: refresh to see it.';

/** A write that failed without Graph refusing it (no answer, 5xx): it may have been applied. */
function writeOutcomeUnknown(error: unknown): boolean {
  if (error instanceof GraphRequestError) return error.status === 0 || error.status >= 500;
  return error instanceof TypeError;
}

/** What the tag write needs of the incident just read. */
interface GraphIncidentTags {
  customTags: readonly string[];
}

const incidentOfAnotherTenant =
  'Microsoft Graph returned this incident for another tenant than this page shows. Nothing was written.';

export function createQuickActions(deps: PortalDeps) {
  const { broker, sync, now } = deps;

  /** Every attempt, whatever its outcome, goes into the audit log (audit-writes.ts). */
  function writeIncident(request: IncidentWriteRequest): Promise<QuickActionResponse> {
    return auditedIncidentWrite(request, () => attemptIncidentWrite(request), now);
  }

  async function attemptIncidentWrite(request: IncidentWriteRequest): Promise<QuickActionResponse> {
    const action = actionOf[request.type];
    const context = await readTenantContext(request.tenantId, now);
    if (!context) throw new Error(tenantNotSetUp);
    const graphs = tenantGraphs(broker, context);
    try {
      // Without write access a review is marked done on this browser only, and the answer says so.
      if (request.type === 'markIncidentReviewed' && !context.writeAccess.allowed) return await markReviewedLocally(context, request, sync);
      if (!context.writeAccess.allowed) {
        const cache = await readTenantCache(context.key);
        const cached = cache?.incidents[request.incidentId] ?? null;
        const view = incidentViewOf(context, cache, cached, null);
        return quickActionAnswer(action, 'refused', context.writeAccess.reason ?? 'Not allowed.', view);
      }

      const graph = graphs('write');
      const before = await readLiveIncident(context, graph, request.incidentId, now);
      // The incident Graph just returned must be the page's tenant's: otherwise nothing is written.
      if (normalizeTenantId(before.entry.incident.tenantId) !== contextTenantGuid(context)) {
        return quickActionAnswer(action, 'refused', incidentOfAnotherTenant, incidentViewOf(context, null, null, null));
      }
      const changes = incidentChanges(request.shown, incidentVersionOf(before.entry.incident));
      if (changes.length > 0) {
        const cache = await rememberIncident(context, before.entry, sync);
        const view = incidentViewOf(context, cache, before.entry, before.comments);
        return quickActionAnswer(action, 'conflict', describeIncidentChanges(changes), view);
      }
      const availability = quickActionAvailability(action, {
        incident: before.entry.incident,
        handoff: before.entry.handoff,
        username: context.username,
        writeAccess: context.writeAccess,
      });
      if (availability.state !== 'enabled') {
        const reason = availability.state === 'disabled' ? availability.reason : 'This action does not apply to this incident.';
        const view = incidentViewOf(context, await readTenantCache(context.key), before.entry, before.comments);
        return quickActionAnswer(action, 'refused', reason, view);
      }

      let done = doneMessage[request.type];
      try {
        const note = await write(graph, request, context, before.entry.incident);
        if (note) done = `${done} ${note}`;
      } catch (error) {
        const refused = await refusedWrite(error, request.tenantId, context, now);
        if (refused) {
          const view = incidentViewOf(refused.context, await readTenantCache(context.key), before.entry, before.comments);
          return quickActionAnswer(action, 'refused', refused.reason, view);
        }
        if (!writeOutcomeUnknown(error)) throw error;
        // Graph did not say no: the change may have been made. Never invite the same write again blindly.
        const view = incidentViewOf(context, await readTenantCache(context.key), before.entry, before.comments);
        return quickActionAnswer(action, 'unknown', unknownOutcome, view);
      }

      let after: Awaited<ReturnType<typeof readLiveIncident>>;
      try {
        after = await readLiveIncident(context, graph, request.incidentId, now);
      } catch {
        // The write went through; only the read after it failed. Say so, and do not invite a second write.
        const view = incidentViewOf(context, await readTenantCache(context.key), before.entry, before.comments);
        return quickActionAnswer(action, 'done', `${done} ${refreshFailed}`, view);
      }
      const cache = await rememberIncident(context, after.entry, sync);
      return quickActionAnswer(action, 'done', done, incidentViewOf(context, cache, after.entry, after.comments));
    } catch (error) {
      throw panelError(error, request.incidentId);
    }
  }

  return { writeIncident };
}

/** Writes the request; a part that failed after the main write went through comes back as a note. */
async function write(
  graph: GraphClient,
  request: IncidentWriteRequest,
  context: TenantContext,
  before: GraphIncidentTags,
): Promise<string | null> {
  switch (request.type) {
    case 'assignIncidentToMe':
      if (!context.username) throw new Error('Sign in to Handoff first.');
      await graph.patchIncident(request.incidentId, { assignedTo: context.username });
      return null;
    case 'resolveIncident':
      await graph.patchIncident(request.incidentId, {
        status: 'resolved',
        classification: request.classification,
        determination: request.determination,
        resolvingComment: request.comment,
      });
      return null;
    case 'commentOnIncident':
      await graph.addIncidentComment(request.incidentId, request.comment);
      return null;
    case 'markIncidentReviewed':
      // PATCH replaces the collection: the tags just read, plus ours. The comment after the tag: the tag is
      // written by then, so a failed comment must not say "nothing was written".
      await graph.patchIncident(request.incidentId, { customTags: withReviewedTag(before.customTags) });
      if (!request.comment) return null;
      try {
        await graph.addIncidentComment(request.incidentId, request.comment);
        return null;
      } catch (error) {
        const reason = errorMessage(error);
        return `Your comment was not posted (${reason}): add it in the portal.`;
      }
  }
}
