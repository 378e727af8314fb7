import { tenantKey, type TenantConfig } from './settings';

/** A tenant just removed, kept so Undo can put it back where it was, with every setting it had. */
export interface RemovedTenant {
  tenant: TenantConfig;
  index: number;
}

/** Removes the tenant with that key; `removed` is null when there was none. */
export function removeTenant(tenants: readonly TenantConfig[], key: string): { tenants: TenantConfig[]; removed: RemovedTenant | null } {
  const index = tenants.findIndex((tenant) => tenantKey(tenant) === key);
  if (index < 0) return { tenants: [...tenants], removed: null };
  return { tenants: tenants.filter((_, at) => at !== index), removed: { tenant: tenants[index]!, index } };
}

/** Undo: the tenant back at its place (or last, if the list shrank); unchanged if it was added again meanwhile. */
export function restoreTenant(tenants: readonly TenantConfig[], { tenant, index }: RemovedTenant): TenantConfig[] {
  const key = tenantKey(tenant);
  if (tenants.some((other) => tenantKey(other) === key)) return [...tenants];
  const at = Math.min(index, tenants.length);
  return [...tenants.slice(0, at), tenant, ...tenants.slice(at)];
}
