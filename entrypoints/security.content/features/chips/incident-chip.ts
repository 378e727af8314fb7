import tokensCss from '@/assets/design-tokens.css?inline';
import type { AssigneeKind } from '@/utils/portal/assignee-who';
import type { ChipVerb } from '@/utils/portal/chip-verb';
import type { PortalTheme } from '@/utils/portal/portal-theme';
import chipCss from './incident-chip.css?inline';

/**
 * The chip beside a link to an incident: a small button ("Act 3h", "Experts 40h") in its own
 * closed shadow root (the page cannot reach or click it, the portal's CSS cannot restyle it and ours
 * cannot leak out), styled by ONE constructable stylesheet every chip adopts. Built with DOM calls and
 * textContent only: incident data never becomes markup. Its accessible name starts with what it shows;
 * the action is its description. The host carries the public contract: data-handoff-incident-id,
 * data-handoff-owner, data-handoff-verb, data-handoff-area, data-handoff-assignee (you, colleague, unassigned).
 */

export const chipTagName = 'handoff-incident-chip';

export interface ChipModel {
  incidentId: string;
  owner: 'defenderExperts' | 'partner' | 'none';
  area: string;
  /** Who in the team has it: the host's public data-handoff-assignee. */
  assignee: AssigneeKind;
  verb: ChipVerb;
  /** The visible word (chip-verb.ts). */
  text: string;
  time: string | null;
  /** The accessible name, under 60 characters, starting with the visible text. */
  label: string;
  /** The popover's lines: the action first (also the chip's accessible description), who, the matrix duties. */
  details: readonly string[];
  theme: PortalTheme;
}

export interface ChipParts {
  host: HTMLElement;
  button: HTMLButtonElement;
  text: Text;
  /** The space between verb and time: a text node of the button itself, so "Act 3h" is read as one phrase. */
  space: Text;
  time: Text;
  description: Text;
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
  [model.owner, model.area, model.assignee, model.verb, model.text, model.time ?? '', model.label, model.theme, ...model.details].join('\u0000');

function span(className: string, ...children: Node[]): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.append(...children);
  return element;
}

export function createChip(model: ChipModel): ChipParts {
  const host = document.createElement(chipTagName);
  const shadow = host.attachShadow({ mode: 'closed' });
  adoptStyles(shadow);
  const button = document.createElement('button');
  button.type = 'button';
  const icon = span('icon');
  icon.setAttribute('aria-hidden', 'true');
  const text = document.createTextNode('');
  const time = document.createTextNode('');
  // The flex gap draws the space; the text node makes it part of the button's text ("Act 3h", not "Act3h").
  const space = document.createTextNode('');
  button.append(icon, span('verb', text), space, span('time', time));
  const description = document.createTextNode('');
  const describer = span('', description);
  describer.id = 'd';
  describer.hidden = true;
  button.setAttribute('aria-describedby', 'd');
  shadow.append(button, describer);
  const parts: ChipParts = { host, button, text, space, time, description, signature: '', details: [] };
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
  host.dataset.handoffVerb = model.verb;
  host.dataset.handoffArea = model.area;
  host.dataset.handoffAssignee = model.assignee;
  host.dataset.theme = model.theme;
  parts.text.data = model.text;
  parts.space.data = model.time === null ? '' : ' ';
  parts.time.data = model.time ?? '';
  (parts.time.parentElement as HTMLElement).hidden = model.time === null;
  parts.description.data = model.details[0] ?? '';
  parts.button.className = `chip ${model.verb}`;
  parts.button.setAttribute('aria-label', model.label);
}
