import type { HuntRunState } from '@/utils/hunting/hunt-model';

/** A run's progress, as utils/hunting's huntProgress gives it. */
export interface HuntProgressView {
  answered: number;
  total: number;
  rows: number;
  /** 0..1 */
  fraction: number;
  text: string;
}

interface HuntProgressProps {
  progress: HuntProgressView;
  state: HuntRunState;
  /** Why Handoff stopped the run (state 'stopped'), text only. */
  stoppedReason: string | null;
  cancelling: boolean;
  onCancel: () => void;
}

const endings: Record<Exclude<HuntRunState, 'running' | 'done' | 'stopped'>, string> = {
  cancelled: 'You cancelled this run.',
  interrupted: 'This run was interrupted (the browser stopped Handoff’s worker, or the page was closed): run the query again to finish it.',
};

/** The run's progress bar and words (announced politely as they change), and Cancel while it runs. */
export function HuntProgress({ progress, state, stoppedReason, cancelling, onCancel }: HuntProgressProps) {
  const running = state === 'running';
  const ending = state === 'stopped' ? `Handoff stopped this run: ${stoppedReason ?? 'no reason given'}` : state in endings ? endings[state as keyof typeof endings] : null;
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
