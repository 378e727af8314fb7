import type { FailureAction, FailureAdvice } from '@/utils/sync/failure-advice';
import { CopyButton } from './CopyButton';

interface FailureAdviceViewProps {
  advice: FailureAdvice;
  /** Shown before the sentence, e.g. the tenant's name; omitted on the account's own failure. */
  heading?: string;
  onRetry?: () => void;
  onSignIn?: () => void;
  busy?: boolean;
  /** role="alert" for a failure the analyst just caused (sign-in); lists of tenant failures stay quiet. */
  alert?: boolean;
}

/**
 * A failure in plain words with its next steps as buttons; the raw error text folded under "Details".
 * Copy buttons use the page's clipboard and say whether it worked (CopyButton).
 */
export function FailureAdviceView({ advice, heading, onRetry, onSignIn, busy = false, alert = false }: FailureAdviceViewProps) {
  const button = (action: FailureAction) => {
    switch (action.kind) {
      case 'copy':
        return <CopyButton key={action.label} label={action.label} text={action.text} what={action.label.replace(/^Copy /, '')} />;
      case 'retry':
        return onRetry ? (
          <button key={action.label} type="button" disabled={busy} onClick={onRetry}>
            {action.label}
          </button>
        ) : null;
      case 'signIn':
        return onSignIn ? (
          <button key={action.label} type="button" disabled={busy} onClick={onSignIn}>
            {action.label}
          </button>
        ) : null;
    }
  };

  return (
    <div class="failure-advice" role={alert ? 'alert' : undefined} data-failure-kind={advice.kind}>
      <p class="failure-advice__sentence">
        {heading && <strong>{heading}: </strong>}
        {advice.sentence}
      </p>
      {advice.actions.length > 0 && <div class="failure-advice__actions">{advice.actions.map(button)}</div>}
      {advice.details && (
        <details class="failure-advice__details">
          <summary>Details</summary>
          <p>{advice.details}</p>
        </details>
      )}
    </div>
  );
}
