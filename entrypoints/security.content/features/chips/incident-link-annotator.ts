import { handoffChipDetails, handoffChipText } from '@/utils/portal/handoff-labels';
import type { PortalHandoff, StepDutiesView } from '@/utils/messages/portal-answers';
import { incidentLinkTarget, type IncidentLinkTarget } from '@/utils/portal/portal-url';
import type { PortalTheme } from '@/utils/portal/portal-theme';
import { createChipPopover } from './chip-popover';
import { chipTagName, createChip, updateChip, type ChipModel, type ChipParts } from './incident-chip';

/**
 * Puts an owner chip beside every link to an incident, whatever markup surrounds it: links are found
 * by their href (portal-url.ts), never by the portal's class names. The work is bounded per frame:
 *
 * - ONE MutationObserver collects what the portal added; ONE animation frame hands the new links to
 * - ONE IntersectionObserver, which reports the links on or near the screen: only those get their chip
 *   now, the rest as they scroll near. A 2,000-row queue costs the rows the analyst can see.
 *
 * An idle page (no mutations, no scrolling, no frames) costs nothing, not even a timer. Chips are keyed
 * by their link, so a link never gets two, and a link the portal removes takes its chip with it.
 */

export interface AnnotatorData {
  /** The tenant the answer was for (a GUID once known): links to another tenant get no chip. */
  dataTenant: string;
  handoffs: Readonly<Record<string, PortalHandoff>>;
  duties: Readonly<Record<string, StepDutiesView>>;
}

export interface IncidentLinkAnnotator {
  setData(data: AnnotatorData | null): void;
  setTheme(theme: PortalTheme): void;
  stop(): void;
}

/** Rows in the portal's lists (Fluent DetailsList rows, tables, lists): one chip per incident in each. */
const rowSelector = '[role="row"], tr, li';
const ownHosts = new Set([chipTagName.toUpperCase(), 'HANDOFF-CHIP-POPOVER', 'HANDOFF-INCIDENT-PANEL']);
/** Links that may point to an incident, filtered by the browser (no script per link on the way). */
const incidentLinkSelector = 'a[href*="incident" i]';
const linkCacheLimit = 10_000;
/** A batch of mutations this large (a list rendered row by row) is handled as one scan of the page. */
const largeBatch = 64;
/** "Near the screen": a screen's height above and below the viewport. */
const nearScreen = '100% 0px 100% 0px';

export function createIncidentLinkAnnotator(options: {
  /** The page's `tid`, or null (the default tenant). */
  pageTenantId: string | null;
  theme: PortalTheme;
  signal: AbortSignal;
  now?: () => number;
}): IncidentLinkAnnotator {
  const now = options.now ?? Date.now;
  const chips = new Map<HTMLAnchorElement, ChipParts>();
  const partsByHost = new WeakMap<Element, ChipParts>();
  /** Which link of a row carries the chip of an incident (a row may link one incident twice). */
  const rowChips = new WeakMap<Element, Map<string, HTMLAnchorElement>>();
  const linkTargets = new Map<string, IncidentLinkTarget | null>();
  const pendingRoots = new Set<Node>();
  const changedLinks = new Set<HTMLAnchorElement>();
  const popover = createChipPopover();
  let data: AnnotatorData | null = null;
  let theme = options.theme;
  /** Links handed to the IntersectionObserver and not reported yet. */
  let observed = new WeakSet<HTMLAnchorElement>();
  let fullScan = false;
  /** Every chip is redrawn (new data, new theme). */
  let refreshAll = false;
  let prunePending = false;
  let frame = 0;
  let stopped = false;
  let pinned = false;
  // The popover's lines depend only on the step and the partner's action: built once per kind of handoff.
  let detailsCache = new Map<string, string[]>();

  function linkTargetOf(anchor: HTMLAnchorElement): IncidentLinkTarget | null {
    const href = anchor.href;
    let target = linkTargets.get(href);
    if (target === undefined) {
      target = incidentLinkTarget(href);
      if (linkTargets.size >= linkCacheLimit) linkTargets.clear();
      linkTargets.set(href, target);
    }
    return target;
  }

  /** A link without `tid` is the page's tenant; with one, it must be the tenant the data is for. */
  function sameTenant(target: IncidentLinkTarget): boolean {
    if (target.tenantId === null) return true;
    return target.tenantId === options.pageTenantId || target.tenantId === data?.dataTenant;
  }

  function modelFor(handoff: PortalHandoff, at: number): ChipModel {
    const duties = data?.duties[handoff.area];
    const title = duties?.title ?? handoff.area;
    const text = handoffChipText(handoff, title, at);
    const detailsKey = `${handoff.owner}\u0000${handoff.area}\u0000${handoff.partnerAction?.text ?? ''}\u0000${handoff.redirectIncidentId ?? ''}`;
    let details = detailsCache.get(detailsKey);
    if (!details) {
      details = handoffChipDetails(handoff, duties);
      detailsCache.set(detailsKey, details);
    }
    return {
      incidentId: handoff.incidentId,
      owner: handoff.owner,
      area: handoff.area,
      ownerText: text.owner,
      stepText: text.step,
      timeText: text.time,
      details: [text.label.replace(/^Handoff: /, ''), ...details],
      theme,
    };
  }

  function drop(anchor: HTMLAnchorElement, parts: ChipParts): void {
    parts.host.remove();
    chips.delete(anchor);
    const row = anchor.closest(rowSelector);
    const incidentId = parts.host.dataset.handoffIncidentId;
    if (row && incidentId && rowChips.get(row)?.get(incidentId) === anchor) rowChips.get(row)?.delete(incidentId);
    if (popover.anchor === parts.host) popover.hide();
  }

  /** Another link of the same row already carries this incident's chip. */
  function rowHasChip(anchor: HTMLAnchorElement, incidentId: string): boolean {
    const row = anchor.closest(rowSelector);
    if (!row) return false;
    const byIncident = rowChips.get(row) ?? new Map<string, HTMLAnchorElement>();
    rowChips.set(row, byIncident);
    const holder = byIncident.get(incidentId);
    if (holder && holder !== anchor && holder.isConnected && chips.get(holder)?.host.isConnected) return true;
    byIncident.set(incidentId, anchor);
    return false;
  }

  /** Gives the link its chip, updates it, or takes it away, as the data says. */
  function annotate(anchor: HTMLAnchorElement, at: number): void {
    const existing = chips.get(anchor);
    const target = linkTargetOf(anchor);
    const handoff = target && sameTenant(target) ? data?.handoffs[target.incidentId] : undefined;
    if (!target || !handoff) {
      if (existing) drop(anchor, existing);
      return;
    }
    const model = modelFor(handoff, at);
    if (existing && existing.host.isConnected && existing.host.nextSibling === anchor) {
      updateChip(existing, model);
      return;
    }
    if (existing) drop(anchor, existing);
    if (rowHasChip(anchor, target.incidentId)) return;
    const parts = createChip(model);
    partsByHost.set(parts.host, parts);
    anchor.before(parts.host);
    chips.set(anchor, parts);
  }

  const visibility = new IntersectionObserver(
    (entries) => {
      if (stopped) return;
      try {
        const at = now();
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const anchor = entry.target as HTMLAnchorElement;
          visibility.unobserve(anchor);
          observed.delete(anchor);
          if (anchor.isConnected) annotate(anchor, at);
        }
      } catch (error) {
        console.debug('[Handoff] annotating incident links failed', error);
      }
    },
    { rootMargin: nearScreen },
  );

  /** A new link waits until it is on or near the screen; one already wearing a chip is left alone. */
  function watch(anchor: HTMLAnchorElement): void {
    if (chips.has(anchor) || observed.has(anchor)) return;
    observed.add(anchor);
    visibility.observe(anchor);
  }

  function watchLinksIn(root: Element): void {
    if (root instanceof HTMLAnchorElement && root.matches(incidentLinkSelector)) watch(root);
    for (const anchor of root.querySelectorAll<HTMLAnchorElement>(incidentLinkSelector)) watch(anchor);
  }

  /** A link whose href changed: its chip follows now, or it waits for the screen like a new one. */
  function relink(anchor: HTMLAnchorElement, at: number): void {
    if (chips.has(anchor)) annotate(anchor, at);
    else {
      observed.delete(anchor);
      visibility.unobserve(anchor);
      watch(anchor);
    }
  }

  function pruneDetached(): void {
    for (const [anchor, parts] of chips) {
      if (!anchor.isConnected) drop(anchor, parts);
      else if (!parts.host.isConnected) {
        chips.delete(anchor);
        pendingRoots.add(anchor);
      }
    }
  }

  function flush(): void {
    frame = 0;
    if (stopped) return;
    try {
      if (prunePending) {
        prunePending = false;
        pruneDetached();
      }
      const roots = [...pendingRoots];
      const relinked = [...changedLinks];
      const scanAll = fullScan;
      const redraw = refreshAll;
      pendingRoots.clear();
      changedLinks.clear();
      fullScan = false;
      refreshAll = false;
      if (data === null) {
        for (const [anchor, parts] of chips) drop(anchor, parts);
        return;
      }
      const at = now();
      if (redraw) for (const anchor of [...chips.keys()]) annotate(anchor, at);
      for (const anchor of relinked) if (anchor.isConnected) relink(anchor, at);
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

  // Chip interaction, delegated: six listeners for all chips instead of six per chip.
  const chipOf = (event: Event): ChipParts | undefined =>
    event.target instanceof Element ? partsByHost.get(event.target) : undefined;
  const showFor = (parts: ChipParts) => popover.show(parts.host, parts.details, theme);
  const listen = <K extends keyof DocumentEventMap>(type: K, handler: (event: DocumentEventMap[K]) => void) =>
    document.addEventListener(
      type,
      (event) => {
        try {
          handler(event);
        } catch (error) {
          console.debug('[Handoff] chip event failed', error);
        }
      },
      { capture: true, signal: options.signal },
    );
  listen('mouseover', (event) => {
    const parts = chipOf(event);
    if (parts && !pinned) showFor(parts);
  });
  listen('mouseout', (event) => {
    const parts = chipOf(event);
    if (parts && !pinned && popover.anchor === parts.host) popover.hide();
  });
  listen('focusin', (event) => {
    const parts = chipOf(event);
    if (parts) showFor(parts);
  });
  listen('focusout', (event) => {
    const parts = chipOf(event);
    if (parts && popover.anchor === parts.host) {
      pinned = false;
      popover.hide();
    }
  });
  listen('click', (event) => {
    const parts = chipOf(event);
    if (!parts) {
      if (pinned) {
        pinned = false;
        popover.hide();
      }
      return;
    }
    // The chip is ours: the portal's row must not also act on the click (open, select).
    event.stopPropagation();
    event.preventDefault();
    pinned = !(pinned && popover.anchor === parts.host);
    if (pinned) showFor(parts);
    else popover.hide();
  });
  listen('keydown', (event) => {
    if (event.key === 'Escape' && popover.anchor) {
      pinned = false;
      popover.hide();
    }
    // Keys on a chip stay with the chip (the portal's grid would otherwise move or open the row).
    if (chipOf(event)) event.stopPropagation();
  });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    mutations.disconnect();
    visibility.disconnect();
    if (frame !== 0) cancelAnimationFrame(frame);
    for (const [anchor, parts] of chips) drop(anchor, parts);
    popover.remove();
  }
  options.signal.addEventListener('abort', stop, { once: true });

  return {
    setData(next) {
      data = next;
      detailsCache = new Map();
      // Links seen before may have a handoff now: they are all looked at again as they come on screen.
      visibility.disconnect();
      observed = new WeakSet();
      refreshAll = true;
      fullScan = true;
      schedule();
    },
    setTheme(next) {
      if (next === theme) return;
      theme = next;
      refreshAll = true;
      schedule();
    },
    stop,
  };
}
