import { tenantKey } from '../../domain/settings';
import type { TenantDirectoryResponse } from '../../messages/portal-answers';
import { normalizeTenantId } from '../../portal/portal-url';
import { readSettings } from '../../storage/settings-storage';

/**
 * The configured tenants' GUIDs and display names, for the multitenant portal (mto.security.microsoft.com),
 * whose rows name their tenant by the Tenant name column: the page already shows every tenant the
 * analyst reaches, and the content script matches a row's name to exactly one of these, or to none
 * (utils/portal/mto-incident-rows.ts). Names and GUIDs only: no service, colour, channel or state. A
 * tenant added by domain and not synced yet has no GUID (null), but its name still counts, so a name
 * it shares with another tenant stays ambiguous.
 */
export async function readTenantDirectory(): Promise<TenantDirectoryResponse> {
  const settings = await readSettings();
  return {
    ok: true,
    tenants: settings.tenants.map((tenant) => ({
      tenantId: normalizeTenantId(tenantKey(tenant)),
      displayName: tenant.displayName,
    })),
  };
}
