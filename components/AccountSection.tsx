import { useState } from 'preact/hooks';
import type { SignedInAccount } from '@/utils/auth/auth-protocol';

interface AccountSectionProps {
  clientId: string | null;
  account: SignedInAccount | null;
  busy: boolean;
  error: string | null;
  onSignIn: (clientId: string) => void;
  onSignOut: () => void;
}

/** Application id and sign-in. The signed-in account is shown by its user name only. */
export function AccountSection({ clientId, account, busy, error, onSignIn, onSignOut }: AccountSectionProps) {
  const [draftClientId, setDraftClientId] = useState(clientId ?? '');
  return (
    <form
      class="account"
      onSubmit={(event) => {
        event.preventDefault();
        onSignIn(draftClientId);
      }}
    >
      <div class="field">
        <label for="client-id">Application (client) ID</label>
        <input
          id="client-id"
          name="clientId"
          type="text"
          spellcheck={false}
          autocomplete="off"
          placeholder="00000000-0000-0000-0000-000000000000"
          value={draftClientId}
          aria-describedby="client-id-help"
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
          <button type="button" disabled={busy} onClick={onSignOut}>
            Sign out
          </button>
        )}
      </div>
    </form>
  );
}
