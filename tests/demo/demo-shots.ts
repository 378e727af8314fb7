import { mkdir, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';

/**
 * The demo's screenshots: one file per surface and state under demo-output/, named `<state>-<surface>.png`,
 * each cropped to what it shows (an element, or the box around several) unless it is a whole page.
 */

export interface Shot {
  file: string;
  description: string;
  bytes: number;
}

type Box = { x: number; y: number; width: number; height: number };

export class DemoShots {
  readonly taken: Shot[] = [];

  constructor(readonly outputDir: string) {}

  async reset(): Promise<void> {
    await rm(this.outputDir, { recursive: true, force: true });
    await mkdir(this.outputDir, { recursive: true });
  }

  /** The whole page (the viewport, or `fullPage`). */
  async page(name: string, description: string, page: Page, options: { fullPage?: boolean } = {}): Promise<void> {
    await this.#record(name, description, (path) => page.screenshot({ path, fullPage: options.fullPage ?? false }));
  }

  /** One element, as its own box. */
  async element(name: string, description: string, target: Locator): Promise<void> {
    await target.waitFor({ state: 'visible' });
    await this.#record(name, description, (path) => target.screenshot({ path }));
  }

  /** The box around `targets` (each must be visible), widened by `padding` and kept inside the page. */
  async around(name: string, description: string, page: Page, targets: readonly Locator[], padding = 12): Promise<void> {
    await targets[0]?.scrollIntoViewIfNeeded();
    const boxes = await Promise.all(targets.map((target) => boundingBox(target)));
    const clip = withinViewport(page, pad(union(boxes), padding));
    await this.#record(name, description, (path) => page.screenshot({ path, clip }));
  }

  async #record(name: string, description: string, write: (path: string) => Promise<unknown>): Promise<void> {
    const file = `${name}.png`;
    const path = resolve(this.outputDir, file);
    await write(path);
    this.taken.push({ file, description, bytes: (await stat(path)).size });
  }
}

async function boundingBox(target: Locator): Promise<Box> {
  await target.waitFor({ state: 'visible' });
  const box = await target.boundingBox();
  if (!box) throw new Error(`No box for ${target.toString()}`);
  return box;
}

function union(boxes: readonly Box[]): Box {
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function pad(box: Box, padding: number): Box {
  return { x: box.x - padding, y: box.y - padding, width: box.width + 2 * padding, height: box.height + 2 * padding };
}

function withinViewport(page: Page, box: Box): Box {
  const viewport = page.viewportSize() ?? { width: Infinity, height: Infinity };
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  const right = Math.min(viewport.width, Math.ceil(box.x + box.width));
  const bottom = Math.min(viewport.height, Math.ceil(box.y + box.height));
  return { x, y, width: right - x, height: bottom - y };
}
