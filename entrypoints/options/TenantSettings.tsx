import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { GdapImportList } from '@/components/GdapImportList';
import { ManagedMark } from '@/components/ManagedPolicyNotes';
import { draftFromTenant, TenantForm, type TenantDraft } from '@/components/TenantForm';
import { TenantList } from '@/components/TenantList';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { gdapCustomerSchema, type GdapCustomer } from '@/utils/domain/gdap';
import type { TenantService } from '@/utils/domain/responsibility-matrix';
import { tenantConfigSchema, tenantKey, type Settings, type TenantConfig } from '@/utils/domain/settings';
import { updateSettings } from '@/utils/storage/settings-storage';
import type { ManagedState } from '@/utils/domain/managed-policy';
import { validateTenantDraft, type TenantDraftErrors } from '@/utils/domain/tenant-draft';
import { tenantIdFromAddTenantHash } from '@/utils/domain/add-tenant-link';
import { errorMessage } from './error-message';
import { useTenantStatuses } from './use-tenant-statuses';

const gdapResponseSchema = z.object({ ok: z.literal(true), customers: z.array(gdapCustomerSchema), skipped: z.number() });

/** What a tenant keeps of the GDAP import: requested roles, held roles (and via which groups), expiring relationships. */
function gdapFields(customer: GdapCustomer): Pick<TenantConfig, 'securityRoles' | 'heldSecurityRoles' | 'expiringRelationships'> {
  return {
    securityRoles: customer.securityRoles,
    heldSecurityRoles: customer.heldRoles?.slice(0, 20).map(({ role, via }) => ({ role, via: via.slice(0, 20) })) ?? null,
    expiringRelationships: customer.expiring.slice(0, 20),
  };
}

interface TenantSettingsProps {
  settings: Settings;
  managed: ManagedState;
  account: SignedInAccount | null;
}

/**
 * The tenant list, adding, editing and the GDAP import. The policy's tenants are read-only; with
 * `allowUserTenants: false` or `gdapImportAllowed: false` the analyst cannot add or import (the worker
 * refuses the import too).
 */
export function TenantSettings({ settings, managed, account }: TenantSettingsProps) {
  const managedKeys = new Set(managed.managedTenantKeys);
  // "Add this tenant to Handoff" from a portal page opened options.html#add-tenant=<guid>.
  const [prefillTenantId] = useState(() => tenantIdFromAddTenantHash(location.hash));
  useEffect(() => {
    if (prefillTenantId) document.getElementById('tenant-displayName')?.focus();
  }, [prefillTenantId]);
  const statuses = useTenantStatuses();
  const [addErrors, setAddErrors] = useState<TenantDraftErrors>({});
  const [editing, setEditing] = useState<{ key: string; errors: TenantDraftErrors } | null>(null);
  const [gdap, setGdap] = useState<{ busy: boolean; customers: GdapCustomer[] | null; error: string | null }>({
    busy: false,
    customers: null,
    error: null,
  });
  const editedTenant = editing ? settings.tenants.find((tenant) => tenantKey(tenant) === editing.key) : undefined;

  const addTenant = (draft: TenantDraft): boolean => {
    const result = validateTenantDraft(draft, settings.tenants);
    if (!result.ok) {
      setAddErrors(result.errors);
      return false;
    }
    setAddErrors({});
    updateSettings((current) => ({ ...current, tenants: [...current.tenants, result.tenant] })).catch((error) =>
      setAddErrors({ form: errorMessage(error) }),
    );
    return true;
  };

  const saveEdit = (draft: TenantDraft): boolean => {
    if (!editing || !editedTenant) return false;
    const result = validateTenantDraft(draft, settings.tenants, editedTenant);
    if (!result.ok) {
      setEditing({ ...editing, errors: result.errors });
      return false;
    }
    updateSettings((current) => ({
      ...current,
      tenants: current.tenants.map((tenant) => (tenantKey(tenant) === editing.key ? result.tenant : tenant)),
    }))
      .then(() => setEditing(null))
      .catch((error) => setEditing({ ...editing, errors: { form: errorMessage(error) } }));
    return true;
  };

  const removeTenant = (key: string) => {
    if (editing?.key === key) setEditing(null);
    void updateSettings((current) => ({
      ...current,
      tenants: current.tenants.filter((tenant) => tenantKey(tenant) !== key),
    }));
  };

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

  const importCustomers = (selection: Array<{ customer: GdapCustomer; service: TenantService }>) =>
    void updateSettings((current) => {
      const known = new Set(current.tenants.map(tenantKey));
      const added = selection
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
      return { ...current, tenants: [...current.tenants, ...added] };
    });

  return (
    <>
      <TenantList
        tenants={settings.tenants.map((config) => ({
          key: tenantKey(config),
          config,
          ...(statuses[tenantKey(config)] ?? { status: 'Not synced yet', problem: false }),
          managed: managedKeys.has(tenantKey(config)),
        }))}
        onEdit={(key) => setEditing({ key, errors: {} })}
        onRemove={removeTenant}
      />
      {editing && editedTenant && (
        <>
          <h3>Edit {editedTenant.displayName}</h3>
          <TenantForm
            key={editing.key}
            initial={draftFromTenant(editedTenant)}
            errors={editing.errors}
            onSubmit={saveEdit}
            onCancel={() => setEditing(null)}
            severityLocked={managed.severityLocked}
          />
        </>
      )}
      {managed.userTenantsAllowed ? (
        <>
          <h3 id="add-tenant">Add a tenant</h3>
          <TenantForm
            errors={addErrors}
            onSubmit={addTenant}
            severityLocked={managed.severityLocked}
            prefillTenantId={prefillTenantId ?? undefined}
          />
        </>
      ) : (
        <p class="muted">
          Your organisation manages the tenant list: you cannot add tenants. <ManagedMark />
        </p>
      )}
      {managed.userTenantsAllowed && managed.gdapImportAllowed && (
        <>
          <h3>Import from GDAP</h3>
          <p class="muted">
            Lists the customers of your granular delegated admin (GDAP) relationships: the security roles you hold
            there through the groups you are in, and those a relationship only requests. Security Reader gives
            read-only access, Security Operator read and write.
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
            <GdapImportList
              customers={gdap.customers}
              configuredTenantIds={new Set(settings.tenants.map(tenantKey))}
              onImport={importCustomers}
            />
          )}
        </>
      )}
      {managed.userTenantsAllowed && !managed.gdapImportAllowed && (
        <p class="muted">
          Importing tenants from GDAP is turned off by your organisation. <ManagedMark />
        </p>
      )}
    </>
  );
}
