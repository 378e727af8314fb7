import { useEffect, useRef } from 'preact/hooks';

export const undoWindowMs = 10_000;

interface UndoToastProps {
  /** What was done ("Removed Contoso."); null: nothing to undo (the live region stays, empty). */
  message: string | null;
  onUndo: () => void;
  /** The undo window ended. */
  onExpire: () => void;
}

/**
 * "Removed Contoso. [Undo]" for ten seconds at the bottom of the page, announced politely. The region is
 * always in the page so screen readers hear what is put in it.
 */
export function UndoToast({ message, onUndo, onExpire }: UndoToastProps) {
  const undoButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (message === null) return undefined;
    // The Remove button went with its row: a keyboard user lands on Undo instead of the page's start.
    if (document.activeElement === null || document.activeElement === document.body) undoButton.current?.focus();
    const timer = setTimeout(onExpire, undoWindowMs);
    return () => clearTimeout(timer);
  }, [message]);
  return (
    <div class="undo-toast" role="status">
      {message !== null && (
        <div class="undo-toast__body">
          <span>{message}</span>
          <button ref={undoButton} type="button" onClick={onUndo}>
            Undo
          </button>
        </div>
      )}
    </div>
  );
}
