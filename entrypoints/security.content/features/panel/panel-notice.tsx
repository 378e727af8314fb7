import type { QuickActionOutcome } from '@/utils/messages/portal-answers';

export type NoticeKind = QuickActionOutcome | 'error' | 'info';
export interface Notice {
  kind: NoticeKind;
  text: string;
}

/** Puts one line in the panel's notice (or clears it with null): every concern of the panel reports there. */
export type ShowNotice = (notice: Notice | null) => void;

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The panel's notice line. Good news and plain information go to a polite status region that is always
 * in the page (so screen readers hear it change); conflicts, refusals and errors get their own alert.
 */
export function PanelNotice({ notice }: { notice: Notice | null }) {
  return (
    <>
      <p class="handoff-notice" role="status">
        {notice && (notice.kind === 'done' || notice.kind === 'info') ? notice.text : ''}
      </p>
      {notice && notice.kind !== 'done' && notice.kind !== 'info' && (
        <p class={`handoff-notice handoff-notice--${notice.kind}`} role="alert">
          {notice.text}
        </p>
      )}
    </>
  );
}

/** While a destructive write waits for the confirm window the worker opened. */
export const confirmInWindowText = 'Confirm in the Handoff window that opened: nothing is written before.';
