import { describe, expect, it } from 'vitest';
import {
  filterGdapCustomers,
  importSelection,
  selectAllState,
  selectableIds,
  setServiceFor,
  toggleAll,
  toggleCustomer,
} from '@/utils/domain/gdap-import-selection';

const customers = [
  { tenantId: 'a-1', displayName: 'Contoso' },
  { tenantId: 'b-2', displayName: 'Fabrikam' },
  { tenantId: 'c-3', displayName: 'Contoso EMEA' },
  { tenantId: 'd-4', displayName: 'Northwind Traders' },
];
const configured = new Set(['a-1']);

describe('the GDAP import selection', () => {
  it('searches names and tenant ids, any case; blank lists all', () => {
    expect(filterGdapCustomers(customers, ' CONTOSO ').map((c) => c.tenantId)).toEqual(['a-1', 'c-3']);
    expect(filterGdapCustomers(customers, 'd-4').map((c) => c.displayName)).toEqual(['Northwind Traders']);
    expect(filterGdapCustomers(customers, '')).toEqual(customers);
  });

  it('never offers a tenant already configured', () => {
    expect(selectableIds(customers, configured)).toEqual(['b-2', 'c-3', 'd-4']);
  });

  it('select all picks every shown one with the default service, keeps chosen services, and clears when all were picked', () => {
    const shown = selectableIds(filterGdapCustomers(customers, 'contoso'), configured);
    expect(shown).toEqual(['c-3']);
    const one = toggleCustomer({}, 'b-2', true);
    expect(one).toEqual({ 'b-2': 'xdr' });
    const hunting = setServiceFor(one, ['b-2'], 'hunting');
    const all = toggleAll(hunting, ['b-2', 'c-3', 'd-4']);
    expect(all).toEqual({ 'b-2': 'hunting', 'c-3': 'xdr', 'd-4': 'xdr' });
    expect(selectAllState(all, ['b-2', 'c-3', 'd-4'])).toBe('all');
    expect(toggleAll(all, ['c-3', 'd-4'])).toEqual({ 'b-2': 'hunting' });
    expect(toggleAll(all, ['b-2', 'c-3', 'd-4'])).toEqual({});
  });

  it('the select-all box is mixed when some are picked, unchecked with none or nothing shown', () => {
    expect(selectAllState({ 'b-2': 'xdr' }, ['b-2', 'c-3'])).toBe('some');
    expect(selectAllState({ 'b-2': 'xdr' }, ['c-3'])).toBe('none');
    expect(selectAllState({}, [])).toBe('none');
  });

  it('a pick toggled off and on again keeps nothing of before', () => {
    const off = toggleCustomer({ 'b-2': 'hunting' }, 'b-2', false);
    expect(off).toEqual({});
    expect(toggleCustomer(off, 'b-2', true)).toEqual({ 'b-2': 'xdr' });
    expect(toggleCustomer({ 'b-2': 'hunting' }, 'b-2', true)).toEqual({ 'b-2': 'hunting' });
  });

  it('set service for selected changes only the picked ones shown', () => {
    const picked = { 'b-2': 'xdr', 'c-3': 'xdr' } as const;
    expect(setServiceFor(picked, ['c-3', 'd-4'], 'none')).toEqual({ 'b-2': 'xdr', 'c-3': 'none' });
  });

  it('imports every pick not configured, in list order, with its service', () => {
    const picked = { 'd-4': 'hunting', 'a-1': 'xdr', 'b-2': 'none' } as const;
    expect(importSelection(customers, picked, configured)).toEqual([
      { customer: customers[1], service: 'none' },
      { customer: customers[3], service: 'hunting' },
    ]);
  });
});
