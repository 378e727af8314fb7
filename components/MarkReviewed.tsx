import { useState } from 'preact/hooks';
import { onlyTrusted, trustedSubmitGuard } from '@/utils/portal/trusted-input';
import { commentMaxLength, type QuickActionAvailability, type QuickActionId } from '@/utils/portal/quick-action-rules';
import { FormButtons } from './FormButtons';

interface MarkReviewedProps {
  incidentId: string;
  availability: QuickActionAvailability;
  /** The quick action running now; the button waits meanwhile. */
  busy: QuickActionId | null;
  /** No write access here: the mark is kept on this browser only (the panel says so before the click). */
  localOnly: boolean;
  /** The comment is optional: null when the analyst wrote none. */
  onMarkReviewed: (comment: string | null) => void;
}

/**
 * "Mark reviewed" on a review (an incident Defender Experts resolved for the partner to check): the button
 * opens a small form with an optional comment; submitting tags the incident "Handoff: reviewed" for the team.
 * Trusted input only, like every write control (utils/portal/trusted-input.ts). Renders only.
 */
export function MarkReviewed({ incidentId, availability, busy, localOnly, onMarkReviewed }: MarkReviewedProps) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [submitGuard] = useState(() => trustedSubmitGuard());
  if (availability.state === 'hidden') return null;
  const id = (suffix: string) => `handoff-${incidentId}-${suffix}`;
  const disabled = availability.state === 'disabled' || busy !== null;
  return (
    <div class="handoff-mark-reviewed" role="group" aria-label="Review">
      <button
        type="button"
        class="handoff-button"
        disabled={disabled}
        aria-expanded={open}
        aria-describedby={availability.state === 'disabled' ? id('reviewed-reason') : undefined}
        onClick={onlyTrusted(() => setOpen(!open))}
      >
        {busy === 'markReviewed' ? 'Marking reviewed…' : 'Mark reviewed…'}
      </button>
      {localOnly && availability.state === 'enabled' && (
        <p class="handoff-quick-actions__reasons">No write access here: the mark stays on this browser only.</p>
      )}
      {availability.state === 'disabled' && (
        <p class="handoff-quick-actions__reasons" id={id('reviewed-reason')}>
          {availability.reason}
        </p>
      )}
      {open && availability.state === 'enabled' && (
        <form
          class="handoff-form"
          aria-label="Mark reviewed"
          onSubmit={(event) => {
            event.preventDefault();
            if (!submitGuard.allowsSubmit()) return;
            onMarkReviewed(comment.trim() === '' ? null : comment);
          }}
        >
          {!localOnly && (
            <>
              <label for={id('reviewed-comment')}>Comment (optional)</label>
              <textarea
                id={id('reviewed-comment')}
                maxLength={commentMaxLength}
                rows={2}
                value={comment}
                onInput={(event) => setComment(event.currentTarget.value)}
              />
            </>
          )}
          <FormButtons label="Mark reviewed" busy={busy !== null} onSubmitClick={(event) => submitGuard.submitterClick(event)} onCancel={() => setOpen(false)} />
        </form>
      )}
    </div>
  );
}
