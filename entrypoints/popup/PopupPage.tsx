import { useEffect, useState } from 'preact/hooks';
// No zod and no webextension-polyfill before the first paint: the browser's own API here, and the
// channel (which validates answers with zod) loaded when Refresh is pressed (./refresh-now.ts).
import { browser } from '@wxt-dev/browser';
import { WorkQueuePopup } from '@/components/WorkQueuePopup';
import { anyNeedsSignIn } from '@/utils/sync/popup-first-screen';
import {
  readFirstPaintState,
  readFirstPaintSummaries,
  readFirstScreenState,
  watchFirstPaintState,
  type FirstPaintState,
  type FirstScreenState,
} from '@/utils/storage/first-paint-storage';
import { useWorkQueue } from './use-work-queue';
import { errorMessage } from '@/utils/portal/error-message';

/**
 * What the popup draws from: the summaries document, or first the popup's first screen (the worker's few
 * KB beside it) with `summaries` null until the document is read, right after the first paint.
 */
export type PopupState = (FirstPaintState | FirstScreenState) & {
  /** When the state was read: the times in the popup count from here. */
  now: number;
};

/** The first paint's read (the first screen where it holds); every later read takes the whole document. */
async function readPopupState(firstScreen = false): Promise<PopupState> {
  const now = Date.now();
  return { ...(firstScreen ? await readFirstScreenState(now) : await readFirstPaintState()), now };
}

type Watch = (onChange: () => void) => () => void;

/**
 * Starts the first paint's reads (main.tsx calls it as soon as the popup's script runs) and watches for
 * changes from that moment, so a write between the read and the first paint is not missed.
 */
export function openPopupState(): { first: Promise<PopupState | null>; watch: Watch } {
  let listener: (() => void) | null = null;
  let missed = false;
  const stop = watchFirstPaintState(() => (listener ? listener() : (missed = true)));
  const first = readPopupState(true).catch(() => null);
  const watch: Watch = (onChange) => {
    listener = onChange;
    if (missed) onChange();
    return stop;
  };
  return { first, watch };
}

/** The list's height: the popup is at most 600 px tall, and the controls above take the rest. */
const listHeight = 400;

function PopupWorkQueue({ state }: { state: PopupState }) {
  const { settings, summaries, now, account } = state;
  const team = { you: account?.username ?? null, extraAliases: settings.extraAssigneeAliases };
  const firstScreen = 'firstScreen' in state ? state.firstScreen : null;
  return <WorkQueuePopup {...useWorkQueue(settings.tenants, summaries, now, team, firstScreen)} listHeight={listHeight} />;
}

/**
 * The work queue, drawn from the summaries document before any network request (never from an incident
 * cache); "Refresh now" asks the background.
 */
export function PopupPage({ first = null, watch = watchFirstPaintState }: { first?: PopupState | null; watch?: Watch }) {
  const [state, setState] = useState<PopupState | null>(first);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = async () => setState(await readPopupState());
    if (!first) void load();
    return watch(() => void load());
  }, []);

  // Drawn from the first screen: the whole document right after the first paint (a later read that
  // already has it wins).
  const waiting = state !== null && state.summaries === null;
  useEffect(() => {
    if (!waiting) return;
    readFirstPaintSummaries()
      .then((summaries) => setState((current) => (current && current.summaries === null ? { ...current, summaries } : current)))
      .catch(() => void readPopupState().then(setState));
  }, [waiting]);

  if (!state) return <main class="popup" aria-busy="true" />;
  const openOptions = () => void browser.runtime.openOptionsPage();
  const refresh = async () => {
    setRefreshing(true);
    setError(null);
    try {
      await (await import('./refresh-now')).refreshNow();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <main class="popup" aria-busy="false">
      <header class="popup__header">
        <h1>Handoff</h1>
        <button type="button" class="popup__hunt" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/hunt.html') })}>
          Hunt
        </button>
        {state.settings.tenants.length > 0 && state.account && (
          <button type="button" disabled={refreshing} onClick={() => void refresh()}>
            {refreshing ? 'Refreshing…' : 'Refresh now'}
          </button>
        )}
      </header>
      {state.settings.tenants.length > 0 &&
        (!state.account || (state.summaries ? anyNeedsSignIn(state.summaries) : state.firstScreen.anyNeedsSignIn)) && (
        <div class="popup__notice" role="status">
          <p>Sign in needed: Handoff shows what it knew at the last sync.</p>
          <button type="button" class="button-primary" onClick={openOptions}>
            Open options to sign in
          </button>
        </div>
      )}
      {state.settings.tenants.length === 0 ? (
        <div class="popup__empty">
          <p>No customer tenants yet.</p>
          <button type="button" class="button-primary" onClick={openOptions}>
            {state.account ? 'Open options to add a tenant' : 'Open options to sign in and add tenants'}
          </button>
        </div>
      ) : (
        <PopupWorkQueue state={state} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
