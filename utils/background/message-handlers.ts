import { extendAssigneeAliases } from '../assignee-aliases';
import { writeScopes, type TokenBroker } from '../auth/token-broker';
import type { Handoff } from '../classify-handoff';
import { gdapCustomersFrom } from '../gdap';
import { parseIncident } from '../incident-schema';
import type { BackgroundRequest } from '../messages';
import { tenantKey, type Settings, type TenantConfig } from '../settings';
import { readSettings, readSignedInAccount, writeSignedInAccount } from '../settings-store';
import { classifyCachedIncident, slimIncident, type CachedIncident } from '../sync/cached-incident';
import { readTenantCache } from '../sync/tenant-cache-store';
import { graphClientFor, type SyncRunner } from './sync-runner';

const gdapScopes = ['https://graph.microsoft.com/DelegatedAdminRelationship.Read.All'];

/** What a portal tab may know about its tenant: names and state, never tokens or other tenants. */
function tenantFacts(tenant: TenantConfig) {
  return {
    displayName: tenant.displayName,
    service: tenant.service,
    teamsChannelUrl: tenant.teamsChannelUrl,
    tenantId: tenantKey(tenant),
  };
}

export function createMessageHandlers(deps: { broker: TokenBroker; sync: SyncRunner }) {
  const { broker, sync } = deps;

  async function requireClientId(settings: Settings): Promise<string> {
    if (!settings.clientId) throw new Error('Enter the application (client) ID first.');
    return settings.clientId;
  }

  /** The configured tenant a portal tab shows: its `tid`, or the analyst's home tenant without one. */
  async function tenantShownBy(tenantId: string | null): Promise<{ settings: Settings; tenant: TenantConfig | null }> {
    const settings = await readSettings();
    const id = tenantId ?? (await readSignedInAccount())?.homeTenantId ?? null;
    const tenant = id ? (settings.tenants.find((candidate) => tenantKey(candidate) === id) ?? null) : null;
    return { settings, tenant };
  }

  /** An incident not in the cache (older than the sync window, or just created) is read on demand. */
  async function fetchIncident(settings: Settings, tenant: TenantConfig, incidentId: string): Promise<CachedIncident | null> {
    const clientId = await requireClientId(settings);
    const raw = await graphClientFor(broker, clientId, tenant.tenantId).getIncident(incidentId);
    const parsed = parseIncident(raw);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const incident = slimIncident(parsed.incident);
    const handoff: Handoff = classifyCachedIncident(
      incident,
      tenant.service,
      new Date(),
      extendAssigneeAliases(settings.extraAssigneeAliases),
    );
    return { incident, handoff };
  }

  return async function handle(request: BackgroundRequest): Promise<unknown> {
    switch (request.type) {
      case 'signIn': {
        const settings = await readSettings();
        const clientId = await requireClientId(settings);
        const { account, scopes } = await broker.signIn(clientId, settings.quickActionsEnabled ? writeScopes : []);
        await writeSignedInAccount(account, scopes);
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
      case 'getTenantHandoffs': {
        const { tenant } = await tenantShownBy(request.tenantId);
        if (!tenant) return { ok: true, tenant: null, status: null, handoffs: {} };
        const cache = await readTenantCache(tenantKey(tenant));
        const handoffs = Object.fromEntries(
          Object.entries(cache?.incidents ?? {}).map(([id, entry]) => [id, entry.handoff]),
        );
        return { ok: true, tenant: tenantFacts(tenant), status: cache?.status ?? null, handoffs };
      }
      case 'getIncidentHandoff': {
        const { settings, tenant } = await tenantShownBy(request.tenantId);
        if (!tenant) return { ok: true, tenant: null, incident: null };
        const cache = await readTenantCache(tenantKey(tenant));
        const cached = cache?.incidents[request.incidentId] ?? null;
        const entry = cached ?? (await fetchIncident(settings, tenant, request.incidentId));
        return { ok: true, tenant: tenantFacts(tenant), incident: entry, status: cache?.status ?? null };
      }
    }
  };
}
