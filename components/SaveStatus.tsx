export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; text: string } | { kind: 'error'; text: string };

/** The confirmation beside settings saved as they change: "Saving…", "Saved.", or what went wrong. */
export function SaveStatus({ state, id }: { state: SaveState; id?: string }) {
  const text = state.kind === 'saving' ? 'Saving…' : state.kind === 'idle' ? '' : state.text;
  return (
    <p id={id} class={state.kind === 'error' ? 'save-status error' : 'save-status muted'} role="status" data-save-state={state.kind}>
      {text}
    </p>
  );
}
