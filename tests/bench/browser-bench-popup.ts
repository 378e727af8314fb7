/**
 * Popup first render at N tenants against the floor no popup can beat: an empty extension popup (a
 * second unpacked extension generated at bench time, whose popup.html is one static paragraph), loaded
 * in the same browser and opened as many times, alternately with Handoff's.
 *
 * "Rendered" is the same for both pages: the first animation frame after the page's DOM holds text the
 * bench put there (a bench tenant's name, "Customer ...": for Handoff that text comes from storage,
 * through its bundle and render), timed on the page's own clock from navigation start. Each page is
 * opened in a new tab (popup.html as a page, 420 x 600). The first open of each is "cold" (nothing of
 * the page cached yet); the others are "warm".
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';

/** The text both popups are waited for: bench tenants are named "Customer 1", "Customer 2", ... */
const renderedText = 'Customer ';

/** Writes the empty popup extension into `dir`. */
export async function writeEmptyPopupExtension(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const manifest = { manifest_version: 3, name: 'Empty popup (Handoff bench)', version: '1.0', action: { default_popup: 'popup.html' } };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(
    path.join(dir, 'popup.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Empty popup</title></head><body><p>${renderedText}0 (empty popup)</p></body></html>`,
  );
  return dir;
}

/** Chromium's id for an unpacked extension: SHA-256 of its absolute path, first 32 hex digits as a-p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + parseInt(digit, 16))).join('');
}

async function openOnce(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    await page.setViewportSize({ width: 420, height: 600 });
    await page.addInitScript((text: string) => {
      const observer = new MutationObserver(() => {
        if (!document.body?.textContent?.includes(text)) return;
        observer.disconnect();
        requestAnimationFrame(() => ((window as unknown as { renderedAt: number }).renderedAt = performance.now()));
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    }, renderedText);
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as unknown as { renderedAt?: number }).renderedAt === 'number', undefined, {
      timeout: 60_000,
    });
    return await page.evaluate(() => (window as unknown as { renderedAt: number }).renderedAt);
  } finally {
    await page.close();
  }
}

export interface PopupTimes {
  cold: number;
  warm: number[];
}

export interface PopupComparison {
  handoff: PopupTimes;
  empty: PopupTimes;
}

/** Opens both popups `1 + warmSamples` times each, alternately. */
export async function comparePopups(
  context: BrowserContext,
  urls: { handoff: string; empty: string },
  warmSamples: number,
): Promise<PopupComparison> {
  const handoff: number[] = [];
  const empty: number[] = [];
  for (let sample = 0; sample <= warmSamples; sample += 1) {
    handoff.push(await openOnce(context, urls.handoff));
    empty.push(await openOnce(context, urls.empty));
  }
  return {
    handoff: { cold: handoff[0]!, warm: handoff.slice(1) },
    empty: { cold: empty[0]!, warm: empty.slice(1) },
  };
}
