import tokensCss from '@/assets/design-tokens.css?inline';
import type { PortalTheme } from '@/utils/portal/portal-theme';
import chipCss from './incident-chip.css?inline';

/**
 * The owner chip beside a link to an incident: a small button in its own closed shadow root (the page cannot reach or click it) (so the
 * portal's CSS cannot restyle it and ours cannot leak out), styled by ONE constructable stylesheet that
 * every chip adopts. Built with DOM calls and textContent only: incident data never becomes markup.
 * The host carries the test contract: data-handoff-incident-id, data-handoff-owner, data-handoff-area.
 */

export const chipTagName = 'handoff-incident-chip';

export interface ChipModel {
  incidentId: string;
  owner: 'defenderExperts' | 'partner' | 'none';
  area: string;
  ownerText: string;
  stepText: string;
  timeText: string | null;
  /** The popover's lines: the partner's action and the matrix duties. */
  details: readonly string[];
  theme: PortalTheme;
}

export interface ChipParts {
  host: HTMLElement;
  button: HTMLButtonElement;
  owner: Text;
  step: Text;
  time: Text;
  /** What the chip shows now, to skip updates that change nothing. */
  signature: string;
  details: readonly string[];
}

let sharedSheet: CSSStyleSheet | null | undefined;

/** The chips' stylesheet, built once; null where constructable stylesheets cannot be adopted. */
function chipSheet(): CSSStyleSheet | null {
  if (sharedSheet !== undefined) return sharedSheet;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`${tokensCss}\n${chipCss}`);
    sharedSheet = sheet;
  } catch {
    sharedSheet = null;
  }
  return sharedSheet;
}

function adoptStyles(shadow: ShadowRoot): void {
  const sheet = chipSheet();
  if (sheet) {
    try {
      shadow.adoptedStyleSheets = [sheet];
      return;
    } catch {
      // Firefox content scripts may not hand a sheet to the page's shadow root: fall back to a <style>.
    }
  }
  const style = document.createElement('style');
  style.textContent = `${tokensCss}\n${chipCss}`;
  shadow.append(style);
}

const signatureOf = (model: ChipModel) =>
  [model.owner, model.area, model.ownerText, model.stepText, model.timeText ?? '', model.theme, ...model.details].join('\u0000');

function accessibleName(model: ChipModel): string {
  const visible = [model.ownerText, model.stepText, model.timeText].filter(Boolean).join(' · ');
  return `${visible}. Handoff: ${model.details.join(' ')}`;
}

function span(className: string, text: Text): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.append(text);
  return element;
}

export function createChip(model: ChipModel): ChipParts {
  const host = document.createElement(chipTagName);
  const shadow = host.attachShadow({ mode: 'closed' });
  adoptStyles(shadow);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'chip';
  const dot = document.createElement('span');
  dot.className = 'dot';
  dot.setAttribute('aria-hidden', 'true');
  const owner = document.createTextNode('');
  const step = document.createTextNode('');
  const time = document.createTextNode('');
  button.append(dot, span('owner', owner), span('step', step), span('time', time));
  shadow.append(button);
  const parts: ChipParts = { host, button, owner, step, time, signature: '', details: [] };
  updateChip(parts, model);
  return parts;
}

/** Brings a chip up to date; does nothing when nothing it shows changed. */
export function updateChip(parts: ChipParts, model: ChipModel): void {
  const signature = signatureOf(model);
  if (signature === parts.signature) return;
  parts.signature = signature;
  parts.details = model.details;
  const { host } = parts;
  host.dataset.handoffIncidentId = model.incidentId;
  host.dataset.handoffOwner = model.owner;
  host.dataset.handoffArea = model.area;
  host.dataset.theme = model.theme;
  parts.owner.data = model.ownerText;
  parts.step.data = model.stepText;
  parts.time.data = model.timeText ?? '';
  (parts.time.parentElement as HTMLElement).hidden = model.timeText === null;
  parts.button.setAttribute('aria-label', accessibleName(model));
}
