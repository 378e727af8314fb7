import { useEffect, useState } from 'preact/hooks';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import type { Settings } from '@/utils/domain/settings';
import type { ManagedState } from '@/utils/domain/managed-policy';
import { readEffectiveSettings, readGrantedScopes, readSignedInAccount, watchStoredSettings } from '@/utils/storage/settings-storage';

interface StoredSettings {
  /** The effective settings: the organisation's policy over the analyst's own. */
  settings: Settings | null;
  /** What the policy sets (shown read-only) and the policy values it ignored (shown as warnings). */
  managed: ManagedState | null;
  account: SignedInAccount | null;
  grantedScopes: string[];
}

/** Settings, the policy, the signed-in account and its granted scopes, live: any change re-renders. */
export function useStoredSettings(): StoredSettings {
  const [state, setState] = useState<StoredSettings>({ settings: null, managed: null, account: null, grantedScopes: [] });
  useEffect(() => {
    let active = true;
    const load = async () => {
      const [{ settings, managed }, account, grantedScopes] = await Promise.all([
        readEffectiveSettings(),
        readSignedInAccount(),
        readGrantedScopes(),
      ]);
      if (active) setState({ settings, managed, account, grantedScopes });
    };
    void load();
    const stop = watchStoredSettings(() => void load());
    return () => {
      active = false;
      stop();
    };
  }, []);
  return state;
}
