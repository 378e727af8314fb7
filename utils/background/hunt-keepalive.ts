import { browser } from 'wxt/browser';

/**
 * Keeps the worker alive while any hunt runs (issue 16). Chromium stops an idle MV3 service worker after
 * 30 s, and a fetch (a hunting query may take minutes) is no activity; an extension API call resets the
 * idle timer (Chrome's documented keep-alive for long work). So while a run is active the worker calls
 * `runtime.getPlatformInfo()` every 20 s, whatever page (if any) shows which run; no run, no calls.
 */

export const huntKeepAliveIntervalMs = 20_000;

export interface HuntKeepAlivePorts {
  /** The extension API call that counts as activity (default: browser.runtime.getPlatformInfo). */
  ping?: () => Promise<unknown>;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  intervalMs?: number;
}

export interface HuntKeepAlive {
  /** Pings while `busy` (a run is active); stops when not. Idempotent. */
  set(busy: boolean): void;
}

export function createHuntKeepAlive(ports: HuntKeepAlivePorts = {}): HuntKeepAlive {
  const ping = ports.ping ?? (() => browser.runtime.getPlatformInfo());
  const every = ports.setInterval ?? ((callback: () => void, ms: number) => setInterval(callback, ms));
  const stop = ports.clearInterval ?? ((handle: unknown) => clearInterval(handle as ReturnType<typeof setInterval>));
  const intervalMs = ports.intervalMs ?? huntKeepAliveIntervalMs;
  let handle: unknown = null;

  return {
    set(busy) {
      if (busy && handle === null) {
        handle = every(() => {
          void Promise.resolve()
            .then(ping)
            .catch(() => undefined);
        }, intervalMs);
      } else if (!busy && handle !== null) {
        stop(handle);
        handle = null;
      }
    },
  };
}
