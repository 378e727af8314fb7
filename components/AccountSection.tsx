import { useState } from 'preact/hooks';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import { unneededWriteScopes } from '@/utils/domain/write-access';
import { ManagedMark } from './ManagedPolicyNotes';

interface AccountSectionProps {
  clientId: string | null;
  account: SignedInAccount | null;
  grantedScopes: readonly string[];
  quickActionsEnabled: boolean;
  /** Set by the organisation's policy: shown read-only. */
  clientIdLocked?: boolean;
  quickActionsLocked?: boolean;
  busy: boolean;
  error: string | null;
  onSignIn: (clientId: string) => void;
  onSignOut: () => void;
  onQuickActionsChange: (enabled: boolean) => void;
}

/** Short scope names: "SecurityIncident.Read.All" rather than the full Graph resource URL. */
function scopeName(scope: string): string {
  return scope.replace(/^https:\/\/graph\.microsoft\.com\//i, '');
}

/** Application id, sign-in and the write consent for quick actions. The account is shown by its user name only. */
export function AccountSection(props: AccountSectionProps) {
  const { clientId, account, grantedScopes, quickActionsEnabled, busy, error, clientIdLocked = false, quickActionsLocked = false } = props;
  const [draftClientId, setDraftClientId] = useState(clientId ?? '');
  const writeScopesUnused = account ? unneededWriteScopes(grantedScopes, quickActionsEnabled) : [];
  return (
    <form
      class="account"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSignIn(clientIdLocked ? (clientId ?? '') : draftClientId);
      }}
    >
      <div class="field">
        <label for="client-id">Application (client) ID</label>
        {clientIdLocked && <ManagedMark id="client-id-managed" />}
        <input
          id="client-id"
          name="clientId"
          type="text"
          spellcheck={false}
          autocomplete="off"
          placeholder="00000000-0000-0000-0000-000000000000"
          value={clientIdLocked ? (clientId ?? '') : draftClientId}
          readOnly={clientIdLocked}
          aria-describedby={clientIdLocked ? 'client-id-managed client-id-help' : 'client-id-help'}
          aria-invalid={error ? true : undefined}
          onInput={(event) => setDraftClientId(event.currentTarget.value)}
        />
        <p id="client-id-help" class="help">
          The multi-tenant Entra application registered for Handoff (README: “Using it for real”).
        </p>
      </div>
      {account ? (
        <p class="account__status" aria-live="polite">
          Signed in as <strong>{account.username}</strong>
        </p>
      ) : (
        <p class="account__status muted" aria-live="polite">
          Not signed in.
        </p>
      )}
      {account && grantedScopes.length > 0 && (
        <p class="help">Granted: {grantedScopes.map(scopeName).join(', ')}</p>
      )}
      {writeScopesUnused.length > 0 && (
        <p class="warning" role="note">
          This sign-in can change incidents although quick actions are off ({writeScopesUnused.map(scopeName).join(', ')}):
          register a read-only application (no ReadWrite permission, README: “A read-only application”) and sign in
          with it, or turn quick actions on if you mean to use them.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {account && (
          <button type="button" disabled={busy} onClick={props.onSignOut}>
            Sign out
          </button>
        )}
      </div>
      <div class="checkbox-field">
        <input
          id="quick-actions"
          type="checkbox"
          checked={quickActionsEnabled}
          disabled={busy || quickActionsLocked}
          aria-describedby={quickActionsLocked ? 'quick-actions-managed quick-actions-help' : 'quick-actions-help'}
          onChange={(event) => props.onQuickActionsChange(event.currentTarget.checked)}
        />
        <label for="quick-actions">Enable quick actions</label>
        {quickActionsLocked && <ManagedMark id="quick-actions-managed" />}
      </div>
      <p id="quick-actions-help" class="help">
        Assign, resolve and comment from the portal panel. Asks Microsoft for SecurityIncident.ReadWrite.All
        (you consent once); your role in each tenant still decides what you may change.
      </p>
    </form>
  );
}
