import type { TenantService } from './responsibility-matrix';
import type { TenantAccess } from './tenant-readiness';

/** A tenant's last sync state as the summaries hold it (utils/sync/sync-failure-status.ts); null: none yet. */
export type TenantSyncState = 'ok' | 'neverSynced' | 'needsSignIn' | 'needsConsent' | 'missingRole' | 'throttled' | 'error';

/** What a tenant lacks, as a badge on its row and a filter over the tenant table. */
export type TenantFlag =
  | 'needsConsent'
  | 'needsSignIn'
  | 'syncFailing'
  | 'readOnly'
  | 'noRole'
  | 'accessUnknown'
  | 'noTeamsLink'
  | 'expiring';

/** The filters in the order they are offered (what blocks the analyst first). */
export const tenantFlagOrder: readonly TenantFlag[] = [
  'needsConsent',
  'needsSignIn',
  'syncFailing',
  'readOnly',
  'noRole',
  'accessUnknown',
  'noTeamsLink',
  'expiring',
];

export const tenantFlagLabels: Record<TenantFlag, string> = {
  needsConsent: 'Needs consent',
  needsSignIn: 'Needs sign-in',
  syncFailing: 'Sync failing',
  readOnly: 'Read-only',
  noRole: 'No security role',
  accessUnknown: 'Access not known',
  noTeamsLink: 'No Teams link',
  expiring: 'GDAP expiring',
};

export interface TenantFlagInput {
  access: TenantAccess;
  service: TenantService;
  teamsChannelUrl: string | null | undefined;
  /** Expiring GDAP relationships there. */
  expiringCount: number;
  syncState: TenantSyncState | null;
}

/** A tenant's badges: its sync problem, its access, a missing Teams link (XDR only), expiring GDAP. */
export function tenantFlags({ access, service, teamsChannelUrl, expiringCount, syncState }: TenantFlagInput): TenantFlag[] {
  const flags: TenantFlag[] = [];
  if (syncState === 'needsConsent') flags.push('needsConsent');
  else if (syncState === 'needsSignIn') flags.push('needsSignIn');
  else if (syncState === 'missingRole' || syncState === 'throttled' || syncState === 'error') flags.push('syncFailing');
  if (access === 'readOnly') flags.push('readOnly');
  else if (access === 'none') flags.push('noRole');
  else if (access === 'unknown') flags.push('accessUnknown');
  if (service === 'xdr' && !teamsChannelUrl) flags.push('noTeamsLink');
  if (expiringCount > 0) flags.push('expiring');
  return flags;
}

export interface FlaggedTenant {
  key: string;
  displayName: string;
  /** The GUID when known, else what the analyst entered. */
  tenantId: string;
  flags: readonly TenantFlag[];
}

export interface TenantFlagCount {
  flag: TenantFlag;
  label: string;
  count: number;
}

/** The filter chips: each flag some tenant has, with how many have it ("Read-only 67"), in the fixed order. */
export function tenantFlagCounts(tenants: readonly FlaggedTenant[]): TenantFlagCount[] {
  const counts = new Map<TenantFlag, number>();
  for (const tenant of tenants) for (const flag of new Set(tenant.flags)) counts.set(flag, (counts.get(flag) ?? 0) + 1);
  return tenantFlagOrder.flatMap((flag) => {
    const count = counts.get(flag) ?? 0;
    return count > 0 ? [{ flag, label: tenantFlagLabels[flag], count }] : [];
  });
}

/** A typed search matches a tenant's name or id, any case, anywhere; blank matches all. */
export function matchesTenantQuery(tenant: Pick<FlaggedTenant, 'displayName' | 'tenantId' | 'key'>, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (needle === '') return true;
  return [tenant.displayName, tenant.tenantId, tenant.key].some((text) => text.toLowerCase().includes(needle));
}

/** The rows shown: those with the chosen flag (if any) that match the search, in the given order. */
export function filterTenants<T extends FlaggedTenant>(tenants: readonly T[], filter: { query: string; flag: TenantFlag | null }): T[] {
  return tenants.filter((tenant) => (filter.flag === null || tenant.flags.includes(filter.flag)) && matchesTenantQuery(tenant, filter.query));
}
