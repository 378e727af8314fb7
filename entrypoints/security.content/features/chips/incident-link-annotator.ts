import type { PortalHandoff, StepDutiesView } from '@/utils/messages/portal-answers';
import { incidentLinkTarget, type IncidentLinkTarget } from '@/utils/portal/portal-url';
import type { PortalTheme } from '@/utils/portal/portal-theme';
import { wireChipPopover } from './chip-popover-events';
import { createChip, updateChip, type ChipParts } from './incident-chip';
import { chipModelMaker, type ChipModelMaker } from './incident-chip-model';
import { watchIncidentLinks } from './incident-link-watcher';

/**
 * Puts a chip beside every link to an incident, whatever markup surrounds it: links are found
 * by their href (portal-url.ts), never by the portal's class names. incident-link-watcher.ts says which
 * links to look at and when (only those on or near the screen); this file decides which get a chip,
 * from the tenant's handoffs and the portal's theme, and does the DOM work in the watcher's frames.
 *
 * Chips are keyed by their link, so a link never gets two, and a link the portal removes takes its chip
 * with it. A row that links one incident twice shows one chip.
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
const linkCacheLimit = 10_000;

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
  let data: AnnotatorData | null = null;
  let modelOf: ChipModelMaker | null = null;
  let theme = options.theme;
  /** Every chip is redrawn (new data, new theme). */
  let refreshAll = false;
  let stopped = false;

  const popover = wireChipPopover({
    chipAt: (target) => partsByHost.get(target),
    theme: () => theme,
    signal: options.signal,
  });

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

  function drop(anchor: HTMLAnchorElement, parts: ChipParts): void {
    parts.host.remove();
    chips.delete(anchor);
    const row = anchor.closest(rowSelector);
    const incidentId = parts.host.dataset.handoffIncidentId;
    if (row && incidentId && rowChips.get(row)?.get(incidentId) === anchor) rowChips.get(row)?.delete(incidentId);
    popover.chipRemoved(parts.host);
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
    if (!target || !handoff || !modelOf) {
      if (existing) drop(anchor, existing);
      return;
    }
    const model = modelOf(handoff, theme, at);
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

  /** After the portal removed nodes: chips of removed links go; links whose chip alone was removed are watched again. */
  function pruneDetached(): HTMLAnchorElement[] {
    const lostTheirChip: HTMLAnchorElement[] = [];
    for (const [anchor, parts] of chips) {
      if (!anchor.isConnected) drop(anchor, parts);
      else if (!parts.host.isConnected) {
        chips.delete(anchor);
        lostTheirChip.push(anchor);
      }
    }
    return lostTheirChip;
  }

  const watcher = watchIncidentLinks({
    isAnnotated: (link) => chips.has(link),
    onLinks(links) {
      const at = now();
      for (const link of links) annotate(link, at);
    },
    onRemoved: pruneDetached,
    onFrame() {
      const redraw = refreshAll;
      refreshAll = false;
      if (data === null) {
        for (const [anchor, parts] of chips) drop(anchor, parts);
        return false;
      }
      if (redraw) {
        const at = now();
        for (const anchor of [...chips.keys()]) annotate(anchor, at);
      }
      return true;
    },
  });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    watcher.stop();
    for (const [anchor, parts] of chips) drop(anchor, parts);
    popover.remove();
  }
  options.signal.addEventListener('abort', stop, { once: true });

  return {
    setData(next) {
      data = next;
      modelOf = next ? chipModelMaker(next.duties) : null;
      refreshAll = true;
      watcher.rescan();
    },
    setTheme(next) {
      if (next === theme) return;
      theme = next;
      refreshAll = true;
      watcher.requestFrame();
    },
    stop,
  };
}
