import { browser } from 'wxt/browser';
import { writeScopes, type TokenBroker } from '../auth/token-broker';
import { addTenantHash } from '../domain/add-tenant-link';
import { gdapCustomersFrom, usableRelationships } from '../domain/gdap';
import { GraphRequestError } from '../domain/graph-request-error';
import type { GraphClient } from '../graph/graph-client';
import type { BackgroundRequest } from '../messages/background-requests';
import type { Settings } from '../domain/settings';
import { readEffectiveSettings, readSettings, readSignedInAccount, writeSignedInAccount } from '../storage/settings-storage';
import { createPortalRequestHandlers } from './portal/portal-request-handlers';
import { graphClientFor } from './graph-clients';
import type { SyncRunner } from './sync-runner';
import { forgetWriteRefusals } from '../storage/write-refusal-storage';
import { readUiState, updateUiState } from '../storage/ui-state-storage';
import { purgeAfterSignOut } from './sign-out-purge';
import { confirmDestructiveWrite, notConfirmed } from './portal/destructive-writes';
import type { WriteConfirmations } from './write-confirmations';
import { createHuntDrafts, type HuntDrafts } from './hunt-drafts';
import { createHuntService, type HuntService } from './hunt-service';

/** The GDAP import's scopes: the relationships and their access assignments, and the analyst's own groups. */
export const gdapScopes = ['https://graph.microsoft.com/DelegatedAdminRelationship.Read.All', 'https://graph.microsoft.com/User.Read'];

export const gdapImportOffByPolicy = 'Your organisation does not allow importing tenants from GDAP in Handoff.';

/** Graph refused or lacks one read: that part is "not known", never a guess (other failures propagate). */
async function unlessRefused<T>(read: Promise<T>): Promise<T | null> {
  return read.catch((error: unknown) => {
    if (error instanceof GraphRequestError) return null;
    throw error;
  });
}

/**
 * What the GDAP import reads, bounded: the relationships, one accessAssignments list per usable
 * (active or expiring) relationship, and one list of the analyst's groups.
 */
async function readGdapAccess(graph: GraphClient) {
  const relationships = await graph.listDelegatedAdminRelationships();
  const { usable } = usableRelationships(relationships);
  const groups = await unlessRefused(graph.listMyGroups());
  const assignments = new Map<string, unknown[] | null>();
  for (let index = 0; index < usable.length; index += 4) {
    const batch = usable.slice(index, index + 4);
    const lists = await Promise.all(batch.map(({ id }) => unlessRefused(graph.listDelegatedAdminAccessAssignments(id))));
    batch.forEach(({ id }, at) => assignments.set(id, lists[at] ?? null));
  }
  return gdapCustomersFrom({ relationships, assignments, groups });
}

export function createMessageHandlers(deps: {
  broker: TokenBroker;
  sync: SyncRunner;
  confirmations: WriteConfirmations;
  /** Hunting across tenants (issue 16); the worker passes the ones it wired (start, purge listener). */
  hunts?: HuntService;
  huntDrafts?: HuntDrafts;
}) {
  const { broker, sync } = deps;
  const hunts = deps.hunts ?? createHuntService({ broker });
  const huntDrafts = deps.huntDrafts ?? createHuntDrafts({ broker });
  const portal = createPortalRequestHandlers({ broker, sync });
  // Resolve and Run wait for the analyst's yes in Handoff's own confirm window (SECURITY.md, threat 3).
  const gate = {
    confirmations: deps.confirmations,
    refreshIncident: portal.quickAction,
    incidentTasks: portal.incidentTasks,
    now: () => new Date(),
  };

  async function requireClientId(settings: Settings): Promise<string> {
    if (!settings.clientId) throw new Error('Enter the application (client) ID first.');
    return settings.clientId;
  }

  return async function handle(request: BackgroundRequest): Promise<unknown> {
    switch (request.type) {
      case 'signIn': {
        const settings = await readSettings();
        const clientId = await requireClientId(settings);
        const { account, scopes } = await broker.signIn(clientId, settings.quickActionsEnabled ? writeScopes : []);
        await writeSignedInAccount(account, scopes);
        // A new sign-in may bring other roles: Graph's earlier refusals no longer say anything.
        await forgetWriteRefusals();
        void sync.runNow();
        return { ok: true, account };
      }
      case 'signOut': {
        const settings = await readSettings();
        if (settings.clientId) await broker.signOut(settings.clientId);
        await writeSignedInAccount(null);
        await purgeAfterSignOut();
        await sync.refreshBadge();
        return { ok: true };
      }
      case 'refreshNow': {
        // refreshNow is not a content-script request type: only extension pages can force a reconcile.
        await sync.runNow(request.reconcile === true ? { reconcile: true } : {});
        return { ok: true };
      }
      case 'listGdapCustomers': {
        const { settings, managed } = await readEffectiveSettings();
        if (!managed.gdapImportAllowed) throw new Error(gdapImportOffByPolicy);
        const clientId = await requireClientId(settings);
        const account = await readSignedInAccount();
        if (!account) throw new Error('Sign in first.');
        // The GDAP read needs its own scopes: asked for here, not at sign-in, so most users never grant them.
        const graph = graphClientFor(broker, clientId, account.homeTenantId, gdapScopes);
        return { ok: true, ...(await readGdapAccess(graph)) };
      }
      case 'getTenantHandoffs':
        return portal.tenantHandoffs(request);
      case 'getTenantDirectory':
        return portal.tenantDirectory();
      case 'getIncidentHandoff':
        return portal.incidentHandoff(request);
      case 'resolveIncident':
        if (!(await confirmDestructiveWrite(request, gate))) return notConfirmed(request, gate);
        return portal.quickAction(request);
      case 'assignIncidentToMe':
      case 'commentOnIncident':
      case 'markIncidentReviewed':
      case 'refreshIncident':
        return portal.quickAction(request);
      case 'getIncidentTasks':
        return portal.incidentTasks(request);
      case 'completeIncidentTask':
        return portal.completeIncidentTask(request);
      case 'runIncidentTaskAction':
        if (!(await confirmDestructiveWrite(request, gate))) return notConfirmed(request, gate);
        return portal.runIncidentTaskAction(request);
      case 'getPendingWrite':
        return { ok: true, pending: deps.confirmations.view(request.token) };
      case 'answerPendingWrite':
        return { ok: true, accepted: deps.confirmations.answer(request.token, request.approved) };
      case 'getHuntingGuidance':
        return portal.huntingGuidance(request);
      // A page learns the panel's collapse only, never the local review marks kept beside it.
      case 'getUiState':
        return { ok: true, panelCollapsed: (await readUiState()).panelCollapsed };
      case 'setUiState':
        return { ok: true, panelCollapsed: (await updateUiState({ panelCollapsed: request.panelCollapsed })).panelCollapsed };
      // Hunting (issue 16): extension pages only, except openHuntFromIncident (a portal tab, its own tenant).
      case 'startHunt':
        return hunts.startHunt(request);
      case 'cancelHunt':
        return hunts.cancelHunt(request.runId);
      case 'getHuntRun':
        return hunts.getHuntRun(request.runId);
      case 'rerunHuntTenants':
        return hunts.rerunHuntTenants(request.runId, request.tenantKeys);
      case 'openHuntFromIncident':
        return huntDrafts.open(request);
      case 'getHuntDraft':
        return huntDrafts.take(request.draftId);
      case 'openAddTenant':
        // The GUID is checked again (addTenantHash): the options page gets nothing else from a page.
        await browser.tabs.create({ url: `${browser.runtime.getURL('/options.html')}${addTenantHash(request.tenantId)}` });
        return { ok: true };
    }
  };
}
