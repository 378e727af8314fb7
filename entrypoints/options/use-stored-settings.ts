import { useEffect, useState } from 'preact/hooks';
import type { SignedInAccount } from '@/utils/auth/auth-protocol';
import type { Settings } from '@/utils/settings';
import { readSettings, readSignedInAccount, watchStoredSettings } from '@/utils/settings-store';

/** Settings and the signed-in account, live: any context's change (e.g. the background) re-renders. */
export function useStoredSettings(): { settings: Settings | null; account: SignedInAccount | null } {
  const [state, setState] = useState<{ settings: Settings | null; account: SignedInAccount | null }>({
    settings: null,
    account: null,
  });
  useEffect(() => {
    let active = true;
    const load = async () => {
      const [settings, account] = await Promise.all([readSettings(), readSignedInAccount()]);
      if (active) setState({ settings, account });
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
