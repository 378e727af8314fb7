import { popoverTagName } from './chip-popover';
import { chipTagName } from './incident-chip';

/**
 * Finds the links to incidents the portal adds, and reports each one when it comes on or near the
 * screen. The work is bounded per frame:
 *
 * - ONE MutationObserver collects what the portal added; ONE animation frame hands the new links to
 * - ONE IntersectionObserver, which reports the links on or near the screen: only those get their chip
 *   now, the rest as they scroll near. A 2,000-row queue costs the rows the analyst can see.
 *
 * An idle page (no mutations, no scrolling, no frames) costs nothing, not even a timer. What to do with
 * a link is the client's business (incident-link-annotator.ts): the watcher only finds and reports.
 */

/** What the watcher asks of its client, which keeps its own state (the chips) and does the DOM work. */
export interface IncidentLinkWatcherClient {
  /** A link the client already annotated is not watched: a change of its href is reported at once. */
  isAnnotated(link: HTMLAnchorElement): boolean;
  /** Links to look at now: they came on or near the screen, or they are annotated and their href changed. */
  onLinks(links: readonly HTMLAnchorElement[]): void;
  /** The portal removed something: the client prunes, and returns the links to watch again. */
  onRemoved(): Iterable<HTMLAnchorElement>;
  /**
   * The client's own work of this frame (a redraw), before any link is handed over. False when no link
   * is wanted now (no data): what this frame found is dropped.
   */
  onFrame(): boolean;
}

export interface IncidentLinkWatcher {
  /** Forgets which links were reported: every link of the page is watched again (new data). */
  rescan(): void;
  /** Runs the client's `onFrame` in the next animation frame (a new theme). */
  requestFrame(): void;
  stop(): void;
}

/** Elements Handoff adds: their coming and going is not the portal's and means no work. */
const ownHosts = new Set([chipTagName.toUpperCase(), popoverTagName.toUpperCase(), 'HANDOFF-INCIDENT-PANEL']);
/** Links that may point to an incident, filtered by the browser (no script per link on the way). */
const incidentLinkSelector = 'a[href*="incident" i]';
/** A batch of mutations this large (a list rendered row by row) is handled as one scan of the page. */
const largeBatch = 64;
/** "Near the screen": a screen's height above and below the viewport. */
const nearScreen = '100% 0px 100% 0px';

export function watchIncidentLinks(client: IncidentLinkWatcherClient): IncidentLinkWatcher {
  const pendingRoots = new Set<Node>();
  const changedLinks = new Set<HTMLAnchorElement>();
  /** Links handed to the IntersectionObserver and not reported yet. */
  let observed = new WeakSet<HTMLAnchorElement>();
  let fullScan = false;
  let prunePending = false;
  let frame = 0;
  let stopped = false;

  const visibility = new IntersectionObserver(
    (entries) => {
      if (stopped) return;
      try {
        const near: HTMLAnchorElement[] = [];
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const anchor = entry.target as HTMLAnchorElement;
          visibility.unobserve(anchor);
          observed.delete(anchor);
          if (anchor.isConnected) near.push(anchor);
        }
        if (near.length > 0) client.onLinks(near);
      } catch (error) {
        console.debug('[Handoff] annotating incident links failed', error);
      }
    },
    { rootMargin: nearScreen },
  );

  /** A new link waits until it is on or near the screen; one already wearing a chip is left alone. */
  function watch(anchor: HTMLAnchorElement): void {
    if (client.isAnnotated(anchor) || observed.has(anchor)) return;
    observed.add(anchor);
    visibility.observe(anchor);
  }

  function watchLinksIn(root: Element): void {
    if (root instanceof HTMLAnchorElement && root.matches(incidentLinkSelector)) watch(root);
    for (const anchor of root.querySelectorAll<HTMLAnchorElement>(incidentLinkSelector)) watch(anchor);
  }

  /** Links whose href changed: an annotated one's chip follows now, the others wait for the screen like new ones. */
  function relink(links: readonly HTMLAnchorElement[]): void {
    const annotated: HTMLAnchorElement[] = [];
    for (const anchor of links) {
      if (!anchor.isConnected) continue;
      if (client.isAnnotated(anchor)) annotated.push(anchor);
      else {
        observed.delete(anchor);
        visibility.unobserve(anchor);
        watch(anchor);
      }
    }
    if (annotated.length > 0) client.onLinks(annotated);
  }

  function flush(): void {
    frame = 0;
    if (stopped) return;
    try {
      if (prunePending) {
        prunePending = false;
        for (const link of client.onRemoved()) pendingRoots.add(link);
      }
      const roots = [...pendingRoots];
      const relinked = [...changedLinks];
      const scanAll = fullScan;
      pendingRoots.clear();
      changedLinks.clear();
      fullScan = false;
      if (!client.onFrame()) return;
      relink(relinked);
      if (scanAll) watchLinksIn(document.body ?? document.documentElement);
      else for (const root of roots) if (root.isConnected && root instanceof Element) watchLinksIn(root);
    } catch (error) {
      console.debug('[Handoff] annotating incident links failed', error);
    }
  }

  function schedule(): void {
    if (frame === 0 && !stopped) frame = requestAnimationFrame(flush);
  }

  const mutations = new MutationObserver((records) => {
    if (records.length > largeBatch) {
      // Looking at each record would cost more than one scan of the page by selector.
      fullScan = true;
      prunePending = true;
      schedule();
      return;
    }
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target instanceof HTMLAnchorElement) changedLinks.add(record.target);
        continue;
      }
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && !ownHosts.has((node as Element).tagName)) pendingRoots.add(node);
      }
      for (const node of record.removedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE && !ownHosts.has((node as Element).tagName)) prunePending = true;
      }
    }
    if (pendingRoots.size > 0 || changedLinks.size > 0 || prunePending) schedule();
  });
  mutations.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });

  return {
    rescan() {
      // Links seen before may have a handoff now: they are all looked at again as they come on screen.
      visibility.disconnect();
      observed = new WeakSet();
      fullScan = true;
      schedule();
    },
    requestFrame: schedule,
    stop() {
      if (stopped) return;
      stopped = true;
      mutations.disconnect();
      visibility.disconnect();
      if (frame !== 0) cancelAnimationFrame(frame);
    },
  };
}
