import { writeScopes, type TokenBroker } from '../auth/token-broker';
import { gdapCustomersFrom } from '../domain/gdap';
import type { BackgroundRequest } from '../messages/background-requests';
import type { Settings } from '../domain/settings';
import { readSettings, readSignedInAccount, writeSignedInAccount } from '../storage/settings-storage';
import { createPortalRequestHandlers } from './portal/portal-request-handlers';
import { graphClientFor } from './graph-clients';
import type { SyncRunner } from './sync-runner';
import { forgetWriteRefusals } from '../storage/write-refusal-storage';

const gdapScopes = ['https://graph.microsoft.com/DelegatedAdminRelationship.Read.All'];

export function createMessageHandlers(deps: { broker: TokenBroker; sync: SyncRunner }) {
  const { broker, sync } = deps;
  const portal = createPortalRequestHandlers({ broker, sync });

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
        await sync.refreshBadge();
        return { ok: true };
      }
      case 'refreshNow': {
        await sync.runNow();
        return { ok: true };
      }
      case 'listGdapCustomers': {
        const settings = await readSettings();
        const clientId = await requireClientId(settings);
        const account = await readSignedInAccount();
        if (!account) throw new Error('Sign in first.');
        // The GDAP read needs its own scope: asked for here, not at sign-in, so most users never grant it.
        const graph = graphClientFor(broker, clientId, account.homeTenantId, gdapScopes);
        return { ok: true, ...gdapCustomersFrom(await graph.listDelegatedAdminRelationships()) };
      }
      case 'getTenantHandoffs':
        return portal.tenantHandoffs(request);
      case 'getIncidentHandoff':
        return portal.incidentHandoff(request);
      case 'assignIncidentToMe':
      case 'resolveIncident':
      case 'commentOnIncident':
      case 'refreshIncident':
        return portal.quickAction(request);
      case 'getIncidentTasks':
        return portal.incidentTasks(request);
      case 'completeIncidentTask':
        return portal.completeIncidentTask(request);
      case 'getHuntingGuidance':
        return portal.huntingGuidance(request);
    }
  };
}
