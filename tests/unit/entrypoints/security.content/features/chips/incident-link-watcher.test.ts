// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  watchIncidentLinks,
  type IncidentLinkWatcher,
  type IncidentLinkWatcherClient,
} from '@/entrypoints/security.content/features/chips/incident-link-watcher';
import { installPageFakes, type PageFakes } from './page-fakes';

/**
 * The watcher alone, with a client that only records: which links it reports and when, and that an
 * idle page asks for no frame at all. Screen reports and frames are driven by hand (page-fakes.ts).
 */

const incidentHref = (id: string) => `https://security.microsoft.com/incidents/${id}/overview`;

function addLink(href: string, parent: Element = document.body): HTMLAnchorElement {
  const anchor = document.createElement('a');
  anchor.href = href;
  parent.append(anchor);
  return anchor;
}

let fakes: PageFakes;
let watcher: IncidentLinkWatcher;
const annotated = new Set<HTMLAnchorElement>();
let reported: HTMLAnchorElement[][];
let toWatchAgain: HTMLAnchorElement[];
let wantLinks: boolean;
let client: { [K in keyof IncidentLinkWatcherClient]: ReturnType<typeof vi.fn> & IncidentLinkWatcherClient[K] };

beforeEach(() => {
  fakes = installPageFakes();
  annotated.clear();
  reported = [];
  toWatchAgain = [];
  wantLinks = true;
  client = {
    isAnnotated: vi.fn((link: HTMLAnchorElement) => annotated.has(link)),
    onLinks: vi.fn((links: readonly HTMLAnchorElement[]) => void reported.push([...links])),
    onRemoved: vi.fn(() => toWatchAgain),
    onFrame: vi.fn(() => wantLinks),
  };
  watcher = watchIncidentLinks(client);
});

afterEach(() => {
  watcher.stop();
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

describe('incident link watcher', () => {
  it('watches a new incident link after one animation frame and reports it when it comes near the screen', async () => {
    const link = addLink(incidentHref('1001'));
    addLink('https://security.microsoft.com/alerts/da123');
    await Promise.resolve();
    expect(fakes.pendingFrames()).toBe(1);
    expect(fakes.observed()).toEqual([]);

    fakes.runFrames();
    expect(fakes.observed()).toEqual([link]);
    fakes.farAway([link]);
    expect(reported).toEqual([]);
    fakes.intersect([link]);
    expect(reported).toEqual([[link]]);
    // Reported once: the observer lets go of it.
    expect(fakes.observed()).toEqual([]);
  });

  it('costs nothing on an idle page: no frame for Handoff’s own elements or other attributes', async () => {
    const link = addLink(incidentHref('1001'));
    await fakes.showAll();
    expect(fakes.pendingFrames()).toBe(0);

    const chip = document.createElement('handoff-incident-chip');
    link.before(chip);
    chip.remove();
    document.body.append(document.createElement('handoff-chip-popover'));
    link.title = 'changed';
    await Promise.resolve();
    expect(fakes.pendingFrames()).toBe(0);
    expect(client.onFrame).toHaveBeenCalledTimes(1);
  });

  it('does not watch a link the client already annotated', async () => {
    const link = document.createElement('a');
    link.href = incidentHref('1001');
    annotated.add(link);
    document.body.append(link);
    await fakes.settle();
    expect(fakes.observed()).toEqual([]);
  });

  it('turns a large batch of mutations into one frame, one prune and one scan of the page', async () => {
    const links = Array.from({ length: 100 }, (_, index) => addLink(incidentHref(String(1000 + index))));
    await Promise.resolve();
    expect(fakes.pendingFrames()).toBe(1);
    fakes.runFrames();
    expect(client.onRemoved).toHaveBeenCalledTimes(1);
    expect(client.onFrame).toHaveBeenCalledTimes(1);
    expect(new Set(fakes.observed())).toEqual(new Set(links));
  });

  it('reports an annotated link whose href changed at once, and watches any other one again', async () => {
    const [kept, other] = [addLink(incidentHref('1001')), addLink(incidentHref('1002'))];
    await fakes.showAll();
    expect(reported.flat()).toEqual([kept, other]);
    annotated.add(kept);
    reported = [];

    kept.href = incidentHref('1003');
    other.href = incidentHref('1004');
    await fakes.settle();
    expect(reported).toEqual([[kept]]);
    expect(fakes.observed()).toEqual([other]);
  });

  it('asks the client to prune when the portal removes nodes, and watches the links it hands back', async () => {
    const link = addLink(incidentHref('1001'));
    const gone = addLink(incidentHref('1002'));
    await fakes.showAll();
    toWatchAgain = [link];

    gone.remove();
    await fakes.settle();
    expect(client.onRemoved).toHaveBeenCalledTimes(1);
    expect(fakes.observed()).toEqual([link]);
  });

  it('drops what a frame found when the client wants no links', async () => {
    wantLinks = false;
    addLink(incidentHref('1001'));
    await fakes.settle();
    expect(client.onFrame).toHaveBeenCalledTimes(1);
    expect(fakes.observed()).toEqual([]);
  });

  it('watches every link of the page again on rescan, and runs only the client’s frame on requestFrame', async () => {
    const link = addLink(incidentHref('1001'));
    await fakes.showAll();
    expect(fakes.observed()).toEqual([]);

    watcher.requestFrame();
    await fakes.settle();
    expect(client.onFrame).toHaveBeenCalledTimes(2);
    expect(fakes.observed()).toEqual([]);
    watcher.rescan();
    await fakes.settle();
    expect(fakes.observed()).toEqual([link]);
    // A link still waiting for the screen is watched anew too (rescan lets go of every observation).
    const waiting = addLink(incidentHref('1002'));
    await fakes.settle();
    watcher.rescan();
    await fakes.settle();
    expect(fakes.observed()).toEqual([link, waiting]);
  });

  it('stops: no frame runs, no link is watched or reported', async () => {
    const link = addLink(incidentHref('1001'));
    await fakes.settle();
    watcher.rescan();
    expect(fakes.pendingFrames()).toBe(1);
    watcher.stop();
    expect(fakes.pendingFrames()).toBe(0);
    expect(fakes.observed()).toEqual([]);

    addLink(incidentHref('1002'));
    link.remove();
    await fakes.settle();
    expect(client.onFrame).toHaveBeenCalledTimes(1);
    expect(client.onRemoved).not.toHaveBeenCalled();
  });
});
