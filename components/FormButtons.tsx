/**
 * A panel form's two buttons: submit (its click goes to the form's trusted-submit guard, so only the
 * analyst's own click submits) and Cancel.
 */
export function FormButtons({
  label,
  busy,
  onSubmitClick,
  onCancel,
}: {
  label: string;
  busy: boolean;
  onSubmitClick: (event: MouseEvent) => void;
  onCancel: () => void;
}) {
  return (
    <div class="handoff-form__buttons">
      <button type="submit" class="handoff-button handoff-button--primary" disabled={busy} onClick={onSubmitClick}>
        {label}
      </button>
      <button type="button" class="handoff-button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
