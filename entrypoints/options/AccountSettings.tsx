import { useRef, useState } from 'preact/hooks';
import { z } from 'zod';
import { AccountSection } from '@/components/AccountSection';
import { signedInAccountSchema, type SignedInAccount } from '@/utils/domain/signed-in-account';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { guidSchema, type Settings } from '@/utils/domain/settings';
import type { ManagedState } from '@/utils/domain/managed-policy';
import { updateSettings } from '@/utils/storage/settings-storage';
import { forgetFirstPaintMemo } from '@/utils/storage/first-paint-storage';
import { FailureAdviceView } from '@/components/FailureAdviceView';
import { signInFailureAdvice, type FailureAdvice } from '@/utils/sync/failure-advice';
import { adviceContext } from './error-message';
import { errorMessage } from '@/utils/portal/error-message';

/** What the Application ID field holds now (AccountSection keeps the draft): Retry signs in with it. */
const currentClientIdField = () => (document.getElementById('client-id') as HTMLInputElement | null)?.value ?? null;

const okSchema = z.object({ ok: z.literal(true) });
const signInResponseSchema = z.object({ ok: z.literal(true), account: signedInAccountSchema });

interface AccountSettingsProps {
  settings: Settings;
  managed: ManagedState;
  account: SignedInAccount | null;
  grantedScopes: readonly string[];
}

export function AccountSettings({ settings, managed, account, grantedScopes }: AccountSettingsProps) {
  const clientIdLocked = managed.locked.includes('clientId');
  const quickActionsLocked = managed.locked.includes('quickActionsEnabled');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** A sign-in that failed: plain words, next steps, the raw text under Details. */
  const [failure, setFailure] = useState<{ advice: FailureAdvice; retry: () => void } | null>(null);
  const lastClientId = useRef(settings.clientId ?? '');

  const signIn = async (clientIdText: string) => {
    // A policy's application id is the one used, whatever the field held.
    const clientId = guidSchema.safeParse(clientIdLocked ? settings.clientId : clientIdText);
    if (!clientId.success) {
      setError('The application (client) ID must be a GUID, as shown on the app registration’s overview.');
      return;
    }
    setError(null);
    setFailure(null);
    setBusy(true);
    lastClientId.current = clientId.data;
    try {
      if (!clientIdLocked) await updateSettings((current) => ({ ...current, clientId: clientId.data }));
      await askBackground({ type: 'signIn' }, signInResponseSchema);
    } catch (caught) {
      setFailure({
        advice: signInFailureAdvice(errorMessage(caught), adviceContext({ ...settings, clientId: clientId.data })),
        // Retry signs in with what the field holds then (the analyst may have corrected the id).
        retry: () => void signIn(clientIdLocked ? (settings.clientId ?? '') : (currentClientIdField() ?? lastClientId.current)),
      });
    } finally {
      setBusy(false);
    }
  };

  const signOut = async () => {
    setFailure(null);
    try {
      await askBackground({ type: 'signOut' }, okSchema);
      forgetFirstPaintMemo();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  /** Turning quick actions on asks for the write scope at once (incremental consent); refused means off. */
  const setQuickActions = async (enabled: boolean) => {
    if (quickActionsLocked) return;
    setError(null);
    setFailure(null);
    await updateSettings((current) => ({ ...current, quickActionsEnabled: enabled }));
    if (!enabled || !account) return;
    setBusy(true);
    try {
      await askBackground({ type: 'signIn' }, signInResponseSchema);
    } catch (failure) {
      await updateSettings((current) => ({ ...current, quickActionsEnabled: false }));
      const advice = signInFailureAdvice(errorMessage(failure), adviceContext({ ...settings, quickActionsEnabled: true }));
      setFailure({ advice: { ...advice, sentence: `Quick actions stay off. ${advice.sentence}` }, retry: () => void setQuickActions(true) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <AccountSection
        clientId={settings.clientId}
        account={account}
        grantedScopes={grantedScopes}
        quickActionsEnabled={settings.quickActionsEnabled}
        clientIdLocked={clientIdLocked}
        quickActionsLocked={quickActionsLocked}
        busy={busy}
        error={error}
        onSignIn={(clientId) => void signIn(clientId)}
        onSignOut={() => void signOut()}
        onQuickActionsChange={(enabled) => void setQuickActions(enabled)}
      />
      {failure && <FailureAdviceView advice={failure.advice} alert busy={busy} onRetry={failure.retry} />}
    </>
  );
}
