import type { HuntRunState } from '@/utils/hunting/hunt-model';
import type { HuntProgress as HuntProgressFigures } from '@/utils/hunting/hunt-results';

interface HuntProgressProps {
  /** A run's progress, as utils/hunting's huntProgress gives it. */
  progress: HuntProgressFigures;
  state: HuntRunState;
  /** Why Handoff stopped the run (state 'stopped'): the reason alone (huntStoppedReason), text only. */
  stoppedReason: string | null;
  cancelling: boolean;
  onCancel: () => void;
}

const endings: Record<Exclude<HuntRunState, 'running' | 'done' | 'stopped'>, string> = {
  cancelled: 'You cancelled this run.',
  interrupted: 'This run was interrupted (the browser stopped Handoff’s worker, or the page was closed): run the query again to finish it.',
};

/** "Handoff stopped this run: <reason>"; a run stored before the reason was stored alone carries its own prefix. */
function stoppedText(reason: string | null): string {
  const alone = (reason ?? '').replace(/^\s*Handoff stopped (?:the|this) run[:.]?\s*/i, '').trim();
  return alone === '' ? 'Handoff stopped this run.' : `Handoff stopped this run: ${alone}`;
}

/** The run's progress bar and words (announced politely as they change), and Cancel while it runs. */
export function HuntProgress({ progress, state, stoppedReason, cancelling, onCancel }: HuntProgressProps) {
  const running = state === 'running';
  const ending = state === 'stopped' ? stoppedText(stoppedReason) : state in endings ? endings[state as keyof typeof endings] : null;
  return (
    <div class="hunt-progress">
      <progress
        class="hunt-progress__bar"
        aria-labelledby="hunt-progress-text"
        max={Math.max(1, progress.total)}
        value={Math.min(progress.answered, Math.max(1, progress.total))}
      />
      <p id="hunt-progress-text" class="hunt-progress__text" role="status" aria-live="polite">
        {progress.text}
      </p>
      {ending && <p class={state === 'stopped' ? 'warning' : 'muted'}>{ending}</p>}
      {running && (
        <button type="button" disabled={cancelling} onClick={onCancel}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
    </div>
  );
}
