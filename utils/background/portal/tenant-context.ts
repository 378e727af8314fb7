import { readScopes, writeScopes, type TokenBroker } from '../../auth/token-broker';
import { tenantKey, type Settings, type TenantConfig } from '../../domain/settings';
import { writeAccessFor } from '../../domain/write-access';
import type { GraphClient } from '../../graph/graph-client';
import { normalizeTenantId } from '../../portal/portal-url';
import type { WriteAccess } from '../../portal/quick-action-rules';
import { readEffectiveSettings, readGrantedScopes, readSignedInAccount } from '../../storage/settings-storage';
import { readWriteRefusal } from '../../storage/write-refusal-storage';
import { graphClientFor } from '../graph-clients';
import type { SyncRunner } from '../sync-runner';

/**
 * Which configured tenant a portal request is for, what the analyst may do there, and Graph clients for
 * it. A portal tab names its tenant by the page's `tid`: everything it is answered comes from that
 * tenant alone, so this is the one place a request's tenant is looked up.
 */

/** What the portal handlers need from the service worker. */
export interface PortalDeps {
  broker: TokenBroker;
  sync: Pick<SyncRunner, 'refreshBadge'>;
  now: () => Date;
}

export interface TenantContext {
  settings: Settings;
  tenant: TenantConfig;
  key: string;
  username: string | null;
  writeAccess: WriteAccess;
}

/** The configured tenant a portal tab shows: its `tid`, or the analyst's home tenant without one. */
export async function readTenantContext(tenantId: string | null, now: () => Date): Promise<TenantContext | null> {
  const [{ settings, managed }, account] = await Promise.all([readEffectiveSettings(), readSignedInAccount()]);
  const id = tenantId ?? account?.homeTenantId ?? null;
  const tenant = id ? (settings.tenants.find((candidate) => tenantKey(candidate) === id) ?? null) : null;
  if (!tenant) return null;
  const key = tenantKey(tenant);
  const [grantedScopes, refusal] = await Promise.all([readGrantedScopes(), readWriteRefusal(key)]);
  const computed = writeAccessFor({
    quickActionsEnabled: settings.quickActionsEnabled,
    signedIn: account !== null,
    grantedScopes,
    tenant,
    refusal,
    now: now(),
  });
  // Quick actions the policy turned off cannot be turned on in the options: say who decided.
  const writeAccess =
    !computed.allowed && managed.locked.includes('quickActionsEnabled')
      ? { allowed: false, reason: quickActionsOffByPolicy }
      : computed;
  return { settings, tenant, key, username: account?.username ?? null, writeAccess };
}

export const quickActionsOffByPolicy = 'Your organisation has turned quick actions off in Handoff.';

/** A Graph client for the tenant: read or write scopes, v1.0 or beta. */
export type TenantGraphs = (access?: 'read' | 'write', version?: 'v1.0' | 'beta') => GraphClient;

/**
 * Graph clients for the context's tenant, their tokens from the broker. Throws at once without a client
 * ID, so a request fails with words the analyst can act on before anything is read.
 */
export function tenantGraphs(broker: TokenBroker, context: TenantContext): TenantGraphs {
  const { clientId } = context.settings;
  if (!clientId) throw new Error('Enter the application (client) ID in Handoff’s options first.');
  const guid = contextTenantGuid(context);
  return (access = 'read', version = 'v1.0') => {
    // A write needs to know exactly which tenant it is for: every token is checked against that GUID.
    if (access === 'write' && guid === null) throw new Error(unknownTenantGuid);
    return graphClientFor(broker, clientId, context.tenant.tenantId, access === 'write' ? writeScopes : readScopes, version, guid);
  };
}

export const unknownTenantGuid =
  'Handoff does not know this tenant’s id yet (it was added by domain and has not synced): nothing is changed until it has.';

/** The tenant's GUID (the portal's `tid`), once known: entered as one, or learned from its incidents. */
export function contextTenantGuid(context: TenantContext): string | null {
  return normalizeTenantId(context.tenant.resolvedTenantId) ?? normalizeTenantId(context.tenant.tenantId);
}
