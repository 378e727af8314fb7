import { useEffect, useState } from 'preact/hooks';
import { ManagedMark } from '@/components/ManagedPolicyNotes';
import { SaveStatus, type SaveState } from '@/components/SaveStatus';
import { draftFromTenant, TenantForm, type TenantDraft } from '@/components/TenantForm';
import { TenantList, type TenantListItem } from '@/components/TenantList';
import { UndoToast } from '@/components/UndoToast';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import { tenantKey, type Settings } from '@/utils/domain/settings';
import { updateSettings } from '@/utils/storage/settings-storage';
import type { ManagedState } from '@/utils/domain/managed-policy';
import { validateTenantDraft, type TenantDraftErrors } from '@/utils/domain/tenant-draft';
import { tenantIdFromAddTenantHash } from '@/utils/domain/add-tenant-link';
import { tenantAccess } from '@/utils/domain/tenant-readiness';
import { removeTenant, restoreTenant, type RemovedTenant } from '@/utils/domain/tenant-removal';
import { tenantFlags } from '@/utils/domain/tenant-table';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';
import { tenantStatusText } from '@/utils/sync/tenant-status-text';
import { errorMessage } from '@/utils/portal/error-message';
import { GdapImportSection } from './GdapImportSection';
import { tenantDetailsHash } from './options-route';
import { TenantDetails } from './TenantDetails';

interface TenantSettingsProps {
  settings: Settings;
  managed: ManagedState;
  account: SignedInAccount | null;
  grantedScopes: readonly string[];
  summaries: TenantSummaries;
  /** `#tenant=<key>`: the tenant whose readiness details are open. */
  detailsKey: string | null;
}

/** Each tenant's line: its sync state from the summaries and its badges (utils/domain/tenant-table.ts). */
function listItems(settings: Settings, managed: ManagedState, summaries: TenantSummaries): TenantListItem[] {
  const managedKeys = new Set(managed.managedTenantKeys);
  return settings.tenants.map((config) => {
    const key = tenantKey(config);
    const entry = summaries[key];
    const flags = tenantFlags({
      access: tenantAccess(config),
      service: config.service,
      teamsChannelUrl: config.teamsChannelUrl,
      expiringCount: config.expiringRelationships.length,
      syncState: entry?.status.state ?? null,
    });
    return { key, config, ...tenantStatusText(entry), flags, managed: managedKeys.has(key) };
  });
}

/**
 * The tenant table (search, readiness filters), a tenant's details, adding, editing, Remove with Undo, and
 * the GDAP import. The policy's tenants are read-only; with `allowUserTenants: false` or
 * `gdapImportAllowed: false` the analyst cannot add or import (the worker refuses the import too).
 *
 * Remove writes at once; Undo (ten seconds) writes the tenant back with all its settings. The sync round
 * that the removal starts purges the tenant's cache and tokens, so an undone tenant syncs again from the
 * start on the round its return starts (its settings are kept, its incidents re-read).
 */
export function TenantSettings({ settings, managed, account, grantedScopes, summaries, detailsKey }: TenantSettingsProps) {
  // "Add this tenant to Handoff" from a portal page opened options.html#add-tenant=<guid>.
  const [prefillTenantId] = useState(() => tenantIdFromAddTenantHash(location.hash));
  useEffect(() => {
    if (prefillTenantId) document.getElementById('tenant-displayName')?.focus();
  }, [prefillTenantId]);
  const [addErrors, setAddErrors] = useState<TenantDraftErrors>({});
  const [editing, setEditing] = useState<{ key: string; errors: TenantDraftErrors } | null>(null);
  const [removed, setRemoved] = useState<RemovedTenant | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const editedTenant = editing ? settings.tenants.find((tenant) => tenantKey(tenant) === editing.key) : undefined;
  const detailsItem = detailsKey ? listItems(settings, managed, summaries).find((item) => item.key === detailsKey) : undefined;

  const saved = (text: string) => setSaveState({ kind: 'saved', text });
  const failed = (error: unknown) => setSaveState({ kind: 'error', text: errorMessage(error) });

  const addTenant = (draft: TenantDraft): boolean => {
    const result = validateTenantDraft(draft, settings.tenants);
    if (!result.ok) {
      setAddErrors(result.errors);
      return false;
    }
    setAddErrors({});
    updateSettings((current) => ({ ...current, tenants: [...current.tenants, result.tenant] }))
      .then(() => saved(`Added ${result.tenant.displayName}.`))
      .catch((error) => setAddErrors({ form: errorMessage(error) }));
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
      .then(() => {
        setEditing(null);
        saved(`Saved ${result.tenant.displayName}.`);
      })
      .catch((error) => setEditing({ ...editing, errors: { form: errorMessage(error) } }));
    return true;
  };

  const remove = (key: string) => {
    if (editing?.key === key) setEditing(null);
    let taken: RemovedTenant | null = null;
    updateSettings((current) => {
      const result = removeTenant(current.tenants, key);
      taken = result.removed;
      return { ...current, tenants: result.tenants };
    })
      .then(() => {
        setRemoved(taken);
        setSaveState({ kind: 'idle' });
        if (detailsKey === key) history.replaceState(null, '', '#tenants');
      })
      .catch(failed);
  };

  const undo = () => {
    if (!removed) return;
    const back = removed;
    setRemoved(null);
    updateSettings((current) => ({ ...current, tenants: restoreTenant(current.tenants, back) }))
      .then(() => saved(`Restored ${back.tenant.displayName}.`))
      .catch(failed);
  };

  return (
    <>
      <TenantList
        tenants={listItems(settings, managed, summaries)}
        detailsHref={tenantDetailsHash}
        onEdit={(key) => setEditing({ key, errors: {} })}
        onRemove={remove}
      />
      <SaveStatus state={saveState} />
      {detailsItem && <TenantDetails item={detailsItem} settings={settings} grantedScopes={grantedScopes} />}
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
          <TenantForm errors={addErrors} onSubmit={addTenant} severityLocked={managed.severityLocked} prefillTenantId={prefillTenantId ?? undefined} />
        </>
      ) : (
        <p class="muted">
          Your organisation manages the tenant list: you cannot add tenants. <ManagedMark />
        </p>
      )}
      <GdapImportSection
        settings={settings}
        managed={managed}
        account={account}
        onImported={(count) => saved(`Added ${count} ${count === 1 ? 'tenant' : 'tenants'}.`)}
      />
      <UndoToast message={removed ? `Removed ${removed.tenant.displayName}.` : null} onUndo={undo} onExpire={() => setRemoved(null)} />
    </>
  );
}
