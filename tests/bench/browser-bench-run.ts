/**
 * One browser-bench run at N tenants: the built extension (HANDOFF_OUT_DIR) and the empty popup in
 * Chromium, the fake cloud seeded with N x 300 incidents and Defender's quotas, and then
 *
 *   1. sign-in through the options page, N tenants configured: the extension's own first sync (Graph
 *      without latency unless BENCH_BROWSER_FIRST_SYNC_LATENCY=1), timed until the badge shows a count
 *   2. Graph latency on; round R1 with nothing changed upstream (the steady round)
 *   3. handoffs (an open incident of a random tenant set to awaiting customer action) at random moments
 *      between R1's end and the start of the last round; rounds by message (`refreshNow` from the
 *      options page) every interval from R1's start, as the poll alarm would start them
 *   4. popup first render against the empty popup
 *   5. the fetch floor: the steady round's Graph requests again as bare fetches from the worker
 *      (browser-bench-fetch-floor.ts), the baseline of its CPU per tenant; with
 *      BENCH_BROWSER_PROFILE_STEADY=1, one more round with nothing changed, profiled (where its time goes)
 *
 * Playwright attaches to the extension's service worker and, unless told otherwise, turns on DevTools
 * network inspection there (for `route` and request events, which the bench does not use): every fetch
 * then also reports itself to DevTools, about 0.4 ms of the worker's thread per request here. No
 * analyst's browser has DevTools attached, so the bench turns it off (PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK).
 *
 * The poll alarm is set to 60 minutes, so only the bench starts rounds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { configureTenants, signInThroughOptions } from '../e2e/handoff-setup';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable } from '../support/chromium';
import type { GraphLatency } from '../fakes/graph-load';
import { CdpConnection } from './browser-bench-cdp';
import { comparePopups, unpackedExtensionId, writeEmptyPopupExtension, type PopupComparison } from './browser-bench-popup';
import { awaitingCountOf, badgeUpdatesSince, installProbe, takeProbeCounters } from './browser-bench-probe';
import { measureFetchFloor, type FetchFloor } from './browser-bench-fetch-floor';
import { roundFigures, summaryStates, syncedTenantCount, type RoundFigures } from './browser-bench-round';
import { graphRequestsBetween, listAnsweredAfter, startBenchWorld, throttleFigures, type ThrottleFigures } from './browser-bench-world';

export interface BrowserBenchConfig {
  tenantCount: number;
  intervalMs: number;
  /** Rounds after R1 (each an interval apart); handoffs happen before the last one starts. */
  intervals: number;
  handoffs: number;
  latency: GraphLatency;
  firstSyncLatency: boolean;
  popupWarmSamples: number;
}

export interface BrowserBenchRun {
  tenantCount: number;
  firstSync: RoundFigures & { tokenGrants: number };
  steady: RoundFigures;
  changedRounds: RoundFigures[];
  handoffs: number;
  /** Handoff-to-badge latencies (ms) of the handoffs the badge showed; `unseen` did not show. */
  latencies: number[];
  unseen: number;
  /** How much the badge's count rose over the rounds with handoffs (should equal `handoffs`). */
  badgeRise: number;
  throttle: ThrottleFigures;
  /** Tenants whose summary was not 'ok' at the end, by state (null when the summaries were unreadable). */
  notOk: Record<string, number> | null;
  popup: PopupComparison;
  /** The steady round's requests as bare fetches in the same worker: the baseline of its CPU. */
  fetchFloor: FetchFloor;
  /** BENCH_BROWSER_PROFILE_STEADY=1: a round with nothing changed, profiled, at the end. */
  steadyProfiled: RoundFigures | null;
  workerListensToChanges: boolean;
  wallMs: number;
}

const firstSyncTimeoutMs = 8 * 60_000;

const sleepUntil = (time: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

export async function runBrowserBench(config: BrowserBenchConfig): Promise<BrowserBenchRun> {
  const started = performance.now();
  // Progress on stderr: the section runs for minutes.
  const progress = (step: string) =>
    console.error(`[browser bench, ${config.tenantCount} tenants, ${((performance.now() - started) / 1000).toFixed(0)} s] ${step}`);
  const world = await startBenchWorld(config.tenantCount, config.latency);
  progress('fake cloud seeded');
  if (config.firstSyncLatency) world.startLatency();
  const profileDir = await mkdtemp(path.join(tmpdir(), 'handoff-browser-bench-'));
  const emptyDir = await writeEmptyPopupExtension(`${profileDir}-empty-popup`);
  const extensionDir = assertExtensionBuilt();
  // Read by Playwright when it attaches to a service worker (see the comment at the top).
  process.env['PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK'] ??= '1';
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumExecutable(),
    headless: true,
    args: chromiumArgs(`${extensionDir},${emptyDir}`, [...world.cloud.chromiumArgs, '--remote-debugging-port=0']),
  });
  const cdp = await CdpConnection.open(profileDir);
  try {
    const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(serviceWorker.url()).host;
    const worker = await cdp.attachServiceWorker(extensionId);
    await installProbe(worker);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    await options.evaluate(async () => {
      const { settings = {} } = await chrome.storage.local.get('settings');
      await chrome.storage.local.set({ settings: { ...(settings as object), pollIntervalMinutes: 60 } });
    });
    await signInThroughOptions(context, options);
    progress('signed in; first sync');
    const workerListensToChanges = (await takeProbeCounters(worker)).workerListensToChanges;
    const refreshNow = async () => void (await options.evaluate(() => chrome.runtime.sendMessage({ type: 'refreshNow' })));

    // 1. The first sync, started by the extension itself when the tenants are saved (and rounds by
    //    message until every tenant has synced, for a schedule that paces first syncs).
    const loginsBefore = world.cloud.loginRequests().length;
    const firstSync = await roundFigures(world, worker, profileDir, async () => {
      const since = Date.now();
      await configureTenants(options, world.tenants as never);
      let last = '';
      while (Date.now() - since < firstSyncTimeoutMs) {
        const titles = (await badgeUpdatesSince(worker, since)).filter((update) => update.kind === 'title');
        if (titles.some((update) => (awaitingCountOf(update.value) ?? 0) > 0)) break;
        last = titles.at(-1)?.value ?? last;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // A schedule may pace first syncs over several rounds: more rounds until every tenant has synced.
      while (Date.now() - since < firstSyncTimeoutMs) {
        const synced = await syncedTenantCount(options);
        if (synced === null || synced >= config.tenantCount) return;
        last = `${synced} of ${config.tenantCount} tenants synced`;
        await refreshNow();
      }
      throw new Error(`the first sync showed no count on the badge in ${firstSyncTimeoutMs / 1000} s (last title: ${JSON.stringify(last)}; Graph requests: ${world.cloud.graphRequests().length})`);
    });
    const tokenGrants = world.cloud.loginRequests().slice(loginsBefore).filter((request) => request.path.endsWith('/token')).length;

    // 2. The steady round, then 3. handoffs and rounds an interval apart.
    progress(`first sync done in ${(firstSync.durationMs / 1000).toFixed(1)} s; steady round`);
    world.startLatency();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await takeProbeCounters(worker);
    const steady = await roundFigures(world, worker, profileDir, refreshNow, { profile: false });
    const baseline = awaitingCountOf(steady.badge.filter((update) => update.kind === 'title').at(-1)?.value ?? '') ?? 0;
    const lastRoundAt = steady.startedAt + config.intervals * config.intervalMs;
    const windowStart = Date.now();
    const windowEnd = Math.max(lastRoundAt, windowStart + 1000);
    const chosen = world.tenants
      .filter((tenant) => tenant.service !== 'none')
      .sort(() => Math.random() - 0.5)
      .slice(0, config.handoffs);
    const flips: { tenantId: string; at: number }[] = [];
    const timers = chosen.map((tenant) =>
      setTimeout(() => {
        const flip = world.handOff(tenant.tenantId);
        if (flip) flips.push(flip);
      }, windowStart + Math.random() * (windowEnd - windowStart) - Date.now()),
    );
    const changedRounds: RoundFigures[] = [];
    progress(`steady round done in ${(steady.durationMs / 1000).toFixed(1)} s; ${chosen.length} handoffs until the next round(s)`);
    for (let round = 1; round <= config.intervals; round += 1) {
      // A steady round longer than the interval leaves a one-second window: the handoffs come before the round.
      await sleepUntil(Math.max(steady.startedAt + round * config.intervalMs, round === config.intervals ? windowEnd : 0));
      progress(`round ${round + 1}`);
      changedRounds.push(await roundFigures(world, worker, profileDir, refreshNow));
    }
    timers.forEach(clearTimeout);

    // Each handoff shows at the first badge update after Graph listed it whose count includes it.
    const titles = changedRounds.flatMap((round) => round.badge).filter((update) => update.kind === 'title');
    const fetched = flips.map((flip) => ({ ...flip, fetchedAt: listAnsweredAfter(world.cloud, flip.tenantId, flip.at) }));
    const latencies: number[] = [];
    for (const flip of fetched) {
      const shown = titles.find(
        (update) =>
          flip.fetchedAt !== null &&
          update.t >= flip.fetchedAt &&
          (awaitingCountOf(update.value) ?? 0) - baseline >= fetched.filter((other) => other.fetchedAt !== null && other.fetchedAt <= update.t).length,
      );
      if (shown) latencies.push(shown.t - flip.at);
    }
    const badgeRise = (awaitingCountOf(titles.at(-1)?.value ?? '') ?? baseline) - baseline;

    // 4. The popup against the empty popup.
    progress('popups');
    const popup = await comparePopups(
      context,
      { handoff: `chrome-extension://${extensionId}/popup.html`, empty: `chrome-extension://${unpackedExtensionId(emptyDir)}/popup.html` },
      config.popupWarmSamples,
    );
    // 5. The baseline: the steady round's requests as bare fetches, after every figure that counts requests.
    const throttle = throttleFigures(world.cloud);
    progress('fetch floor');
    const fetchFloor = await measureFetchFloor(worker, profileDir, graphRequestsBetween(world.cloud, steady.startedAt, steady.startedAt + steady.durationMs));
    const notOk = await summaryStates(options);
    let steadyProfiled: RoundFigures | null = null;
    if (process.env['BENCH_BROWSER_PROFILE_STEADY'] === '1') {
      progress('a round with nothing changed, profiled');
      steadyProfiled = await roundFigures(world, worker, profileDir, refreshNow);
    }
    return {
      tenantCount: config.tenantCount,
      firstSync: { ...firstSync, tokenGrants },
      steady,
      changedRounds,
      handoffs: flips.length,
      latencies,
      unseen: flips.length - latencies.length,
      badgeRise,
      throttle,
      notOk,
      popup,
      fetchFloor,
      steadyProfiled,
      workerListensToChanges,
      wallMs: performance.now() - started,
    };
  } finally {
    cdp.close();
    await context.close();
    await world.close();
    await rm(profileDir, { recursive: true, force: true });
    await rm(emptyDir, { recursive: true, force: true });
  }
}
