/**
 * The content script from navigation (content-script-bench.ts): a fresh tab navigates to the queue page,
 * whose own script renders the first `firstRows` rows at DOMContentLoaded, and the time is taken from
 * navigation start (the page's clock) to the frame after the first Handoff chip is in the DOM. That time
 * holds the content script's start, its first data request to the worker (getTenantHandoffs) and the
 * chips it draws. Beside it, from the renderer's trace over the same navigation: the content script's
 * JavaScript (its top-level script evaluations and callbacks) and the page's style recalculation
 * (UpdateLayoutTree) and layout (Layout) on the same thread.
 */
import type { BrowserContext } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  ts: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; frame?: string } };
}

export interface NavigationRun {
  /** Navigation start to the frame after the first chip. */
  toFirstChipMs: number;
  scriptMs: number;
  styleMs: number;
  layoutMs: number;
}

const firstRows = 50;

/** Sums the durations of top-level events (one nested in another counts once). */
function topLevelMs(events: readonly TraceEvent[]): number {
  let micros = 0;
  let coveredUntil = 0;
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    if (event.ts < coveredUntil) continue;
    micros += event.dur ?? 0;
    coveredUntil = event.ts + (event.dur ?? 0);
  }
  return micros / 1000;
}

export async function navigationOnce(context: BrowserContext, url: string, isOurs: (url: string) => boolean): Promise<NavigationRun> {
  const page = await context.newPage();
  try {
    await page.addInitScript((rows: number) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('handoff-incident-chip')) return;
        observer.disconnect();
        requestAnimationFrame(() => ((window as unknown as { chipAt: number }).chipAt = performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true });
      document.addEventListener('DOMContentLoaded', () =>
        (window as unknown as { renderQueue(from: number, to: number): void }).renderQueue(0, rows),
      );
    }, firstRows);
    const session = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    session.on('Tracing.dataCollected', (payload: { value: object[] }) => events.push(...(payload.value as TraceEvent[])));
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as unknown as { chipAt?: number }).chipAt === 'number');
    const toFirstChipMs = await page.evaluate(() => (window as unknown as { chipAt: number }).chipAt);
    await session.send('Tracing.end');
    await complete;
    const complete_ = events.filter((event) => event.ph === 'X');
    const ours = complete_.filter(
      (event) => (event.name === 'FunctionCall' || event.name === 'EvaluateScript') && isOurs(event.args?.data?.url ?? ''),
    );
    // The page's main thread is the one the content script ran on.
    const thread = ours[0];
    const onThread = (name: string) =>
      complete_.filter((event) => event.name === name && thread !== undefined && event.pid === thread.pid && event.tid === thread.tid);
    return {
      toFirstChipMs,
      scriptMs: topLevelMs(ours),
      styleMs: topLevelMs(onThread('UpdateLayoutTree')),
      layoutMs: topLevelMs(onThread('Layout')),
    };
  } finally {
    await page.close();
  }
}
