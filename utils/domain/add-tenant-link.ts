import { guidPattern } from './settings';

/**
 * "Add this tenant to Handoff" from a portal page: the worker opens the options page at
 * `options.html#add-tenant=<guid>` and the options page fills the add-tenant form with it. The GUID is
 * checked on both sides (the worker before it opens a tab; the page before it fills a field): a hash
 * anyone can type carries nothing else.
 */
const prefix = '#add-tenant=';

/** The options page's hash for a tenant GUID (lower case); throws on anything that is not a GUID. */
export function addTenantHash(tenantId: string): string {
  if (!guidPattern.test(tenantId)) throw new Error('Not a tenant id (GUID).');
  return `${prefix}${tenantId.toLowerCase()}`;
}

/** The tenant GUID of such a hash, or null for any other hash. */
export function tenantIdFromAddTenantHash(hash: string): string | null {
  if (!hash.startsWith(prefix)) return null;
  const value = hash.slice(prefix.length);
  return guidPattern.test(value) ? value.toLowerCase() : null;
}
