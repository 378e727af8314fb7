import tokensCss from '@/assets/design-tokens.css?inline';
import type { PortalTheme } from '@/utils/portal/portal-theme';
import popoverCss from './chip-popover.css?inline';

export const popoverTagName = 'handoff-chip-popover';

/**
 * The details popover ALL chips share (one element, created on first use, not one per chip): the
 * action first, who owns the step, and the matrix duties of the chip's step. Fixed to the viewport so no
 * table cell clips it. Purely visual (aria-hidden): each chip's accessible name says its verb, whose move
 * and how long, and its description the action (incident-chip.ts); the duties are the panel's too.
 */
export interface ChipPopover {
  show(anchor: Element, lines: readonly string[], theme: PortalTheme): void;
  hide(): void;
  /** The chip the popover is showing for, if any. */
  readonly anchor: Element | null;
  remove(): void;
}

const popoverWidth = 360;
const gap = 4;
const margin = 8;

export function createChipPopover(): ChipPopover {
  let host: HTMLElement | null = null;
  let box: HTMLDivElement | null = null;
  let shownFor: Element | null = null;

  function ensure(): HTMLDivElement {
    if (host && box && host.isConnected) return box;
    host = document.createElement(popoverTagName);
    host.setAttribute('aria-hidden', 'true');
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `${tokensCss}\n${popoverCss}`;
    box = document.createElement('div');
    box.className = 'popover';
    box.hidden = true;
    shadow.append(style, box);
    (document.body ?? document.documentElement).append(host);
    return box;
  }

  return {
    show(anchor, lines, theme) {
      const element = ensure();
      if (host) host.dataset.theme = theme;
      element.replaceChildren(
        ...lines.map((line) => {
          const paragraph = document.createElement('p');
          paragraph.className = 'line';
          paragraph.textContent = line;
          return paragraph;
        }),
      );
      const rect = anchor.getBoundingClientRect();
      const left = Math.max(margin, Math.min(rect.left, window.innerWidth - popoverWidth - margin));
      element.style.left = `${left}px`;
      element.style.top = `${rect.bottom + gap}px`;
      element.hidden = false;
      // Above the chip when there is no room below.
      const height = element.getBoundingClientRect().height;
      if (rect.bottom + gap + height > window.innerHeight - margin && rect.top - gap - height > margin) {
        element.style.top = `${rect.top - gap - height}px`;
      }
      shownFor = anchor;
    },
    hide() {
      if (box) box.hidden = true;
      shownFor = null;
    },
    get anchor() {
      return shownFor;
    },
    remove() {
      host?.remove();
      host = null;
      box = null;
      shownFor = null;
    },
  };
}
