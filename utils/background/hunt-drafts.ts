import { browser } from 'wxt/browser';
import type { TokenBroker } from '../auth/token-broker';
import type { GraphIncident } from '../domain/incident-schema';
import { parseIncident } from '../domain/parse-incidents';
import { huntQueryMaxLength, type ExpertHuntQuery } from '../hunting/hunt-model';
import type { BackgroundRequest } from '../messages/background-requests';
import type { HuntDraft } from '../messages/hunt-requests';
import { deleteExpertHuntQueriesOfTenants, rememberExpertHuntQueries } from '../storage/hunt-queries-storage';
import { betaUnavailableReason } from './portal/graph-refusals';
import { tenantNotSetUp } from './portal/portal-views';
import { readTenantContext, tenantGraphs } from './portal/tenant-context';
import { tenantDataPurges } from './purge-log';

/**
 * "Run in all my tenants" from the incident panel (issue 16). A portal tab names an incident of its own
 * tenant and a query by position (authorize-request.ts checks the tenant against the tab's `tid`); the
 * worker reads that query from Graph beta itself (the read getHuntingGuidance makes), so a page can never
 * put a text of its choosing into the Hunt page. The draft waits in this worker's memory under a random
 * id for 10 minutes, and the Hunt page (an extension page, opened at `hunt.html#draft=<id>`) takes it once.
 * A worker stopped meanwhile loses it: the page then opens empty.
 */

type OpenRequest = Extract<BackgroundRequest, { type: 'openHuntFromIncident' }>;

export const huntDraftLifetimeMs = 10 * 60_000;

/** The queries Defender Experts posted on the incident, as the Hunt page's "from Defender Experts" list keeps them. */
export function expertHuntQueriesOf(
  tenantKey: string,
  incident: Pick<GraphIncident, 'id' | 'displayName' | 'recommendedHuntingQueries'>,
  seenAt: number,
): ExpertHuntQuery[] {
  return incident.recommendedHuntingQueries.flatMap(({ kqlText }, index) => {
    const query = kqlText.trim().slice(0, huntQueryMaxLength);
    if (query === '') return [];
    return [{ tenantKey, incidentId: incident.id, index, query, incidentTitle: incident.displayName, seenAt }];
  });
}

/**
 * Remembers them (hunt-queries-storage.ts); a storage failure is logged, never the caller's failure.
 * `mark` (tenantDataPurges.mark()) was taken before the incident was read: when the tenant's data was
 * purged since (removed, signed out), nothing is written back; a purge that begins during the write has
 * its own delete come after it, and the tenant's queries are deleted again here to be sure.
 */
export async function rememberIncidentHuntQueries(
  tenantKey: string,
  incident: Pick<GraphIncident, 'id' | 'displayName' | 'recommendedHuntingQueries'>,
  seenAt: number,
  mark: number,
): Promise<void> {
  if (tenantDataPurges.purgedSince(mark, [tenantKey])) return;
  try {
    await rememberExpertHuntQueries(expertHuntQueriesOf(tenantKey, incident, seenAt));
    if (tenantDataPurges.purgedSince(mark, [tenantKey])) await deleteExpertHuntQueriesOfTenants([tenantKey]);
  } catch (error) {
    console.warn('[Handoff] remembering the incident’s hunting queries failed', error);
  }
}

export interface HuntDraftsDeps {
  broker: TokenBroker;
  now?: () => number;
  randomId?: () => string;
  /** Opens the Hunt page (default: a new tab at hunt.html with the draft's id in the hash). */
  openHuntPage?: (hash: string) => Promise<unknown>;
}

export function createHuntDrafts(deps: HuntDraftsDeps) {
  const now = deps.now ?? (() => Date.now());
  const randomId = deps.randomId ?? (() => crypto.randomUUID());
  const openHuntPage = deps.openHuntPage ?? ((hash: string) => browser.tabs.create({ url: `${browser.runtime.getURL('/hunt.html')}${hash}` }));
  const drafts = new Map<string, { draft: HuntDraft; expiresAt: number }>();

  function dropExpired(): void {
    const at = now();
    for (const [id, kept] of drafts) if (kept.expiresAt <= at) drafts.delete(id);
  }

  /** Reads the incident's query `queryIndex`, keeps it as a draft and opens the Hunt page on it. */
  async function open(request: OpenRequest): Promise<{ ok: true }> {
    const mark = tenantDataPurges.mark();
    const context = await readTenantContext(request.tenantId, () => new Date(now()));
    if (!context) throw new Error(tenantNotSetUp);
    let read: unknown;
    try {
      read = await tenantGraphs(deps.broker, context)('read', 'beta').getIncident(request.incidentId);
    } catch (error) {
      throw new Error(betaUnavailableReason(error, 'The incident’s hunting queries could not be read'));
    }
    const parsed = parseIncident(read);
    if (!parsed.ok || parsed.incident.id !== request.incidentId) {
      throw new Error(`Microsoft Graph’s incident ${request.incidentId} could not be read${parsed.ok ? '' : ` (${parsed.error.message})`}.`);
    }
    const { incident } = parsed;
    await rememberIncidentHuntQueries(context.key, incident, now(), mark);
    // The tenant removed (or signed out) while its incident was read: no draft of it is kept.
    if (tenantDataPurges.purgedSince(mark, [context.key])) throw new Error(tenantNotSetUp);
    const query = incident.recommendedHuntingQueries[request.queryIndex]?.kqlText.trim().slice(0, huntQueryMaxLength) ?? '';
    if (query === '') throw new Error(`Incident ${request.incidentId} has no hunting query number ${request.queryIndex + 1}.`);
    dropExpired();
    const draftId = randomId();
    drafts.set(draftId, {
      draft: {
        query,
        source: { tenantKey: context.key, incidentId: request.incidentId },
        tenantName: context.tenant.displayName,
        incidentTitle: incident.displayName,
      },
      expiresAt: now() + huntDraftLifetimeMs,
    });
    await openHuntPage(`#draft=${draftId}`);
    return { ok: true };
  }

  /** The draft, once: it is forgotten as it is answered (null when unknown, taken or expired). */
  function take(draftId: string): { ok: true; draft: HuntDraft | null } {
    dropExpired();
    const kept = drafts.get(draftId);
    drafts.delete(draftId);
    return { ok: true, draft: kept?.draft ?? null };
  }

  /** Removed tenants' drafts (or all, at sign-out) are forgotten with the rest of their data. */
  function forgetTenants(tenantKeys: readonly string[] | 'all'): void {
    for (const [id, kept] of drafts) if (tenantKeys === 'all' || tenantKeys.includes(kept.draft.source.tenantKey)) drafts.delete(id);
  }

  return { open, take, forgetTenants };
}

export type HuntDrafts = ReturnType<typeof createHuntDrafts>;
