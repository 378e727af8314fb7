import type { PortalTheme } from '@/utils/portal/portal-theme';
import { createChipPopover } from './chip-popover';

/**
 * When the shared popover (chip-popover.ts) shows: on hover and focus of a chip, pinned by a click on
 * it, hidden on Escape or a click elsewhere. Delegated: six listeners on the document for all chips
 * instead of six per chip, removed with the feature's signal. Chips themselves stay plain elements.
 */

/** What the popover needs of a chip: the element it hangs from and its lines. */
export interface PopoverChip {
  readonly host: Element;
  readonly details: readonly string[];
}

export interface ChipPopoverEvents {
  /** A chip is going away: the popover hides if it was showing that chip. */
  chipRemoved(host: Element): void;
  /** Removes the popover element (the listeners go with the signal). */
  remove(): void;
}

export function wireChipPopover(options: {
  /** The chip an event's target is, if it is one of ours. */
  chipAt(target: Element): PopoverChip | undefined;
  /** The portal's theme now. */
  theme(): PortalTheme;
  signal: AbortSignal;
}): ChipPopoverEvents {
  const popover = createChipPopover();
  let pinned = false;

  const chipOf = (event: Event): PopoverChip | undefined =>
    event.target instanceof Element ? options.chipAt(event.target) : undefined;
  const showFor = (chip: PopoverChip) => popover.show(chip.host, chip.details, options.theme());
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
    const chip = chipOf(event);
    if (chip && !pinned) showFor(chip);
  });
  listen('mouseout', (event) => {
    const chip = chipOf(event);
    if (chip && !pinned && popover.anchor === chip.host) popover.hide();
  });
  listen('focusin', (event) => {
    const chip = chipOf(event);
    if (chip) showFor(chip);
  });
  listen('focusout', (event) => {
    const chip = chipOf(event);
    if (chip && popover.anchor === chip.host) {
      pinned = false;
      popover.hide();
    }
  });
  listen('click', (event) => {
    const chip = chipOf(event);
    if (!chip) {
      if (pinned) {
        pinned = false;
        popover.hide();
      }
      return;
    }
    // The chip is ours: the portal's row must not also act on the click (open, select).
    event.stopPropagation();
    event.preventDefault();
    pinned = !(pinned && popover.anchor === chip.host);
    if (pinned) showFor(chip);
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

  return {
    chipRemoved(host) {
      if (popover.anchor === host) popover.hide();
    },
    remove: () => popover.remove(),
  };
}
