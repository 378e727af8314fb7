// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { readMtoChipSlots } from '@/entrypoints/security.content/features/mto-chips/mto-grid-reader';
import { tenantDirectory } from '@/utils/portal/mto-incident-rows';

/**
 * The multitenant incident list read by roles and column names (happy-dom): which rows and links get a
 * chip slot, for which tenant and incident, and where the chip goes. Class names mean nothing.
 */

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const directory = tenantDirectory([
  { tenantId: contoso, displayName: 'Contoso' },
  { tenantId: fabrikam, displayName: 'Fabrikam' },
]);

/** A grid as Fluent renders it: header row of columnheaders, rows of gridcells, aria-colindex on both. */
function grid(headers: string[], rows: string[][], options: { colIndex?: boolean; id?: string } = {}): string {
  const colIndex = (index: number) => (options.colIndex === false ? '' : ` aria-colindex="${index + 1}"`);
  const header = headers.map((name, index) => `<div role="columnheader"${colIndex(index)}><span>${name}</span></div>`).join('');
  const body = rows
    .map((cells, row) => `<div role="row" data-row="${row}">${cells.map((cell, index) => `<div role="gridcell"${colIndex(index)}>${cell}</div>`).join('')}</div>`)
    .join('');
  return `<div role="grid" id="${options.id ?? 'grid'}"><div role="row">${header}</div>${body}</div>`;
}

const headers = ['', 'Incident name', 'Incident Id', 'Tenant name', 'Workspaces'];
const slots = () =>
  readMtoChipSlots(document, directory).map((slot) => ({
    owner: (slot.owner as HTMLElement).dataset.row ?? slot.owner.tagName.toLowerCase(),
    anchor: slot.anchor.getAttribute('role') ?? slot.anchor.tagName.toLowerCase(),
    placement: slot.placement,
    ...slot.target,
  }));

describe('readMtoChipSlots', () => {
  beforeEach(() => {
    document.body.replaceChildren();
  });

  it('gives each row of the list its tenant (by name) and incident (by id cell), the chip first in the name cell', () => {
    document.body.innerHTML = grid(headers, [
      ['<input type="checkbox">', '<button>Multi-stage incident</button>', '1002', 'Contoso', 'ws-1'],
      ['<input type="checkbox">', '<button>Another</button>', '2001', '<span> fabrikam </span>', ''],
      ['<input type="checkbox">', '<button>Unknown tenant</button>', '4001', 'Tailspin Toys', ''],
    ]);
    expect(slots()).toEqual([
      { owner: '0', anchor: 'gridcell', placement: 'first', tenantId: contoso, incidentId: '1002' },
      { owner: '1', anchor: 'gridcell', placement: 'first', tenantId: fabrikam, incidentId: '2001' },
    ]);
    expect(readMtoChipSlots(document, directory)[0]!.anchor.textContent).toBe('Multi-stage incident');
  });

  it('puts the chip before the row’s incident link, whose tid names the tenant', () => {
    document.body.innerHTML = grid(headers, [
      ['', `<a href="https://security.microsoft.com/incident2/1002/overview?tid=${contoso}">Multi-stage</a>`, '1002', 'Renamed tenant', ''],
    ]);
    expect(slots()).toEqual([{ owner: '0', anchor: 'a', placement: 'before', tenantId: contoso, incidentId: '1002' }]);
  });

  it('matches cells to headers by aria-colindex, whatever order the DOM has them in', () => {
    document.body.innerHTML = `<div role="grid">
      <div role="row"><div role="columnheader" aria-colindex="1">Tenant name</div><div role="columnheader" aria-colindex="2">Incident Id</div></div>
      <div role="row" data-row="0"><div role="gridcell" aria-colindex="2">1004</div><div role="gridcell" aria-colindex="1">Contoso</div></div>
    </div>`;
    expect(slots()).toEqual([{ owner: '0', anchor: 'gridcell', placement: 'first', tenantId: contoso, incidentId: '1004' }]);
  });

  it('without aria-colindex, reads a row only when it has as many cells as there are columns', () => {
    document.body.innerHTML = grid(
      ['Incident Id', 'Tenant name'],
      [
        ['1004', 'Contoso'],
        ['Contoso'], // a cell missing: positions would lie
      ],
      { colIndex: false },
    );
    expect(slots()).toEqual([{ owner: '0', anchor: 'gridcell', placement: 'first', tenantId: contoso, incidentId: '1004' }]);
  });

  it('leaves alone a grid that is not the list (no Tenant name column), even its links with a tid', () => {
    document.body.innerHTML = grid(
      ['Incident name', 'Incident Id', 'Customer'],
      [[`<a href="https://security.microsoft.com/incident2/1002/overview?tid=${contoso}">x</a>`, '1002', 'Contoso']],
    );
    expect(slots()).toEqual([]);
  });

  it('reads header names as displayed: icon glyphs and spacing do not matter, a nested grid’s headers are its own', () => {
    document.body.innerHTML = `<div role="grid">
      <div role="row"><div role="columnheader" aria-colindex="1"> Incident&nbsp;Id <i aria-hidden="true">\uE70E</i></div><div role="columnheader" aria-colindex="2">TENANT NAME</div><div role="columnheader" aria-colindex="3">Incident name</div></div>
      <div role="row" data-row="0"><div role="gridcell" aria-colindex="1">1004</div><div role="gridcell" aria-colindex="2">Contoso</div><div role="gridcell" aria-colindex="3">
        <div role="grid"><div role="row"><div role="columnheader">Tenant name</div><div role="columnheader">Incident name</div></div></div>
      </div></div>
    </div>`;
    // The nested grid's two headers are not the outer grid's columns (which would then be four, and misread).
    expect(slots()).toEqual([{ owner: '0', anchor: 'gridcell', placement: 'first', tenantId: contoso, incidentId: '1004' }]);
    expect(readMtoChipSlots(document, directory)[0]!.anchor.getAttribute('aria-colindex')).toBe('3');
  });

  it('gives links outside any grid (the flyout’s Open incident page) a slot only with a usable tid', () => {
    document.body.innerHTML = `<aside role="dialog">
      <a id="one" href="https://security.microsoft.com/incident2/1002/overview?tid=${fabrikam}">Open incident page</a>
      <a href="https://security.microsoft.com/incident2/1002/overview">Open incident page</a>
      <a href="https://security.microsoft.com/incident2/1002/overview?tid=${contoso}&amp;tid=${fabrikam}">Open incident page</a>
      <a href="https://security.microsoft.com.evil.example/incident2/1002/overview?tid=${contoso}">Open incident page</a>
      <a href="/incidents/1002?tid=${contoso}">On the multitenant host</a>
    </aside>`;
    expect(slots()).toEqual([{ owner: 'a', anchor: 'a', placement: 'before', tenantId: fabrikam, incidentId: '1002' }]);
  });

  it('reads hostile cell text as text: markup in a name matches nothing and adds nothing', () => {
    const hostile = '&lt;img src=x onerror="alert(1)"&gt;';
    document.body.innerHTML = grid(headers, [['', '<button>x</button>', '1002', hostile, ''], ['', '<button>y</button>', '1002&lt;b&gt;', 'Contoso', '']]);
    expect(slots()).toEqual([]);
    expect(document.querySelectorAll('img, b')).toHaveLength(0);
  });
});
