// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMtoChipAnnotator, type MtoChipAnnotator } from '@/entrypoints/security.content/features/mto-chips/mto-chip-annotator';
import type { PortalHandoff } from '@/utils/messages/portal-answers';
import { tenantDirectory } from '@/utils/portal/mto-incident-rows';
import { installPageFakes, type PageFakes } from '../chips/page-fakes';

/**
 * The multitenant chips against a list built by hand, frames driven by the test: each row's chip comes
 * from its own tenant's handoffs, follows a row the list reuses for another incident, and goes when its
 * row or its data goes. Our own chips coming and going never make more work.
 */

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const now = Date.parse('2026-11-27T12:00:00Z');
const directory = tenantDirectory([
  { tenantId: contoso, displayName: 'Contoso' },
  { tenantId: fabrikam, displayName: 'Fabrikam' },
]);

function handoff(incidentId: string, owner: PortalHandoff['owner'], area: PortalHandoff['area'] = 'incidentTriage'): PortalHandoff {
  return { incidentId, owner, area, inDefenderExpertsScope: false, partnerAction: null, redirectIncidentId: null, stepSince: '2026-11-27T09:00:00Z' };
}
const dataOf = (...handoffs: PortalHandoff[]) => ({ handoffs: Object.fromEntries(handoffs.map((item) => [item.incidentId, item])), duties: {} });

/** The list: a header and one row per [id, tenant name], each cell's text in a span the "portal" updates. */
function renderList(rows: [string, string][]): HTMLElement[] {
  document.body.innerHTML = `<div role="grid"><div role="row"><div role="columnheader">Incident name</div><div role="columnheader">Incident Id</div><div role="columnheader">Tenant name</div></div></div>`;
  const grid = document.querySelector('[role="grid"]')!;
  return rows.map(([id, tenant]) => {
    const row = document.createElement('div');
    row.setAttribute('role', 'row');
    row.innerHTML = '<div role="gridcell"><span class="name">Incident</span></div><div role="gridcell"><span class="id"></span></div><div role="gridcell"><span class="tenant"></span></div>';
    row.querySelector('.id')!.textContent = id;
    row.querySelector('.tenant')!.textContent = tenant;
    grid.append(row);
    return row as HTMLElement;
  });
}

const chipOf = (row: Element) => row.querySelector<HTMLElement>('handoff-incident-chip');
const contractOf = (row: Element) => {
  const host = chipOf(row);
  return host ? `${host.dataset.handoffIncidentId}:${host.dataset.handoffOwner}` : null;
};

describe('multitenant chips', () => {
  let page: PageFakes;
  let controller: AbortController;
  let annotator: MtoChipAnnotator;
  let wanted: string[];

  beforeEach(() => {
    page = installPageFakes();
    controller = new AbortController();
    wanted = [];
    annotator = createMtoChipAnnotator({ theme: 'light', signal: controller.signal, onTenantWanted: (id) => wanted.push(id), now: () => now });
  });
  afterEach(() => {
    controller.abort();
    document.body.replaceChildren();
    vi.unstubAllGlobals();
  });

  it('asks for the handoffs of each configured tenant the rows name, and draws each row from its own tenant', async () => {
    const rows = renderList([
      ['1002', 'Contoso'],
      ['1002', 'Fabrikam'],
      ['4001', 'Tailspin Toys'],
    ]);
    annotator.setDirectory(directory);
    await page.settle();
    expect([...new Set(wanted)].sort()).toEqual([contoso, fabrikam].sort());
    expect(rows.map(contractOf)).toEqual([null, null, null]); // nothing before the data

    annotator.setTenantData(contoso, dataOf(handoff('1002', 'partner')));
    annotator.setTenantData(fabrikam, dataOf(handoff('1002', 'none', 'closed')));
    await page.settle();
    expect(rows.map(contractOf)).toEqual(['1002:partner', '1002:none', null]);
    // First in the Incident name cell.
    expect(chipOf(rows[0]!)!.parentElement!.firstElementChild).toBe(chipOf(rows[0]!));
    expect(page.pendingFrames()).toBe(0);
  });

  it('follows a row the list reuses for another incident of another tenant, and drops it when its row goes', async () => {
    const [row] = renderList([['1002', 'Contoso']]);
    annotator.setDirectory(directory);
    annotator.setTenantData(contoso, dataOf(handoff('1002', 'partner')));
    annotator.setTenantData(fabrikam, dataOf(handoff('2001', 'defenderExperts')));
    await page.settle();
    const firstHost = chipOf(row!);
    expect(contractOf(row!)).toBe('1002:partner');

    // Virtualised: the same elements now show Fabrikam's 2001.
    row!.querySelector('.id')!.textContent = '2001';
    row!.querySelector('.tenant')!.textContent = 'Fabrikam';
    await page.settle();
    expect(contractOf(row!)).toBe('2001:defenderExperts');
    expect(chipOf(row!)).toBe(firstHost); // updated in place
    expect(row!.querySelectorAll('handoff-incident-chip')).toHaveLength(1);

    // The portal re-renders the cell's content, our chip with it: a new one takes its place.
    row!.querySelector('[role="gridcell"]')!.replaceChildren(Object.assign(document.createElement('span'), { textContent: 'Incident' }));
    await page.settle();
    expect(contractOf(row!)).toBe('2001:defenderExperts');

    row!.remove();
    await page.settle();
    expect(document.querySelectorAll('handoff-incident-chip')).toHaveLength(0);
  });

  it('takes a chip away when the row becomes unclear or its tenant’s data goes', async () => {
    const [row] = renderList([['1002', 'Contoso']]);
    annotator.setDirectory(directory);
    annotator.setTenantData(contoso, dataOf(handoff('1002', 'partner')));
    await page.settle();
    expect(contractOf(row!)).toBe('1002:partner');

    annotator.setDirectory(tenantDirectory([
      { tenantId: contoso, displayName: 'Contoso' },
      { tenantId: fabrikam, displayName: 'contoso' },
    ]));
    await page.settle();
    expect(contractOf(row!)).toBeNull(); // two tenants named Contoso: no guess

    annotator.setDirectory(directory);
    await page.settle();
    expect(contractOf(row!)).toBe('1002:partner');
    annotator.setTenantData(contoso, null);
    await page.settle();
    expect(contractOf(row!)).toBeNull();
  });

  it('draws nothing without the tenant names, and removes everything when the page goes', async () => {
    const [row] = renderList([['1002', 'Contoso']]);
    annotator.setTenantData(contoso, dataOf(handoff('1002', 'partner')));
    await page.settle();
    expect(contractOf(row!)).toBeNull();
    expect(wanted).toEqual([]);

    annotator.setDirectory(directory);
    await page.settle();
    expect(contractOf(row!)).toBe('1002:partner');
    controller.abort();
    expect(document.querySelectorAll('handoff-incident-chip, handoff-chip-popover')).toHaveLength(0);
    row!.querySelector('.id')!.textContent = '1003';
    await page.settle();
    expect(page.pendingFrames()).toBe(0);
  });
});
