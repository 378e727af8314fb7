/** The options page's pages, in the navigation's order, with their hash (#account …). */
export const optionsPages = [
  { id: 'account', title: 'Account' },
  { id: 'tenants', title: 'Tenants' },
  { id: 'sync', title: 'Sync and notifications' },
  { id: 'audit', title: 'Reports and audit' },
  { id: 'about', title: 'About' },
] as const;

export type OptionsPageId = (typeof optionsPages)[number]['id'];

export interface OptionsRoute {
  page: OptionsPageId;
  /** `#tenant=<key>`: the tenant whose readiness details are open. */
  tenantKey: string | null;
}

/** Anchors of the single long page before it had pages, still linked from elsewhere. */
const legacyAnchors: Record<string, OptionsPageId> = {
  readiness: 'tenants',
  'who-does-what': 'about',
  reports: 'audit',
};

/**
 * Which page a hash shows: `#tenants`, `#add-tenant=<guid>` (the portal's "Add this tenant") and
 * `#tenant=<key>` open Tenants; anything unknown or empty opens the first page (Account, with Get started).
 */
export function optionsRoute(hash: string): OptionsRoute {
  const text = hash.replace(/^#/, '');
  const tenant = /^tenant=(.+)$/.exec(text);
  if (tenant) {
    let key: string | null = null;
    try {
      key = decodeURIComponent(tenant[1]!);
    } catch {
      key = null;
    }
    return { page: 'tenants', tenantKey: key };
  }
  if (text.startsWith('add-tenant=')) return { page: 'tenants', tenantKey: null };
  const page = optionsPages.find(({ id }) => id === text)?.id ?? legacyAnchors[text] ?? 'account';
  return { page, tenantKey: null };
}

/** The hash that opens a tenant's readiness details. */
export function tenantDetailsHash(key: string): string {
  return `#tenant=${encodeURIComponent(key)}`;
}
