import { useState } from 'preact/hooks';
import { z } from 'zod';
import { AccountSection } from '@/components/AccountSection';
import { GdapImportList } from '@/components/GdapImportList';
import { ResponsibilityMatrixView } from '@/components/ResponsibilityMatrixView';
import { TenantForm } from '@/components/TenantForm';
import { TenantList } from '@/components/TenantList';
import { signedInAccountSchema } from '@/utils/auth/auth-protocol';
import { askBackground } from '@/utils/background-client';
import { gdapCustomerSchema, type GdapCustomer } from '@/utils/gdap';
import { guidSchema, tenantConfigSchema, tenantKey } from '@/utils/settings';
import { updateSettings } from '@/utils/settings-store';
import { validateTenantDraft, type TenantDraftErrors } from '@/utils/tenant-draft';
import { useStoredSettings } from './use-stored-settings';
import { useTenantStatuses } from './use-tenant-statuses';

const okSchema = z.object({ ok: z.literal(true) });
const signInResponseSchema = z.object({ ok: z.literal(true), account: signedInAccountSchema });
const gdapResponseSchema = z.object({ ok: z.literal(true), customers: z.array(gdapCustomerSchema), skipped: z.number() });

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function OptionsPage() {
  const { settings, account } = useStoredSettings();
  const statuses = useTenantStatuses();
  const [signInBusy, setSignInBusy] = useState(false);
  const [accountError, setAccountError] = useState<string | null>(null);
  const [tenantErrors, setTenantErrors] = useState<TenantDraftErrors>({});
  const [gdap, setGdap] = useState<{ busy: boolean; customers: GdapCustomer[] | null; error: string | null }>({
    busy: false,
    customers: null,
    error: null,
  });
  const manifest = browser.runtime.getManifest();
  if (!settings) return <main class="options" aria-busy="true" />;

  const signIn = async (clientIdText: string) => {
    const clientId = guidSchema.safeParse(clientIdText);
    if (!clientId.success) {
      setAccountError('The application (client) ID must be a GUID, as shown on the app registration’s overview.');
      return;
    }
    setAccountError(null);
    setSignInBusy(true);
    try {
      await updateSettings((current) => ({ ...current, clientId: clientId.data }));
      await askBackground({ type: 'signIn' }, signInResponseSchema);
    } catch (error) {
      setAccountError(errorMessage(error));
    } finally {
      setSignInBusy(false);
    }
  };

  const signOut = async () => {
    try {
      await askBackground({ type: 'signOut' }, okSchema);
    } catch (error) {
      setAccountError(errorMessage(error));
    }
  };

  const addTenant = (draft: Parameters<typeof validateTenantDraft>[0]): boolean => {
    const result = validateTenantDraft(draft, settings.tenants);
    if (!result.ok) {
      setTenantErrors(result.errors);
      return false;
    }
    setTenantErrors({});
    updateSettings((current) => ({ ...current, tenants: [...current.tenants, result.tenant] })).catch((error) =>
      setTenantErrors({ form: errorMessage(error) }),
    );
    return true;
  };

  const removeTenant = (key: string) =>
    void updateSettings((current) => ({
      ...current,
      tenants: current.tenants.filter((tenant) => tenantKey(tenant) !== key),
    }));

  const loadGdap = async () => {
    setGdap({ busy: true, customers: null, error: null });
    try {
      const { customers } = await askBackground({ type: 'listGdapCustomers' }, gdapResponseSchema);
      setGdap({ busy: false, customers, error: null });
    } catch (error) {
      setGdap({ busy: false, customers: null, error: errorMessage(error) });
    }
  };

  const importCustomers = (selection: Parameters<Parameters<typeof GdapImportList>[0]['onImport']>[0]) =>
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
          }),
        );
      return { ...current, tenants: [...current.tenants, ...added] };
    });

  const configuredTenantIds = new Set(settings.tenants.map(tenantKey));

  return (
    <main class="options">
      <h1>Handoff for Microsoft Defender</h1>

      <section aria-labelledby="account-heading">
        <h2 id="account-heading">Account</h2>
        <AccountSection
          clientId={settings.clientId}
          account={account}
          busy={signInBusy}
          error={accountError}
          onSignIn={(clientId) => void signIn(clientId)}
          onSignOut={() => void signOut()}
        />
      </section>

      <section aria-labelledby="tenants-heading">
        <h2 id="tenants-heading">Tenants</h2>
        <TenantList
          tenants={settings.tenants.map((config) => ({
            key: tenantKey(config),
            config,
            ...(statuses[tenantKey(config)] ?? { status: 'Not synced yet', problem: false }),
          }))}
          onRemove={removeTenant}
        />
        <h3>Add a tenant</h3>
        <TenantForm errors={tenantErrors} onAdd={addTenant} />
        <h3>Import from GDAP</h3>
        <p class="muted">
          Lists the customers of your granular delegated admin (GDAP) relationships and the security roles
          each grants: Security Reader gives read-only access, Security Operator read and write.
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
            configuredTenantIds={configuredTenantIds}
            onImport={importCustomers}
          />
        )}
      </section>

      <section aria-labelledby="who-does-what">
        <h2 id="who-does-what">Who does what</h2>
        <p class="muted">
          Microsoft's responsibility tables for Defender Experts and the customer SOC or MSSP partner. Handoff
          uses them to decide whose move each incident is.
        </p>
        <ResponsibilityMatrixView />
      </section>

      <section aria-labelledby="about">
        <h2 id="about">About</h2>
        <p>
          {manifest.name} {manifest.version}
        </p>
      </section>
    </main>
  );
}
