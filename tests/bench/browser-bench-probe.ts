/**
 * What the browser bench watches inside the extension's service worker, installed through CDP
 * (browser-bench-cdp.ts) and independent of how the extension stores things: it wraps
 *
 *   chrome.storage.{local,session}.{set,remove,clear}       calls and bytes (JSON length of the items)
 *   IDBObjectStore.prototype.{put,add,delete,clear}           calls and bytes (JSON length of value + key)
 *   chrome.action.{setBadgeText,setTitle}                     every badge update, timed
 *
 * and listens to chrome.storage.onChanged (the events delivered to the worker, with their keys). Whether
 * the worker listened to onChanged itself before the probe is recorded: with no listener of its own,
 * Chromium would deliver it nothing. The CPU, heap and process figures come from CDP and /proc
 * (browser-bench-meters.ts). Plain JavaScript source: tsx would wrap a TypeScript function in helpers
 * the worker does not have.
 */
import type { CdpSession } from './browser-bench-cdp';

export interface ProbeCounters {
  /** Calls and bytes per wrapped method, e.g. 'local.set', 'idb.put'. */
  calls: Record<string, number>;
  bytes: Record<string, number>;
  /** storage.onChanged deliveries: time, area, keys. */
  events: { t: number; area: string; keys: string[] }[];
  /** Badge updates: time and what was set. */
  badge: { t: number; kind: 'text' | 'title'; value: string }[];
  /** Whether the worker had its own storage.onChanged listener before the probe was installed. */
  workerListensToChanges: boolean;
}

const installSource = `(() => {
  if (globalThis.__handoffBenchProbe) return 'already installed';
  const probe = { calls: {}, bytes: {}, events: [], badge: [], workerListensToChanges: chrome.storage.onChanged.hasListeners() };
  const sizeOf = (value) => {
    try {
      const text = JSON.stringify(value);
      return text === undefined ? 0 : text.length;
    } catch {
      return 0;
    }
  };
  const wrap = (target, name, label, measure) => {
    const original = target && target[name];
    if (typeof original !== 'function') return;
    target[name] = function (...args) {
      probe.calls[label] = (probe.calls[label] || 0) + 1;
      probe.bytes[label] = (probe.bytes[label] || 0) + measure(args);
      return original.apply(this, args);
    };
  };
  for (const area of ['local', 'session']) {
    const storageArea = chrome.storage[area];
    wrap(storageArea, 'set', area + '.set', (args) => sizeOf(args[0]));
    wrap(storageArea, 'remove', area + '.remove', (args) => sizeOf(args[0]));
    wrap(storageArea, 'clear', area + '.clear', () => 0);
  }
  const store = globalThis.IDBObjectStore && IDBObjectStore.prototype;
  wrap(store, 'put', 'idb.put', (args) => sizeOf(args[0]) + sizeOf(args[1]));
  wrap(store, 'add', 'idb.add', (args) => sizeOf(args[0]) + sizeOf(args[1]));
  wrap(store, 'delete', 'idb.delete', (args) => sizeOf(args[0]));
  wrap(store, 'clear', 'idb.clear', () => 0);
  const action = chrome.action;
  const badgeText = action.setBadgeText;
  action.setBadgeText = function (details, ...rest) {
    probe.badge.push({ t: Date.now(), kind: 'text', value: String(details && details.text) });
    return badgeText.call(this, details, ...rest);
  };
  const badgeTitle = action.setTitle;
  action.setTitle = function (details, ...rest) {
    probe.badge.push({ t: Date.now(), kind: 'title', value: String(details && details.title) });
    return badgeTitle.call(this, details, ...rest);
  };
  chrome.storage.onChanged.addListener((changes, area) => {
    probe.events.push({ t: Date.now(), area, keys: Object.keys(changes) });
  });
  globalThis.__handoffBenchProbe = probe;
  return 'installed';
})()`;

/** Installs the probe in the worker (once per worker instance). */
export async function installProbe(worker: CdpSession): Promise<void> {
  // A worker just started may not have its extension bindings yet.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await worker.evaluate<boolean>("typeof chrome === 'object' && !!chrome.storage && !!chrome.action")) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await worker.evaluate<string>(installSource);
}

/** The counters so far, and clears them (so each read covers the time since the last one). */
export async function takeProbeCounters(worker: CdpSession): Promise<ProbeCounters> {
  return worker.evaluate<ProbeCounters>(`(() => {
    const probe = globalThis.__handoffBenchProbe;
    if (!probe) throw new Error('the bench probe is gone: the service worker restarted');
    const taken = JSON.parse(JSON.stringify(probe));
    probe.calls = {}; probe.bytes = {}; probe.events = []; probe.badge = [];
    return taken;
  })()`);
}

/** Total bytes written (set, put, add) and write calls (all wrapped methods) in a probe read. */
export function writesOf(counters: ProbeCounters): { bytes: number; calls: number; byArea: string } {
  const bytes = Object.values(counters.bytes).reduce((sum, value) => sum + value, 0);
  const calls = Object.values(counters.calls).reduce((sum, value) => sum + value, 0);
  const byArea = Object.entries(counters.calls)
    .map(([label, count]) => `${label} ${count}x ${counters.bytes[label] ?? 0} B`)
    .join(', ');
  return { bytes, calls, byArea: byArea || 'none' };
}

/** The number in the badge's title ("Handoff: 123 incidents awaiting you"), or null. */
export function awaitingCountOf(title: string): number | null {
  const match = /(\d[\d,]*) incidents? awaiting/.exec(title);
  return match ? Number(match[1]!.replaceAll(',', '')) : /nothing awaiting/.test(title) ? 0 : null;
}

/** Badge updates after `since` (ms), without clearing the probe. */
export async function badgeUpdatesSince(worker: CdpSession, since: number): Promise<ProbeCounters['badge']> {
  return worker.evaluate<ProbeCounters['badge']>(
    `(globalThis.__handoffBenchProbe ? globalThis.__handoffBenchProbe.badge : []).filter((entry) => entry.t > ${since})`,
  );
}
