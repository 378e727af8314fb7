import { describe, expect, it } from 'vitest';
import {
  displayedText,
  mtoGridColumns,
  mtoLinkTarget,
  mtoRowTarget,
  tenantDirectory,
  type MtoGridColumns,
} from '@/utils/portal/mto-incident-rows';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const northwind = '16fd2706-8baf-433b-82eb-8c7fada847da';
const link = (id: string, tid?: string) => `https://security.microsoft.com/incident2/${id}/overview${tid ? `?tid=${tid}` : ''}`;

const directory = tenantDirectory([
  { tenantId: contoso, displayName: 'Contoso' },
  { tenantId: fabrikam.toUpperCase(), displayName: 'Fabrikam' },
  { tenantId: northwind, displayName: 'Northwind Traders' },
]);
// Header names as the grid shows them: a selection column, sort glyphs (icon font), the Workspaces column.
const headers = ['', 'Incident name', 'Incident Id', 'Tenant name \uE70E', 'Workspaces', 'Severity'];
const columns = mtoGridColumns(headers) as MtoGridColumns;
const row = (cells: { name?: string; id?: string; tenant?: string }, links: string[] = []) => ({
  cells: ['', cells.name ?? 'An incident', cells.id ?? '', cells.tenant ?? '', '', 'High'],
  links,
});

describe('mtoGridColumns: the multitenant incident list, by its column names', () => {
  it('finds Tenant name, Incident Id and Incident name, whatever the case, spacing or icon glyphs', () => {
    expect(columns).toEqual({ tenantName: 3, incidentId: 2, incidentName: 1 });
    expect(mtoGridColumns(['  TENANT   NAME ', 'incident ID'])).toEqual({ tenantName: 0, incidentId: 1, incidentName: null });
  });

  it('is not the list without a Tenant name column, or with a column name twice', () => {
    expect(mtoGridColumns(['Incident name', 'Incident Id', 'Severity'])).toBeNull(); // the tenant portal's queue
    expect(mtoGridColumns(['Incident name', 'Incident Id', 'Customer'])).toBeNull();
    expect(mtoGridColumns(['Tenant', 'Incident Id'])).toBeNull(); // exact names only
    expect(mtoGridColumns(['Tenant name', 'Incident Id', 'Tenant name'])).toBeNull();
    expect(mtoGridColumns(['Tenant name', 'Incident Id', 'Incident ID'])).toBeNull();
    expect(mtoGridColumns([])).toBeNull();
  });
});

describe('tenantDirectory: a Tenant name cell to one configured tenant', () => {
  it('matches a display name case-insensitively and exactly as displayed', () => {
    expect(directory.tenantNamed('Contoso')).toBe(contoso);
    expect(directory.tenantNamed('  northwind   TRADERS\n')).toBe(northwind);
    expect(directory.tenantNamed('Fabrikam')).toBe(fabrikam); // GUIDs in lower case
    expect(directory.has(fabrikam)).toBe(true);
  });

  it('never matches a part, a look-alike or an unknown name', () => {
    for (const name of ['Contoso Ltd', 'Contos', 'Northwind', 'C0ntoso', 'Соntoso' /* Cyrillic С, о */, '', '   ', 'Tailspin Toys']) {
      expect(directory.tenantNamed(name)).toBeNull();
    }
  });

  it('gives no tenant for a name two configured tenants share, in any case; never a guess', () => {
    const shared = tenantDirectory([
      { tenantId: contoso, displayName: 'Contoso' },
      { tenantId: fabrikam, displayName: 'CONTOSO' },
      { tenantId: northwind, displayName: 'Northwind Traders' },
    ]);
    expect(shared.tenantNamed('Contoso')).toBeNull();
    expect(shared.tenantNamed('contoso')).toBeNull();
    expect(shared.tenantNamed('Northwind Traders')).toBe(northwind);
    // Three of a name are no better than two.
    expect(tenantDirectory([...Array(3)].map(() => ({ tenantId: contoso, displayName: 'Contoso' }))).tenantNamed('Contoso')).toBeNull();
  });

  it('counts a tenant without a GUID yet: it has no id to give, and its name still makes another ambiguous', () => {
    const pending = tenantDirectory([
      { tenantId: null, displayName: 'Contoso' },
      { tenantId: fabrikam, displayName: 'Fabrikam' },
      { tenantId: 'fabrikam.example', displayName: 'Fabrikam' },
    ]);
    expect(pending.tenantNamed('Contoso')).toBeNull();
    expect(pending.tenantNamed('Fabrikam')).toBeNull();
    expect(pending.tenantIds).toEqual([fabrikam]);
  });

  it('takes hostile names as plain text to compare, nothing more', () => {
    const hostile = '<img src=x onerror="alert(1)">';
    const withHostile = tenantDirectory([{ tenantId: contoso, displayName: hostile }]);
    expect(withHostile.tenantNamed(hostile)).toBe(contoso);
    expect(withHostile.tenantNamed('<img src=x onerror="alert(2)">')).toBeNull();
    expect(withHostile.tenantNamed('__proto__')).toBeNull();
    expect(withHostile.tenantNamed('constructor')).toBeNull();
  });
});

describe('mtoRowTarget: the incident and tenant of one row', () => {
  it('takes the tenant from the Tenant name cell and the id from the Incident Id cell', () => {
    expect(mtoRowTarget(columns, row({ id: '1002', tenant: 'Contoso' }), directory)).toEqual({ tenantId: contoso, incidentId: '1002' });
    expect(mtoRowTarget(columns, row({ id: ' 2001 ', tenant: 'fabrikam' }), directory)).toEqual({ tenantId: fabrikam, incidentId: '2001' });
  });

  it('takes the tenant from a link’s tid when there is one, and the id from the link', () => {
    expect(mtoRowTarget(columns, row({ tenant: 'Tailspin Toys' }, [link('1002', contoso)]), directory)).toEqual({
      tenantId: contoso,
      incidentId: '1002',
    });
    // Two links to the same incident of the same tenant are one.
    expect(mtoRowTarget(columns, row({ id: '1002', tenant: 'Contoso' }, [link('1002', contoso), link('1002', contoso)]), directory)).toEqual({
      tenantId: contoso,
      incidentId: '1002',
    });
    // A link without tid gives the id; the tenant still comes from the name.
    expect(mtoRowTarget(columns, row({ tenant: 'Contoso' }, [link('1004')]), directory)).toEqual({ tenantId: contoso, incidentId: '1004' });
  });

  it('gives nothing when the tenant cannot be told', () => {
    const shared = tenantDirectory([
      { tenantId: contoso, displayName: 'Contoso' },
      { tenantId: fabrikam, displayName: 'contoso' },
    ]);
    expect(mtoRowTarget(columns, row({ id: '1002', tenant: 'Contoso' }), shared)).toBeNull(); // ambiguous name
    expect(mtoRowTarget(columns, row({ id: '1002', tenant: 'Tailspin Toys' }), directory)).toBeNull(); // not configured
    expect(mtoRowTarget(columns, row({ id: '1002', tenant: '' }), directory)).toBeNull();
    // A link naming one tenant and a name meaning another configured tenant: which is it? Nothing.
    expect(mtoRowTarget(columns, row({ tenant: 'Fabrikam' }, [link('1002', contoso)]), directory)).toBeNull();
    // Links naming two tenants, or a tid that cannot be used.
    expect(mtoRowTarget(columns, row({ tenant: 'Contoso' }, [link('1002', contoso), link('1002', fabrikam)]), directory)).toBeNull();
    expect(mtoRowTarget(columns, row({ tenant: 'Contoso' }, [`${link('1002', contoso)}&tid=${fabrikam}`]), directory)).toBeNull();
    expect(mtoRowTarget(columns, row({ tenant: 'Contoso' }, [link('1002', `{${contoso}}`)]), directory)).toBeNull();
    expect(mtoRowTarget(columns, row({ tenant: 'Contoso' }, [`https://security.microsoft.com/incident2/1002/overview?TID=${contoso}`]), directory)).toBeNull();
  });

  it('gives nothing when the incident cannot be told', () => {
    expect(mtoRowTarget(columns, row({ tenant: 'Contoso' }), directory)).toBeNull(); // no id at all
    expect(mtoRowTarget(columns, row({ id: '1001<b>', tenant: 'Contoso' }), directory)).toBeNull();
    expect(mtoRowTarget(columns, row({ id: '../1001', tenant: 'Contoso' }), directory)).toBeNull();
    expect(mtoRowTarget(columns, row({ id: '1002', tenant: 'Contoso' }, [link('1003', contoso)]), directory)).toBeNull();
    expect(mtoRowTarget(columns, row({ tenant: 'Contoso' }, [link('1002'), link('1003')]), directory)).toBeNull();
  });

  it('reads only security.microsoft.com’s incident links: look-alike hosts, alerts and the multitenant host give nothing', () => {
    for (const href of [
      `https://security.microsoft.com.evil.example/incident2/1002/overview?tid=${contoso}`,
      `http://security.microsoft.com/incident2/1002/overview?tid=${contoso}`,
      `https://mto.security.microsoft.com/incident2/1002/overview?tid=${contoso}`,
      `https://security.microsoft.com/alerts/da1002?tid=${contoso}`,
      'javascript:alert(1)',
    ]) {
      expect(mtoRowTarget(columns, row({ tenant: 'Tailspin Toys' }, [href]), directory)).toBeNull();
    }
  });

  it('reads a row missing cells (a grid still rendering) as nothing rather than failing', () => {
    expect(mtoRowTarget(columns, { cells: [], links: [] }, directory)).toBeNull();
    expect(mtoRowTarget(columns, { cells: [null, null, '1002', null], links: [] }, directory)).toBeNull();
    const noIdColumn = mtoGridColumns(['Incident name', 'Tenant name']) as MtoGridColumns;
    expect(mtoRowTarget(noIdColumn, { cells: ['Name', 'Contoso'], links: [link('1002')] }, directory)).toEqual({
      tenantId: contoso,
      incidentId: '1002',
    });
  });
});

describe('mtoLinkTarget: a link outside the list (the flyout’s Open incident page)', () => {
  it('needs an incident link into security.microsoft.com with one usable tid', () => {
    expect(mtoLinkTarget(link('1002', contoso.toUpperCase()))).toEqual({ tenantId: contoso, incidentId: '1002' });
    expect(mtoLinkTarget(link('1002'))).toBeNull();
    expect(mtoLinkTarget(`${link('1002', contoso)}&tid=${fabrikam}`)).toBeNull();
    expect(mtoLinkTarget(`https://mto.security.microsoft.com/incidents?tid=${contoso}`)).toBeNull();
    expect(mtoLinkTarget('not a url')).toBeNull();
  });
});

describe('displayedText', () => {
  it('drops icon glyphs and collapses whitespace as the page shows it', () => {
    expect(displayedText('\n  Tenant \uE70E\u00a0 name \t')).toBe('Tenant name');
  });
});
