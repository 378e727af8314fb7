// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createIncidentLinkAnnotator,
  type AnnotatorData,
  type IncidentLinkAnnotator,
} from '@/entrypoints/security.content/features/chips/incident-link-annotator';
import type { PortalHandoff, StepDutiesView } from '@/utils/messages/portal-answers';
import { installPageFakes, type PageFakes } from './page-fakes';

/**
 * The annotator against a page built by hand: which links get a chip, where, with what, and when it
 * goes. Screen reports and animation frames are driven by the test (page-fakes.ts).
 */

const pageTenant = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const otherTenant = '6ba7b810-9dad-41d1-80b4-00c04fd430c8';
const now = Date.parse('2026-11-27T12:00:00Z');

function handoff(incidentId: string, overrides: Partial<PortalHandoff> = {}): PortalHandoff {
  return {
    incidentId,
    owner: 'partner',
    area: 'incidentTriage',
    inDefenderExpertsScope: false,
    partnerAction: { kind: 'triage', text: 'Triage the incident' },
    redirectIncidentId: null,
    stepSince: '2026-11-27T09:00:00Z',
    ...overrides,
  };
}

const triageDuties: StepDutiesView = {
  title: 'Incident triage',
  defenderExperts: ['Investigate the alerts.'],
  partner: ['Answer questions.'],
  partnerNote: null,
  portalOnly: false,
};

function dataFor(handoffs: PortalHandoff[], dataTenant = pageTenant, duties = { incidentTriage: triageDuties }): AnnotatorData {
  return { dataTenant, handoffs: Object.fromEntries(handoffs.map((item) => [item.incidentId, item])), duties };
}

const incidentHref = (id: string, tenantId: string | null = pageTenant) =>
  `https://security.microsoft.com/incidents/${id}/overview${tenantId ? `?tid=${tenantId}` : ''}`;

/** A row of the portal's queue with one cell per href: `<div role="row"><span><a>…</a></span>…</div>`. */
function addRow(...hrefs: string[]): HTMLElement {
  const row = document.createElement('div');
  row.setAttribute('role', 'row');
  for (const href of hrefs) {
    const cell = document.createElement('span');
    const anchor = document.createElement('a');
    anchor.href = href;
    anchor.textContent = `Incident at ${href}`;
    cell.append(anchor);
    row.append(cell);
  }
  document.body.append(row);
  return row;
}

const linkIn = (row: Element, index = 0) => row.querySelectorAll('a')[index] as HTMLAnchorElement;
const chips = () => [...document.querySelectorAll<HTMLElement>('handoff-incident-chip')];
const chipIds = () => chips().map((chip) => chip.dataset.handoffIncidentId);
const chipBeside = (anchor: Element) => {
  const before = anchor.previousElementSibling;
  return before?.tagName === 'HANDOFF-INCIDENT-CHIP' ? (before as HTMLElement) : null;
};
// The chips' and popover's roots are closed (the page cannot reach them): the test keeps each root as
// it is attached, which the content script's own code never needs to do.
const closedRoots = new WeakMap<Element, ShadowRoot>();
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
  const root = attachShadow.call(this, init);
  closedRoots.set(this, root);
  return root;
};
const rootOf = (host: Element | null | undefined) => (host ? closedRoots.get(host) : undefined);
const part = (chip: Element, selector: string) => rootOf(chip)?.querySelector(selector) ?? null;

let fakes: PageFakes;
let controller: AbortController;
let annotator: IncidentLinkAnnotator;

function start(pageTenantId: string | null = pageTenant): void {
  controller = new AbortController();
  annotator = createIncidentLinkAnnotator({ pageTenantId, theme: 'light', signal: controller.signal, now: () => now });
}

beforeEach(() => {
  fakes = installPageFakes();
});

afterEach(() => {
  controller?.abort();
  document.body.replaceChildren();
  document.querySelectorAll('handoff-chip-popover').forEach((element) => element.remove());
  vi.unstubAllGlobals();
});

describe('incident link annotator', () => {
  it('puts a chip beside each incident link of the page’s tenant once data is set, and none before', async () => {
    const rows = [addRow(incidentHref('1001')), addRow(incidentHref('1002', null)), addRow(incidentHref('1003'))];
    start();
    await fakes.showAll();
    expect(chips()).toEqual([]);

    annotator.setData(dataFor([handoff('1001'), handoff('1002', { owner: 'defenderExperts' })]));
    await fakes.showAll();
    expect(chipIds()).toEqual(['1001', '1002']);
    // Beside the link, in its cell: the chip is the link's previous sibling.
    expect(chipBeside(linkIn(rows[0]!))?.dataset.handoffIncidentId).toBe('1001');
    expect(chipBeside(linkIn(rows[1]!))?.dataset.handoffIncidentId).toBe('1002');
    expect(chipBeside(linkIn(rows[2]!))).toBeNull();
  });

  it('gives chips only to links on or near the screen, the rest as they come near', async () => {
    const [first, second] = [addRow(incidentHref('1001')), addRow(incidentHref('1002'))];
    start();
    annotator.setData(dataFor([handoff('1001'), handoff('1002')]));
    await fakes.settle();
    expect(chips()).toEqual([]);

    fakes.intersect([linkIn(first!)]);
    fakes.farAway([linkIn(second!)]);
    expect(chipIds()).toEqual(['1001']);
    fakes.intersect([linkIn(second!)]);
    expect(chipIds()).toEqual(['1001', '1002']);
  });

  it('gives no chip to a link to another tenant; a link to the data’s tenant gets one on a default-tenant page', async () => {
    const rows = [
      addRow(incidentHref('1001', otherTenant)),
      addRow(incidentHref('1002', pageTenant)),
      addRow(incidentHref('1003', null)),
    ];
    start(null);
    annotator.setData(dataFor([handoff('1001'), handoff('1002'), handoff('1003')], pageTenant));
    await fakes.showAll();
    expect(chipBeside(linkIn(rows[0]!))).toBeNull();
    expect(chipIds()).toEqual(['1002', '1003']);

    // On a page of another tenant, the data's tenant is the only other one that counts.
    controller.abort();
    start(otherTenant);
    annotator.setData(dataFor([handoff('1001'), handoff('1002'), handoff('1003')], '11111111-2222-4333-8444-555555555555'));
    await fakes.showAll();
    expect(chipIds()).toEqual(['1001', '1003']);
  });

  it('shows one chip per incident per row, even when the row links it twice', async () => {
    const twice = addRow(incidentHref('1001'), incidentHref('1001', null), incidentHref('1002'));
    const again = addRow(incidentHref('1001'));
    start();
    annotator.setData(dataFor([handoff('1001'), handoff('1002')]));
    await fakes.showAll();
    expect(chipIds()).toEqual(['1001', '1002', '1001']);
    expect(twice.querySelectorAll('handoff-incident-chip')).toHaveLength(2);
    expect(chipBeside(linkIn(twice, 0))).not.toBeNull();
    expect(chipBeside(linkIn(twice, 1))).toBeNull();
    expect(chipBeside(linkIn(again))).not.toBeNull();

    // New data looks at every link again: still one chip for 1001 in that row.
    annotator.setData(dataFor([handoff('1001', { owner: 'none', area: 'closed' }), handoff('1002')]));
    await fakes.showAll();
    expect(twice.querySelectorAll('handoff-incident-chip')).toHaveLength(2);
    expect(chips().map((chip) => chip.dataset.handoffOwner)).toEqual(['none', 'partner', 'none']);
  });

  it('takes a chip away with its link, and gives a re-rendered row one new chip', async () => {
    const rows = [addRow(incidentHref('1001')), addRow(incidentHref('1002')), addRow(incidentHref('1003'))];
    start();
    annotator.setData(dataFor([handoff('1001'), handoff('1002'), handoff('1003')]));
    await fakes.showAll();
    expect(chipIds()).toEqual(['1001', '1002', '1003']);

    // Only the link goes (its chip is a sibling the portal knows nothing of): the chip follows.
    linkIn(rows[0]!).remove();
    rows[1]!.remove();
    await fakes.showAll();
    expect(chipIds()).toEqual(['1003']);

    // The portal renders a row anew: its new link gets exactly one chip.
    const cell = linkIn(rows[2]!).parentElement!;
    const fresh = document.createElement('a');
    fresh.href = incidentHref('1003');
    cell.replaceChildren(fresh);
    await fakes.showAll();
    expect(chipIds()).toEqual(['1003']);
    expect(chipBeside(fresh)?.dataset.handoffIncidentId).toBe('1003');
  });

  it('gives a link its chip back when the portal re-renders its cell around it, and follows a link pointed elsewhere', async () => {
    const row = addRow(incidentHref('1001'));
    const link = linkIn(row);
    start();
    annotator.setData(dataFor([handoff('1001'), handoff('1002', { owner: 'defenderExperts' })]));
    await fakes.showAll();
    const chip = chipBeside(link)!;
    link.parentElement!.replaceChildren(link);
    expect(chip.isConnected).toBe(false);
    await fakes.showAll();
    expect(chipBeside(link)?.dataset.handoffIncidentId).toBe('1001');

    link.href = incidentHref('1002');
    await fakes.settle();
    expect(chipIds()).toEqual(['1002']);
    expect(chipBeside(link)?.dataset.handoffOwner).toBe('defenderExperts');
    link.href = incidentHref('1009');
    await fakes.settle();
    expect(chips()).toEqual([]);
  });

  it('removes every chip on setData(null) and brings them back with data', async () => {
    addRow(incidentHref('1001'));
    addRow(incidentHref('1002'));
    start();
    annotator.setData(dataFor([handoff('1001'), handoff('1002')]));
    await fakes.showAll();
    expect(chips()).toHaveLength(2);

    annotator.setData(null);
    await fakes.showAll();
    expect(chips()).toEqual([]);
    annotator.setData(dataFor([handoff('1002')]));
    await fakes.showAll();
    expect(chipIds()).toEqual(['1002']);
  });

  it('writes the chip’s text and its data-handoff-* attributes, and follows new data and theme in place', async () => {
    const link = linkIn(addRow(incidentHref('1001')));
    start();
    annotator.setData(dataFor([handoff('1001')]));
    await fakes.showAll();
    const chip = chipBeside(link)!;
    expect(chip.dataset).toMatchObject({
      handoffIncidentId: '1001',
      handoffOwner: 'partner',
      handoffVerb: 'triage',
      handoffArea: 'incidentTriage',
      theme: 'light',
    });
    const button = part(chip, 'button')!;
    expect(button.textContent).toBe('Triage 3h');
    expect(part(chip, '.verb')?.textContent).toBe('Triage');
    expect(part(chip, '.time')?.textContent).toBe('3h');
    expect(button.getAttribute('aria-label')).toBe('Triage 3h — your move, waiting 3 hours');
    // The action is the chip's description (a hidden element of its own root).
    const description = rootOf(chip)?.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toBe('Triage the incident');
    expect((description as HTMLElement).hidden).toBe(true);

    annotator.setData(dataFor([handoff('1001', { owner: 'defenderExperts', partnerAction: null })]));
    await fakes.showAll();
    expect(chipBeside(link)).toBe(chip);
    expect(chip.dataset).toMatchObject({ handoffOwner: 'defenderExperts', handoffVerb: 'defenderExperts' });
    expect(button.textContent).toBe('Experts 3h');
    expect(description?.textContent).toBe('Nothing for you now: Defender Experts have this step');

    annotator.setData(dataFor([handoff('1001', { owner: 'none', area: 'closed', partnerAction: null })]));
    await fakes.showAll();
    expect(chipBeside(link)).toBe(chip);
    expect(chip.dataset).toMatchObject({ handoffOwner: 'none', handoffVerb: 'none', handoffArea: 'closed' });
    expect(button.textContent).toBe('Closed');
    expect((part(chip, '.time') as HTMLElement).hidden).toBe(true);
    expect(button.getAttribute('aria-label')).toBe('Closed — nobody’s move');

    annotator.setTheme('dark');
    await fakes.settle();
    expect(chip.dataset.theme).toBe('dark');
  });

  it('keeps hostile incident text as text, in the chip and in its popover', async () => {
    const hostile = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=1</script>';
    const link = linkIn(addRow(incidentHref('1001')));
    start();
    const duties = { incidentTriage: { ...triageDuties, title: hostile, partner: [hostile] } };
    annotator.setData(dataFor([handoff('1001', { partnerAction: { kind: 'act', text: hostile } })], pageTenant, duties));
    await fakes.showAll();
    const chip = chipBeside(link)!;
    expect(part(chip, 'button')?.textContent).toBe('Act 3h');
    expect(rootOf(chip)?.getElementById('d')?.textContent).toBe(hostile);
    expect(chip.shadowRoot).toBeNull(); // closed
    expect(rootOf(chip)?.querySelectorAll('img, script')).toHaveLength(0);

    chip.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    const popover = document.querySelector('handoff-chip-popover');
    const lines = [...(rootOf(popover)?.querySelectorAll('.line') ?? [])].map((line) => line.textContent);
    expect(lines).toEqual([hostile, `Who: You · ${hostile}`, 'Defender Experts: Investigate the alerts.', `You: ${hostile}`]);
    expect(rootOf(popover)?.querySelectorAll('img, script')).toHaveLength(0);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('shows a chip’s details on focus, pins them on click without the row seeing it, and hides them on Escape', async () => {
    const row = addRow(incidentHref('1001'));
    const rowClicks = vi.fn();
    row.addEventListener('click', rowClicks);
    start();
    annotator.setData(dataFor([handoff('1001')]));
    await fakes.showAll();
    const chip = chipBeside(linkIn(row))!;
    const box = () => rootOf(document.querySelector('handoff-chip-popover'))?.querySelector<HTMLElement>('.popover');

    chip.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(box()?.hidden).toBe(false);
    expect(box()?.querySelector('.line')?.textContent).toBe('Triage the incident');
    chip.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    expect(rowClicks).not.toHaveBeenCalled();
    chip.dispatchEvent(new MouseEvent('mouseout', { bubbles: true }));
    expect(box()?.hidden).toBe(false);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(box()?.hidden).toBe(true);
  });

  it('leaves the page as it found it when its signal aborts', async () => {
    const row = addRow(incidentHref('1001'));
    start();
    annotator.setData(dataFor([handoff('1001')]));
    await fakes.showAll();
    chipBeside(linkIn(row))!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(document.querySelector('handoff-chip-popover')).not.toBeNull();

    controller.abort();
    expect(chips()).toEqual([]);
    expect(document.querySelector('handoff-chip-popover')).toBeNull();
    addRow(incidentHref('1001'));
    await fakes.showAll();
    expect(chips()).toEqual([]);
    expect(fakes.observed()).toEqual([]);
  });
});
