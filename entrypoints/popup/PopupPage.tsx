import { useEffect, useState } from 'preact/hooks';
import { z } from 'zod';
import { TenantSummaryList, type TenantSummaryRow } from '@/components/TenantSummaryList';
import type { SignedInAccount } from '@/utils/auth/auth-protocol';
import { askBackground } from '@/utils/background-client';
import { queueUrl } from '@/utils/portal-routes';
import { tenantKey, type Settings } from '@/utils/settings';
import { readSettings, readSignedInAccount } from '@/utils/settings-store';
import { readAllTenantCaches, tenantCacheKeyPrefix } from '@/utils/sync/tenant-cache-store';
import type { TenantCache } from '@/utils/sync/tenant-cache';
import { tenantReadiness } from '@/utils/tenant-readiness';
import { tenantStatusText } from '@/utils/tenant-status-text';

interface PopupState {
  settings: Settings;
  account: SignedInAccount | null;
  caches: TenantCache[];
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Tenants sorted by what awaits the partner, then reviews, then name. */
export function summaryRows({ settings, caches }: Pick<PopupState, 'settings' | 'caches'>): TenantSummaryRow[] {
  const byKey = new Map(caches.map((cache) => [cache.tenantKey, cache]));
  return settings.tenants
    .map((tenant) => {
      const key = tenantKey(tenant);
      const cache = byKey.get(key);
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
        incidents: cache ? Object.values(cache.incidents) : [],
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
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = async () => {
      const [settings, account, caches] = await Promise.all([readSettings(), readSignedInAccount(), readAllTenantCaches()]);
      setState({ settings, account, caches });
    };
    void load();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && Object.keys(changes).some((key) => key.startsWith(tenantCacheKeyPrefix) || key === 'settings' || key === 'signedInAccount')) {
        void load();
      }
    };
    browser.storage.onChanged.addListener(listener);
    return () => browser.storage.onChanged.removeListener(listener);
  }, []);

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
      {!state.account && state.settings.tenants.length > 0 && (
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
        <TenantSummaryList rows={summaryRows(state)} now={Date.now()} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
