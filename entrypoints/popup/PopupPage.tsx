import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { TenantSummaryList, type TenantSummaryRow } from '@/components/TenantSummaryList';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { queueUrl } from '@/utils/portal/portal-url';
import { tenantKey, type Settings } from '@/utils/domain/settings';
import { readFirstPaintState } from '@/utils/storage/first-paint-storage';
import type { CachedIncident } from '@/utils/sync/cached-incident';
import { readTenantCache } from '@/utils/storage/tenant-cache-storage';
import { watchTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import type { TenantSummaryEntry } from '@/utils/sync/tenant-summaries';
import { watchStoredSettings } from '@/utils/storage/settings-storage';
import { tenantReadiness } from '@/utils/domain/tenant-readiness';
import { tenantStatusText } from '@/utils/sync/tenant-status-text';

interface PopupState {
  settings: Settings;
  account: SignedInAccount | null;
  summaries: Record<string, TenantSummaryEntry>;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Tenants sorted by what awaits the partner, then reviews, then name. */
export function summaryRows({ settings, summaries }: Pick<PopupState, 'settings' | 'summaries'>): TenantSummaryRow[] {
  return settings.tenants
    .map((tenant) => {
      const key = tenantKey(tenant);
      const cache = summaries[key];
      const guid = [tenant.resolvedTenantId, cache?.resolvedTenantId, tenant.tenantId].find(
        (candidate): candidate is string => !!candidate && guidPattern.test(candidate),
      );
      return {
        key,
        displayName: tenant.displayName,
        service: tenant.service,
        color: tenant.color,
        securityRoles: tenant.securityRoles,
        accessText: tenantReadiness(tenant, { quickActionsEnabled: false, grantedScopes: [] }).accessText,
        tenantId: guid ?? null,
        queueUrl: guid ? queueUrl(guid) : null,
        summary: cache?.lastSuccessAt ? cache.summary : null,
        openGuidedTasks: cache?.openGuidedTasks ?? null,
        ...tenantStatusText(cache),
      };
    })
    .sort(
      (a, b) =>
        (b.summary?.awaitingYou ?? -1) - (a.summary?.awaitingYou ?? -1) ||
        (b.summary?.reviews ?? -1) - (a.summary?.reviews ?? -1) ||
        a.displayName.localeCompare(b.displayName),
    );
}

/** The tenant summary, drawn from the cache before any network request; "Refresh now" asks the background. */
export function PopupPage() {
  const [state, setState] = useState<PopupState | null>(null);
  const [incidents, setIncidents] = useState<Record<string, readonly CachedIncident[]>>({});
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = async () => {
      setState(await readFirstPaintState());
      setIncidents({}); // lists reopen from the fresh caches
    };
    void load();
    const stopSettings = watchStoredSettings(() => void load());
    const stopSummaries = watchTenantSummaries(() => void load());
    return () => {
      stopSettings();
      stopSummaries();
    };
  }, []);

  const loadIncidents = async (key: string) => {
    const cache = await readTenantCache(key);
    setIncidents((loaded) => ({ ...loaded, [key]: cache ? Object.values(cache.incidents) : [] }));
  };

  if (!state) return <main class="popup" aria-busy="true" />;
  const openOptions = () => void browser.runtime.openOptionsPage();
  const refresh = async () => {
    setRefreshing(true);
    setError(null);
    try {
      await askBackground({ type: 'refreshNow' }, z.object({ ok: z.literal(true) }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <main class="popup">
      <header class="popup__header">
        <h1>Handoff</h1>
        {state.settings.tenants.length > 0 && state.account && (
          <button type="button" disabled={refreshing} onClick={() => void refresh()}>
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
        )}
      </header>
      {state.settings.tenants.length > 0 &&
        (!state.account || Object.values(state.summaries).some((entry) => entry.status.state === 'needsSignIn')) && (
        <div class="popup__notice" role="status">
          <p>Sign in needed: Handoff shows what it knew at the last sync.</p>
          <button type="button" class="button-primary" onClick={openOptions}>
            Open options to sign in
          </button>
        </div>
      )}
      {state.settings.tenants.length === 0 ? (
        <div class="popup__empty">
          <p>No customer tenants yet.</p>
          <button type="button" class="button-primary" onClick={openOptions}>
            {state.account ? 'Open options to add a tenant' : 'Open options to sign in and add tenants'}
          </button>
        </div>
      ) : (
        <TenantSummaryList
          rows={summaryRows(state)}
          incidents={incidents}
          onOpenCount={(key) => void loadIncidents(key)}
          now={Date.now()}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
