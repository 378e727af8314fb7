import type { PortalHandoff, StepDutiesView } from '@/utils/messages/portal-answers';
import type { TenantDirectory } from '@/utils/portal/mto-incident-rows';
import type { PortalTheme } from '@/utils/portal/portal-theme';
import { wireChipPopover } from '../chips/chip-popover-events';
import { popoverTagName } from '../chips/chip-popover';
import { chipTagName, createChip, updateChip, type ChipParts } from '../chips/incident-chip';
import { chipModelMaker, type ChipModelMaker } from '../chips/incident-chip-model';
import { readMtoChipSlots, type MtoChipSlot } from './mto-grid-reader';

/**
 * Chips on the multitenant incident list and its flyout: the tenant portal's chip (closed shadow
 * root, shared popover), each with the handoff of ITS row's tenant. The list is virtualised: the portal
 * reuses a row's elements for another incident as the analyst scrolls, so after every change of the
 * page (one MutationObserver, one animation frame per batch) the rows on the page are read again and
 * each chip follows its row. Only the rows the grid renders exist, so a scan costs the rows in view.
 */

export interface TenantHandoffs {
  handoffs: Readonly<Record<string, PortalHandoff>>;
  duties: Readonly<Record<string, StepDutiesView>>;
}

export interface MtoChipAnnotator {
  setDirectory(directory: TenantDirectory | null): void;
  /** A tenant's handoffs (null: none, or not any more). */
  setTenantData(tenantId: string, data: TenantHandoffs | null): void;
  setTheme(theme: PortalTheme): void;
  stop(): void;
}

interface PlacedChip {
  parts: ChipParts;
  anchor: Element;
  placement: MtoChipSlot['placement'];
}

/** Elements Handoff adds: their coming and going is not the portal's and means no work. */
const ownHosts = new Set([chipTagName.toUpperCase(), popoverTagName.toUpperCase()]);

function inPlace(chip: PlacedChip, slot: MtoChipSlot): boolean {
  const { host } = chip.parts;
  if (!host.isConnected || chip.anchor !== slot.anchor || chip.placement !== slot.placement) return false;
  return slot.placement === 'before' ? host.nextSibling === slot.anchor : host.parentElement === slot.anchor;
}

export function createMtoChipAnnotator(options: {
  theme: PortalTheme;
  signal: AbortSignal;
  /** A row names a configured tenant whose handoffs are not loaded yet. */
  onTenantWanted(tenantId: string): void;
  now?: () => number;
}): MtoChipAnnotator {
  const now = options.now ?? Date.now;
  const chips = new Map<Element, PlacedChip>();
  const partsByHost = new WeakMap<Element, ChipParts>();
  const tenants = new Map<string, { data: TenantHandoffs; modelOf: ChipModelMaker }>();
  let directory: TenantDirectory | null = null;
  let theme = options.theme;
  let frame = 0;
  let stopped = false;

  const popover = wireChipPopover({ chipAt: (target) => partsByHost.get(target), theme: () => theme, signal: options.signal });

  function drop(owner: Element, chip: PlacedChip): void {
    chip.parts.host.remove();
    chips.delete(owner);
    popover.chipRemoved(chip.parts.host);
  }

  function place(slot: MtoChipSlot, at: number): void {
    const tenant = tenants.get(slot.target.tenantId);
    const handoff = tenant?.data.handoffs[slot.target.incidentId];
    const existing = chips.get(slot.owner);
    if (!tenant || !handoff) {
      if (existing) drop(slot.owner, existing);
      return;
    }
    const model = tenant.modelOf(handoff, theme, at);
    if (existing && inPlace(existing, slot)) {
      updateChip(existing.parts, model);
      return;
    }
    if (existing) drop(slot.owner, existing);
    const parts = createChip(model);
    partsByHost.set(parts.host, parts);
    if (slot.placement === 'before') slot.anchor.before(parts.host);
    else slot.anchor.prepend(parts.host);
    chips.set(slot.owner, { parts, anchor: slot.anchor, placement: slot.placement });
  }

  function scan(): void {
    frame = 0;
    if (stopped) return;
    try {
      const slots = directory ? readMtoChipSlots(document, directory) : [];
      const at = now();
      const seen = new Set<Element>();
      for (const slot of slots) {
        seen.add(slot.owner);
        if (!tenants.has(slot.target.tenantId) && directory?.has(slot.target.tenantId)) options.onTenantWanted(slot.target.tenantId);
        place(slot, at);
      }
      for (const [owner, chip] of chips) if (!seen.has(owner)) drop(owner, chip);
    } catch (error) {
      console.debug('[Handoff] multitenant chips failed', error);
    }
  }

  function schedule(): void {
    if (frame === 0 && !stopped) frame = requestAnimationFrame(scan);
  }

  const isOwn = (node: Node) => node.nodeType === Node.ELEMENT_NODE && ownHosts.has((node as Element).tagName);
  // Walks the NodeLists in place: this runs on every change of the portal's page.
  const hasForeign = (nodes: NodeList) => {
    for (let index = 0; index < nodes.length; index += 1) if (!isOwn(nodes[index]!)) return true;
    return false;
  };
  const mutations = new MutationObserver((records) => {
    // Our own chips coming and going is no change of the portal's.
    const portalChanged = records.some(
      (record) => record.type !== 'childList' || hasForeign(record.addedNodes) || hasForeign(record.removedNodes),
    );
    if (portalChanged) schedule();
  });
  mutations.observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['href', 'role', 'aria-colindex'],
  });

  function stop(): void {
    if (stopped) return;
    stopped = true;
    mutations.disconnect();
    if (frame !== 0) cancelAnimationFrame(frame);
    for (const [owner, chip] of chips) drop(owner, chip);
    popover.remove();
  }
  options.signal.addEventListener('abort', stop, { once: true });
  schedule();

  return {
    setDirectory(next) {
      directory = next;
      schedule();
    },
    setTenantData(tenantId, data) {
      if (data) tenants.set(tenantId, { data, modelOf: chipModelMaker(data.duties) });
      else tenants.delete(tenantId);
      schedule();
    },
    setTheme(next) {
      theme = next;
      schedule();
    },
    stop,
  };
}
