import { useEffect, useState } from 'preact/hooks';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import type { Settings } from '@/utils/domain/settings';
import { readGrantedScopes, readSettings, readSignedInAccount, watchStoredSettings } from '@/utils/storage/settings-storage';

interface StoredSettings {
  settings: Settings | null;
  account: SignedInAccount | null;
  grantedScopes: string[];
}

/** Settings, the signed-in account and its granted scopes, live: any context's change re-renders. */
export function useStoredSettings(): StoredSettings {
  const [state, setState] = useState<StoredSettings>({ settings: null, account: null, grantedScopes: [] });
  useEffect(() => {
    let active = true;
    const load = async () => {
      const [settings, account, grantedScopes] = await Promise.all([readSettings(), readSignedInAccount(), readGrantedScopes()]);
      if (active) setState({ settings, account, grantedScopes });
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
