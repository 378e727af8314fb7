/**
 * The in-portal content script in the built extension, in Chromium, on the fake portal:
 *
 *   annotate   a 2,000-row incident queue renders (the page's own script inserts the rows in one task,
 *              as the portal's list does): the content script's JavaScript time until every link on or
 *              near the screen has its chip (the others get theirs as they scroll near), from the
 *              renderer's trace (its callbacks' durations, this page only); the page's style and layout
 *              next to the same page for a tenant Handoff does not know (no chips); then jumps through
 *              the list, each measured alone, and a scroll through every row
 *   navigate   a fresh tab navigates to the queue (its first 50 rows rendered at load): navigation start
 *              to the first chip, which holds the content script's start and its first data request, with
 *              its JavaScript and the page's style and layout beside it (content-script-navigation.ts)
 *   idle       10 s on the annotated page with nothing happening: the content script's callbacks (trace)
 *              and the page's script and task time (CDP Performance metrics)
 *   bundle     content-scripts/security.js and .css, raw and gzip, and whether MSAL, the Graph client
 *              or zod got into them
 *
 * Every figure printed is measured in this run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { countHandoffs } from '../../utils/domain/handoff-counts';
import { parseIncidents } from '../../utils/domain/parse-incidents';
import { settingsSchema } from '../../utils/domain/settings';
import { classifyCachedIncident, slimIncident } from '../../utils/sync/cached-incident';
import { emptyTenantCache, type TenantCache } from '../../utils/sync/tenant-cache';
import { summaryEntryOf } from '../../utils/sync/tenant-summaries';
import { startFakeMicrosoftCloud } from '../fakes/fake-microsoft-cloud';
import { assertExtensionBuilt, chromiumArgs, chromiumExecutable } from '../support/chromium';
import {
  backgroundFiles,
  contentScriptBudgetGzipBytes,
  contentScriptFiles,
  librariesFoundIn,
  libraryMarkers,
} from '../support/content-script-bundle';
import type { BenchSection } from './bench-section';
import { navigationOnce, type NavigationRun } from './content-script-navigation';
import { formatBytes, formatMs, formatTable } from './format-table';
import { generateBenchTenant } from './generate-bench-tenants';

const rowCount = 2000;
const runs = 5;
const idleSeconds = 10;
const frameBudgetMs = 16;

async function metrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await session.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function queuePage(tenantId: string, incidentIds: readonly string[]): string {
  // The rows are built by the page itself, after load, like the portal's list; the ids come in a JSON island.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Incidents - Microsoft Defender (bench)</title>
<style>.row{display:flex;border-bottom:1px solid #edebe9;min-height:42px;align-items:center}.cell{padding:0 8px;flex:0 0 130px;overflow:hidden;white-space:nowrap}.name{flex:1 1 420px}</style>
</head><body><main><h1>Incidents</h1><div role="grid" aria-label="Incidents" id="list"></div></main>
<script type="application/json" id="ids">${JSON.stringify(incidentIds)}</script>
<script>
  window.renderQueue = (from = 0, to = Infinity) => {
    const ids = JSON.parse(document.getElementById('ids').textContent).slice(from, to);
    const list = document.getElementById('list');
    for (const id of ids) {
      const row = document.createElement('div');
      row.setAttribute('role', 'row');
      row.className = 'row';
      row.innerHTML = '<div role="gridcell" class="cell name"><a href="/incident2/' + id + '/overview?tid=${tenantId}">Incident ' + id + '</a></div><div role="gridcell" class="cell">' + id + '</div><div role="gridcell" class="cell">High</div>';
      list.append(row);
    }
  };
</script></body></html>`;
}

function benchStorage(now: number) {
  const generated = generateBenchTenant(0, rowCount, now);
  const incidents: TenantCache['incidents'] = {};
  for (const incident of parseIncidents(generated.incidents).incidents) {
    const slim = slimIncident(incident);
    incidents[slim.id] = { incident: slim, handoff: classifyCachedIncident(slim, generated.service, new Date(now)) };
  }
  const cache: TenantCache = {
    ...emptyTenantCache(generated.tenantId),
    resolvedTenantId: generated.tenantId,
    lastAttemptAt: new Date(now).toISOString(),
    lastSuccessAt: new Date(now).toISOString(),
    status: { state: 'ok', message: null, retryAt: null },
    incidents,
    summary: countHandoffs(Object.values(incidents).map((entry) => entry.handoff)),
  };
  const tenant = { tenantId: generated.tenantId, resolvedTenantId: generated.tenantId, displayName: 'Bench customer', service: generated.service };
  return {
    tenantId: generated.tenantId,
    incidentIds: Object.keys(incidents),
    storage: {
      // Every row gets a chip, closed and merged ones too: the most work the chips can be asked for.
      settings: settingsSchema.parse({ tenants: [tenant], chipsOnClosedIncidents: true }),
      [`tenantCache:${cache.tenantKey}`]: cache,
      tenantSummaries: { schemaVersion: 1, tenants: { [cache.tenantKey]: summaryEntryOf(cache) } },
    },
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  ts: number;
  tid: number;
  args?: { data?: { url?: string; frame?: string } };
}

interface Measured {
  /** The content script's JavaScript time: its callbacks' durations in the renderer's trace. */
  scriptMs: number;
  /** How many of its callbacks ran (observers, frames, messages). */
  callbacks: number;
  /** The page's style recalculation and layout time in the same window (CDP Performance metrics). */
  styleLayoutMs: number;
  wallMs: number;
}

/**
 * Runs `work` with the renderer traced and returns the content script's part: the summed duration of
 * the top-level "FunctionCall" trace events (observer, frame and message callbacks) of this page's frame
 * whose function is in the content script. Traced, not sampled: no profiler overhead, no sampling error;
 * the time includes whatever style or layout the callbacks forced.
 */
async function measure(session: CDPSession, isOurs: (url: string) => boolean, work: () => Promise<void>): Promise<Measured> {
  const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const events: TraceEvent[] = [];
  const collect = (payload: { value: object[] }) => events.push(...(payload.value as TraceEvent[]));
  session.on('Tracing.dataCollected', collect);
  const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  const before = await metrics(session);
  await session.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
  const started = performance.now();
  await work();
  const wallMs = performance.now() - started;
  await session.send('Tracing.end');
  await complete;
  session.off('Tracing.dataCollected', collect);
  const after = await metrics(session);
  const ours = events
    .filter(
      (event) =>
        event.name === 'FunctionCall' &&
        event.ph === 'X' &&
        event.args?.data?.frame === frameTree.frame.id &&
        isOurs(event.args?.data?.url ?? ''),
    )
    .sort((a, b) => a.ts - b.ts);
  let micros = 0;
  let callbacks = 0;
  const coveredUntil = new Map<number, number>();
  for (const event of ours) {
    // A call nested in another of ours is inside its duration already.
    if (event.ts < (coveredUntil.get(event.tid) ?? 0)) continue;
    micros += event.dur ?? 0;
    callbacks += 1;
    coveredUntil.set(event.tid, event.ts + (event.dur ?? 0));
  }
  const seconds = (name: string) => after[name]! - before[name]!;
  return {
    scriptMs: micros / 1000,
    callbacks,
    styleLayoutMs: (seconds('RecalcStyleDuration') + seconds('LayoutDuration')) * 1000,
    wallMs,
  };
}

type QueueWindow = Window & { renderQueue(from?: number, to?: number): void };

/** Until the links on or near the screen (a screen above and below) all have their chip, then one more frame. */
async function chipsNearScreen(page: Page): Promise<{ chips: number; nearLinks: number }> {
  // No named functions inside evaluate(): tsx would wrap them in a helper the page does not have.
  return page.evaluate(async () => {
    const near = [...document.querySelectorAll('#list a')].filter((link) => {
      const rect = link.getBoundingClientRect();
      return rect.bottom > -innerHeight && rect.top < 2 * innerHeight;
    });
    for (let frames = 0; frames < 600; frames += 1) {
      if (near.every((link) => link.previousElementSibling?.tagName === 'HANDOFF-INCIDENT-CHIP')) break;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return { chips: document.querySelectorAll('handoff-incident-chip').length, nearLinks: near.length };
  });
}

/** A fresh queue page whose first row already has its chip: the content script has its data. */
async function openQueue(context: BrowserContext, url: string, withChips: boolean): Promise<{ page: Page; session: CDPSession }> {
  const page = await context.newPage();
  const session = await context.newCDPSession(page);
  await session.send('Performance.enable');
  await page.goto(url);
  await page.evaluate(() => (window as unknown as QueueWindow).renderQueue(0, 1));
  if (withChips) await page.locator('handoff-incident-chip').waitFor();
  else await page.waitForTimeout(500);
  return { page, session };
}

interface AnnotateRun extends Measured {
  chips: number;
  nearLinks: number;
}

/** The rest of the queue (1,999 rows) renders in one task; measured until the rows near the screen have chips. */
async function annotateOnce(context: BrowserContext, url: string, withChips: boolean, isOurs: (url: string) => boolean): Promise<AnnotateRun> {
  const { page, session } = await openQueue(context, url, withChips);
  try {
    let seen = { chips: 0, nearLinks: 0 };
    const measured = await measure(session, isOurs, async () => {
      await page.evaluate(() => (window as unknown as QueueWindow).renderQueue(1));
      seen = withChips ? await chipsNearScreen(page) : { chips: 0, nearLinks: 0 };
      if (!withChips) await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    });
    return { ...measured, ...seen };
  } finally {
    await page.close();
  }
}

/** Jumps through the annotated queue; each jump measured alone, then every row reached to count all chips. */
async function scrollThrough(context: BrowserContext, url: string, isOurs: (url: string) => boolean) {
  const { page, session } = await openQueue(context, url, true);
  try {
    await page.evaluate(() => (window as unknown as QueueWindow).renderQueue(1));
    await chipsNearScreen(page);
    const jumps: number[] = [];
    for (const fraction of [0.2, 0.4, 0.6, 0.8, 1]) {
      const jump = await measure(session, isOurs, async () => {
        await page.evaluate((to) => scrollTo(0, to * (document.documentElement.scrollHeight - innerHeight)), fraction);
        await chipsNearScreen(page);
      });
      jumps.push(jump.scriptMs);
    }
    const all = await measure(session, isOurs, async () => {
      for (let top = 0; ; top += (await page.evaluate(() => innerHeight)) * 2) {
        const bottom = await page.evaluate((y) => {
          scrollTo(0, y);
          return scrollY + innerHeight >= document.documentElement.scrollHeight - 1;
        }, top);
        await chipsNearScreen(page);
        if (bottom) break;
      }
    });
    const chips = await page.locator('handoff-incident-chip').count();
    return { jumps, allMs: all.scriptMs, chips };
  } finally {
    await page.close();
  }
}

/** The annotated page left alone for `idleSeconds`. */
async function idleOnce(context: BrowserContext, url: string, isOurs: (url: string) => boolean) {
  const { page, session } = await openQueue(context, url, true);
  try {
    await page.evaluate(() => (window as unknown as QueueWindow).renderQueue(1));
    await chipsNearScreen(page);
    await page.waitForTimeout(500);
    const before = await metrics(session);
    const idle = await measure(session, isOurs, () => new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000)));
    const after = await metrics(session);
    return {
      ourScriptMs: idle.scriptMs,
      ourCallbacks: idle.callbacks,
      pageScriptMs: (after['ScriptDuration']! - before['ScriptDuration']!) * 1000,
      pageTaskMs: (after['TaskDuration']! - before['TaskDuration']!) * 1000,
    };
  } finally {
    await page.close();
  }
}

async function run(): Promise<string> {
  const extensionDir = assertExtensionBuilt();
  const { tenantId, incidentIds, storage } = benchStorage(Date.now());
  const portalDir = await mkdtemp(path.join(tmpdir(), 'handoff-bench-portal-'));
  await writeFile(path.join(portalDir, 'queue-bench.html'), queuePage(tenantId, incidentIds));
  const cloud = await startFakeMicrosoftCloud({ seed: 'none', portalDir });
  const context = await chromium.launchPersistentContext('', {
    executablePath: chromiumExecutable(),
    headless: true,
    args: chromiumArgs(extensionDir, cloud.chromiumArgs),
    viewport: { width: 1280, height: 900 },
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const isOurs = (url: string) => url.startsWith(`chrome-extension://${extensionId}/content-scripts/`);
    const setup: Page = await context.newPage();
    await setup.goto(`chrome-extension://${extensionId}/options.html`);
    await setup.evaluate((items) => chrome.storage.local.set(items), storage);
    await setup.close();

    const measuredUrl = `https://security.microsoft.com/incidents?tid=${tenantId}&fixture=queue-bench`;
    // Control: a tenant Handoff does not know, so the same page renders without chips.
    const controlUrl = `https://security.microsoft.com/incidents?tid=0be4c400-0000-4000-8000-ffffffffffff&fixture=queue-bench`;
    const measured: AnnotateRun[] = [];
    const control: AnnotateRun[] = [];
    for (let index = 0; index < runs; index += 1) {
      measured.push(await annotateOnce(context, measuredUrl, true, isOurs));
      control.push(await annotateOnce(context, controlUrl, false, isOurs));
    }
    const navigations: NavigationRun[] = [];
    for (let index = 0; index < runs; index += 1) navigations.push(await navigationOnce(context, measuredUrl, isOurs));
    const navigationMedian = (pick: (run: NavigationRun) => number) => formatMs(median(navigations.map(pick)));
    const scrolled = await scrollThrough(context, measuredUrl, isOurs);
    const idle = await idleOnce(context, measuredUrl, isOurs);

    const files = contentScriptFiles(extensionDir);
    const script = files.find((file) => file.name.endsWith('.js'))!;
    const found = librariesFoundIn(files);
    const markersWork = librariesFoundIn(backgroundFiles(extensionDir)).length === Object.keys(libraryMarkers).length;
    const scriptMedian = median(measured.map((entry) => entry.scriptMs));
    const worstJump = Math.max(...scrolled.jumps);
    const first = measured[0]!;

    return formatTable(
      ['measure', 'value', 'goal'],
      [
        [`queue of ${rowCount.toLocaleString('en-US')} rows renders: content-script JS, median of ${runs}`, formatMs(scriptMedian), `≤ ${frameBudgetMs} ms`],
        ['  each run', measured.map((entry) => formatMs(entry.scriptMs)).join(', '), ''],
        ['  chips drawn then (every link on or near the screen)', `${first.chips} of ${first.nearLinks} links`, 'all'],
        ['  callbacks it took (observers, frames)', `${median(measured.map((entry) => entry.callbacks))}`, ''],
        ['  page style + layout in that window, with / without chips (median)', `${formatMs(median(measured.map((entry) => entry.styleLayoutMs)))} / ${formatMs(median(control.map((entry) => entry.styleLayoutMs)))}`, ''],
        ['  rows rendered to chips drawn, wall (median)', formatMs(median(measured.map((entry) => entry.wallMs))), ''],
        ['  same rows without chips, wall (median)', formatMs(median(control.map((entry) => entry.wallMs))), ''],
        ['jump to 20/40/60/80/100 %: content-script JS per jump', scrolled.jumps.map(formatMs).join(', '), `≤ ${frameBudgetMs} ms`],
        [`scroll through all ${rowCount.toLocaleString('en-US')} rows: chips, content-script JS in total`, `${scrolled.chips}, ${formatMs(scrolled.allMs)}`, `${rowCount}`],
        [`navigation start to the first chip (script start + first data request), median of ${runs}`, navigationMedian((run) => run.toFirstChipMs), ''],
        ['  each run', navigations.map((run) => formatMs(run.toFirstChipMs)).join(', '), ''],
        ['  in it: content-script JS / page style / page layout (median)', [navigationMedian((run) => run.scriptMs), navigationMedian((run) => run.styleMs), navigationMedian((run) => run.layoutMs)].join(' / '), ''],
        [`idle ${idleSeconds} s: content-script callbacks, JS`, `${idle.ourCallbacks}, ${formatMs(idle.ourScriptMs)}`, 'none'],
        [`idle ${idleSeconds} s: whole page, script / tasks`, `${formatMs(idle.pageScriptMs)} / ${formatMs(idle.pageTaskMs)}`, ''],
        ['content script JS, raw / gzip', `${formatBytes(script.bytes)} / ${formatBytes(script.gzipBytes)}`, `< ${formatBytes(contentScriptBudgetGzipBytes)} gzip`],
        ...files
          .filter((file) => file !== script)
          .map((file) => [`${file.name}, raw / gzip`, `${formatBytes(file.bytes)} / ${formatBytes(file.gzipBytes)}`, '']),
        ['MSAL, Graph client or zod in it', found.length === 0 ? 'none' : found.join(', '), 'none'],
        ['  (markers found in the background bundles)', markersWork ? 'yes' : 'NO: check the markers', ''],
        [
          'verdict',
          [
            scriptMedian <= frameBudgetMs && worstJump <= frameBudgetMs ? 'annotating fits a frame' : 'annotating over a frame',
            scrolled.chips === rowCount ? 'every row got its chip' : 'rows without chips',
            idle.ourCallbacks === 0 ? 'idle costs nothing' : 'idle does work',
            script.gzipBytes < contentScriptBudgetGzipBytes && found.length === 0 ? 'bundle within goal' : 'bundle over goal',
          ].join('; '),
          '',
        ],
      ],
    );
  } finally {
    await context.close();
    await cloud.close();
    await rm(portalDir, { recursive: true, force: true });
  }
}

export const contentScriptBench: BenchSection = {
  name: 'content-script',
  title: `Content script: chips on a ${rowCount.toLocaleString('en-US')}-row queue, an idle page, the bundle`,
  run,
};
