import { browser } from 'wxt/browser';
import type { BackgroundRequest } from '../messages/background-requests';

/**
 * Destructive writes (resolve an incident, run a response action) are confirmed where the portal page
 * cannot reach: the extension's own page `confirm.html`, opened by the worker in a popup window. A page
 * script can neither script, read nor overlay it (another origin, another window). The worker keeps the
 * request; the confirm page gets only a one-time random token, shows what the worker bound to it (tenant,
 * incident, action), and answers yes or no. The write happens only after yes; no answer in `ttlMs`, the
 * window closed, or no, and nothing is written. See SECURITY.md, threat 3.
 */

export type DestructiveWrite = Extract<BackgroundRequest, { type: 'resolveIncident' | 'runIncidentTaskAction' }>;

/** What the confirm page shows: the facts the worker bound to the token. Text only. */
export interface PendingWriteView {
  title: string;
  lines: string[];
  confirmLabel: string;
  /** Epoch ms after which the token is void. */
  expiresAt: number;
}

interface Pending {
  view: PendingWriteView;
  windowId?: number;
  settle(approved: boolean): void;
}

export interface WriteConfirmationDeps {
  /** Opens the confirm page for `token`; answers its window id. */
  openWindow(token: string): Promise<number | undefined>;
  closeWindow(windowId: number): Promise<void>;
  newToken(): string;
  now(): number;
  ttlMs?: number;
}

export type WriteConfirmations = ReturnType<typeof createWriteConfirmations>;

export function createWriteConfirmations(deps: WriteConfirmationDeps) {
  const pending = new Map<string, Pending>();
  const ttlMs = deps.ttlMs ?? 120_000;

  /** Asks the analyst; resolves true only on their "yes" in the confirm page, before it expires. */
  function confirm(view: Omit<PendingWriteView, 'expiresAt'>): Promise<boolean> {
    const token = deps.newToken();
    return new Promise<boolean>((resolve) => {
      const entry: Pending = {
        view: { ...view, expiresAt: deps.now() + ttlMs },
        settle(approved) {
          if (pending.get(token) !== entry) return;
          pending.delete(token);
          clearTimeout(timer);
          if (entry.windowId !== undefined) void deps.closeWindow(entry.windowId).catch(() => undefined);
          resolve(approved);
        },
      };
      const timer = setTimeout(() => entry.settle(false), ttlMs);
      pending.set(token, entry);
      deps.openWindow(token).then(
        (windowId) => {
          entry.windowId = windowId;
        },
        () => entry.settle(false),
      );
    });
  }

  const live = (token: string) => {
    const entry = pending.get(token);
    if (entry && deps.now() > entry.view.expiresAt) {
      entry.settle(false);
      return undefined;
    }
    return entry;
  };

  return {
    confirm,
    /** The confirm page's question: null when the token is unknown, used or expired. */
    view(token: string): PendingWriteView | null {
      return live(token)?.view ?? null;
    },
    /** The confirm page's answer; false when the token is unknown, used or expired (nothing happens). */
    answer(token: string, approved: boolean): boolean {
      const entry = live(token);
      if (!entry) return false;
      entry.settle(approved);
      return true;
    },
    /** The analyst closed a confirm window: its request is refused. */
    windowClosed(windowId: number): void {
      for (const entry of pending.values()) if (entry.windowId === windowId) entry.settle(false);
    },
  };
}

/** The worker's confirmations: confirm.html in a small popup window, closed with its request. */
export function createBrowserWriteConfirmations(): WriteConfirmations {
  const confirmations = createWriteConfirmations({
    async openWindow(token) {
      const url = browser.runtime.getURL(`/confirm.html?token=${encodeURIComponent(token)}` as '/confirm.html');
      const created = await browser.windows.create({ type: 'popup', url, width: 480, height: 420, focused: true });
      return created?.id;
    },
    async closeWindow(windowId) {
      await browser.windows.remove(windowId);
    },
    newToken: () => crypto.randomUUID(),
    now: () => Date.now(),
  });
  browser.windows.onRemoved.addListener((windowId) => confirmations.windowClosed(windowId));
  return confirmations;
}
