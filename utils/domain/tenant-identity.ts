/**
 * What names and marks a tenant, zod-free (the popup's first paint uses it without loading the schemas
 * in settings.ts, which re-exports all of it): the GUID pattern, the key Handoff files a tenant under and
 * the tenant colours.
 */
export const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The colour that marks a tenant in the popup and on the in-portal panel, so the analyst never acts in
 * the wrong customer's tenant. Named, not free CSS, so no stored value can inject style.
 */
export const tenantColors = {
  blue: '#0f6cbd',
  teal: '#038387',
  green: '#107c10',
  purple: '#5c2e91',
  orange: '#ca5010',
  red: '#c4314b',
  gray: '#616161',
} as const;
export type TenantColor = keyof typeof tenantColors;

/** The id Handoff keys a tenant's cache and status by: the GUID when known, else what was entered. */
export function tenantKey(tenant: { tenantId: string; resolvedTenantId: string | null }): string {
  return tenant.resolvedTenantId ?? tenant.tenantId;
}
