import { useState } from 'preact/hooks';
import { z } from 'zod';
import { AccountSection } from '@/components/AccountSection';
import { signedInAccountSchema, type SignedInAccount } from '@/utils/domain/signed-in-account';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { guidSchema, type Settings } from '@/utils/domain/settings';
import type { ManagedState } from '@/utils/domain/managed-policy';
import { updateSettings } from '@/utils/storage/settings-storage';
import { errorMessage } from './error-message';

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

  const signIn = async (clientIdText: string) => {
    // A policy's application id is the one used, whatever the field held.
    const clientId = guidSchema.safeParse(clientIdLocked ? settings.clientId : clientIdText);
    if (!clientId.success) {
      setError('The application (client) ID must be a GUID, as shown on the app registration’s overview.');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      if (!clientIdLocked) await updateSettings((current) => ({ ...current, clientId: clientId.data }));
      await askBackground({ type: 'signIn' }, signInResponseSchema);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const signOut = async () => {
    try {
      await askBackground({ type: 'signOut' }, okSchema);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  /** Turning quick actions on asks for the write scope at once (incremental consent); refused means off. */
  const setQuickActions = async (enabled: boolean) => {
    if (quickActionsLocked) return;
    setError(null);
    await updateSettings((current) => ({ ...current, quickActionsEnabled: enabled }));
    if (!enabled || !account) return;
    setBusy(true);
    try {
      await askBackground({ type: 'signIn' }, signInResponseSchema);
    } catch (failure) {
      await updateSettings((current) => ({ ...current, quickActionsEnabled: false }));
      setError(`Quick actions stay off: ${errorMessage(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
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
  );
}
