import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { WorkQueuePopup } from '@/components/WorkQueuePopup';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import { askBackground } from '@/utils/channels/extension-page-channel';
import type { Settings, TenantConfig } from '@/utils/domain/settings';
import { readFirstPaintState } from '@/utils/storage/first-paint-storage';
import { watchTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';
import { watchStoredSettings } from '@/utils/storage/settings-storage';
import { useWorkQueue } from './use-work-queue';

interface PopupState {
  settings: Settings;
  account: SignedInAccount | null;
  summaries: TenantSummaries;
  /** When the state was read: the times in the popup count from here. */
  now: number;
}

/** The list's height: the popup is at most 600 px tall, and the controls above take the rest. */
const listHeight = 400;

function PopupWorkQueue({ state }: { state: PopupState }) {
  const { settings, summaries, now, account } = state;
  const team = { you: account?.username ?? null, extraAliases: settings.extraAssigneeAliases };
  return <WorkQueuePopup {...useWorkQueue(settings.tenants, summaries, now, team)} listHeight={listHeight} />;
}

/**
 * The work queue, drawn from the summaries document before any network request (never from an incident
 * cache); "Refresh now" asks the background.
 */
export function PopupPage() {
  const [state, setState] = useState<PopupState | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = async () => {
      setState({ ...(await readFirstPaintState()), now: Date.now() });
    };
    void load();
    const stopSettings = watchStoredSettings(() => void load());
    const stopSummaries = watchTenantSummaries(() => void load());
    return () => {
      stopSettings();
      stopSummaries();
    };
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
    <main class="popup" aria-busy="false">
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
        <PopupWorkQueue state={state} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
