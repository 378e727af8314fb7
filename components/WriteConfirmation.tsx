import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '@/utils/portal/error-message';

export interface PendingWrite {
  title: string;
  lines: string[];
  confirmLabel: string;
  expiresAt: number;
}

type State = { kind: 'loading' } | { kind: 'gone'; text: string } | { kind: 'asking'; pending: PendingWrite } | { kind: 'sending' };

/**
 * The confirm window's question: what the worker will write, where, and two buttons. Text only. It asks
 * the worker again every few seconds (which also keeps the worker awake while the analyst reads) and
 * says so when the request expired or was answered elsewhere.
 */
export function WriteConfirmation(props: {
  load(): Promise<PendingWrite | null>;
  answer(approved: boolean): Promise<void>;
  close(): void;
  now(): number;
}) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    const refresh = () =>
      props.load().then(
        (pending) => {
          if (!current) return;
          setState((previous) =>
            previous.kind === 'sending'
              ? previous
              : pending && pending.expiresAt > props.now()
                ? { kind: 'asking', pending }
                : { kind: 'gone', text: 'This request expired or was already answered: nothing will be written from here.' },
          );
        },
        (error: unknown) => current && setState({ kind: 'gone', text: errorMessage(error) }),
      );
    void refresh();
    const timer = setInterval(refresh, 10_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, []);

  const send = (approved: boolean) => {
    setState({ kind: 'sending' });
    props.answer(approved).catch((error: unknown) => setState({ kind: 'gone', text: errorMessage(error) }));
  };

  return (
    <main class="handoff-confirm" aria-labelledby="handoff-confirm-title">
      <h1 id="handoff-confirm-title">{state.kind === 'asking' ? state.pending.title : 'Confirm a change'}</h1>
      {state.kind === 'loading' && <p>Loading…</p>}
      {state.kind === 'sending' && <p role="status">Sending…</p>}
      {state.kind === 'gone' && (
        <>
          <p role="alert">{state.text}</p>
          <button type="button" onClick={props.close}>
            Close
          </button>
        </>
      )}
      {state.kind === 'asking' && (
        <>
          <p>Handoff will change this in Microsoft Defender on your behalf. Check it is what you asked for in the portal.</p>
          <ul>
            {state.pending.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div class="handoff-confirm__buttons">
            <button type="button" onClick={() => send(true)}>
              {state.pending.confirmLabel}
            </button>
            <button type="button" onClick={() => send(false)}>
              Cancel
            </button>
          </div>
        </>
      )}
    </main>
  );
}
