import { useState } from 'preact/hooks';
import { z } from 'zod';
import { GdapImportList } from '@/components/GdapImportList';
import { ManagedMark } from '@/components/ManagedPolicyNotes';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { gdapCustomerSchema, type GdapCustomer } from '@/utils/domain/gdap';
import type { ManagedState } from '@/utils/domain/managed-policy';
import type { TenantService } from '@/utils/domain/responsibility-matrix';
import { tenantConfigSchema, tenantKey, type Settings, type TenantConfig } from '@/utils/domain/settings';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import { updateSettings } from '@/utils/storage/settings-storage';
import { errorMessage } from '@/utils/portal/error-message';

const gdapResponseSchema = z.object({ ok: z.literal(true), customers: z.array(gdapCustomerSchema), skipped: z.number() });

/** What a tenant keeps of the GDAP import: requested roles, held roles (and via which groups), expiring relationships. */
function gdapFields(customer: GdapCustomer): Pick<TenantConfig, 'securityRoles' | 'heldSecurityRoles' | 'expiringRelationships'> {
  return {
    securityRoles: customer.securityRoles,
    heldSecurityRoles: customer.heldRoles?.slice(0, 20).map(({ role, via }) => ({ role, via: via.slice(0, 20) })) ?? null,
    expiringRelationships: customer.expiring.slice(0, 20),
  };
}

interface GdapImportSectionProps {
  settings: Settings;
  managed: ManagedState;
  account: SignedInAccount | null;
  /** Tells the tenant page what was added ("Added 12 tenants."). */
  onImported: (count: number) => void;
}

/** "Import from GDAP": lists the customers, refreshes the roles of tenants already added, adds the picked ones. */
export function GdapImportSection({ settings, managed, account, onImported }: GdapImportSectionProps) {
  const [gdap, setGdap] = useState<{ busy: boolean; customers: GdapCustomer[] | null; error: string | null }>({
    busy: false,
    customers: null,
    error: null,
  });
  if (!managed.userTenantsAllowed) return null;
  if (!managed.gdapImportAllowed) {
    return (
      <p class="muted">
        Importing tenants from GDAP is turned off by your organisation. <ManagedMark />
      </p>
    );
  }

  const loadGdap = async () => {
    setGdap({ busy: true, customers: null, error: null });
    try {
      const { customers } = await askBackground({ type: 'listGdapCustomers' }, gdapResponseSchema);
      setGdap({ busy: false, customers, error: null });
      // Tenants already configured learn the roles GDAP requests there and those the analyst holds (shown
      // in the list and readiness, used to gate quick actions).
      const byTenant = new Map(customers.map((customer) => [customer.tenantId, customer]));
      await updateSettings((current) => ({
        ...current,
        tenants: current.tenants.map((tenant) => {
          const customer = byTenant.get(tenantKey(tenant));
          return customer ? { ...tenant, ...gdapFields(customer) } : tenant;
        }),
      }));
    } catch (error) {
      setGdap({ busy: false, customers: null, error: errorMessage(error) });
    }
  };

  const importCustomers = (selection: Array<{ customer: GdapCustomer; service: TenantService }>) => {
    let added = 0;
    updateSettings((current) => {
      const known = new Set(current.tenants.map(tenantKey));
      const adding = selection
        .filter(({ customer }) => !known.has(customer.tenantId))
        .map(({ customer, service }) =>
          tenantConfigSchema.parse({
            tenantId: customer.tenantId,
            resolvedTenantId: customer.tenantId,
            displayName: customer.displayName.slice(0, 80),
            service,
            ...gdapFields(customer),
          }),
        );
      added = adding.length;
      return { ...current, tenants: [...current.tenants, ...adding] };
    })
      .then(() => onImported(added))
      .catch((error) => setGdap((current) => ({ ...current, error: errorMessage(error) })));
  };

  return (
    <section class="gdap-section" aria-labelledby="gdap-heading">
      <h3 id="gdap-heading">Import from GDAP</h3>
      <p class="muted">
        Lists the customers of your granular delegated admin (GDAP) relationships: the security roles you hold there
        through the groups you are in, and those a relationship only requests. Security Reader gives read-only access,
        Security Operator read and write.
      </p>
      <button type="button" disabled={!account || gdap.busy} onClick={() => void loadGdap()}>
        {gdap.busy ? 'Loading…' : 'Import from GDAP'}
      </button>
      {!account && <p class="muted">Sign in first.</p>}
      {gdap.error && (
        <p class="error" role="alert">
          {gdap.error}
        </p>
      )}
      {gdap.customers && (
        <GdapImportList customers={gdap.customers} configuredTenantIds={new Set(settings.tenants.map(tenantKey))} onImport={importCustomers} />
      )}
    </section>
  );
}
