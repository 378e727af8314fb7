import { errorMessage } from '@/utils/portal/error-message';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { getHuntDraftResponseSchema, type HuntDraft } from '@/utils/messages/hunt-requests';
import { readSettings, watchStoredSettings } from '@/utils/storage/settings-storage';
import { huntTenants, type HuntTenant } from './hunt-views';

/** The draft the page was opened with (`hunt.html#draft=<uuid>`, from "Run in all my tenants"), or null. */
export function draftIdOf(hash: string): string | null {
  const match = /^#draft=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(hash);
  return match ? match[1]!.toLowerCase() : null;
}

/** This browser's identity redirect URL (the consent link's redirect_uri), or null. */
function redirectUri(): string | null {
  try {
    return browser.identity.getRedirectURL();
  } catch {
    return null;
  }
}

export interface HuntSetup {
  /** null until the settings are read. */
  tenants: HuntTenant[] | null;
  clientId: string | null;
  redirectUri: string | null;
}

/** The configured tenants and the application id (live), as the options page reads them. */
export function useHuntSetup(): HuntSetup {
  const [setup, setSetup] = useState<HuntSetup>({ tenants: null, clientId: null, redirectUri: null });
  useEffect(() => {
    let active = true;
    const load = async () => {
      const settings = await readSettings();
      if (active) setSetup({ tenants: huntTenants(settings.tenants), clientId: settings.clientId ?? null, redirectUri: redirectUri() });
    };
    void load();
    const stop = watchStoredSettings(() => void load());
    return () => {
      active = false;
      stop();
    };
  }, []);
  return setup;
}

/**
 * The incident query the page was opened for: asked of the worker once (it hands each draft out once).
 * Never starts a run: the analyst reads the query and presses Run.
 */
export function useHuntDraft(onDraft: (draft: HuntDraft) => void): string | null {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const draftId = draftIdOf(location.hash);
    if (!draftId) return;
    askBackground({ type: 'getHuntDraft', draftId }, getHuntDraftResponseSchema)
      .then(({ draft }) => {
        if (draft) onDraft(draft);
        else setError('The query from the incident is no longer available: open it again from the incident.');
      })
      .catch((caught: unknown) => setError(errorMessage(caught)));
  }, []);
  return error;
}
