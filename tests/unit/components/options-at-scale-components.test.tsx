// @vitest-environment happy-dom
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GdapImportList } from '@/components/GdapImportList';
import { TenantList, type TenantListItem } from '@/components/TenantList';
import { UndoToast, undoWindowMs } from '@/components/UndoToast';
import type { GdapCustomer } from '@/utils/domain/gdap';
import { tenantConfigSchema } from '@/utils/domain/settings';

function mount(node: ComponentChild): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  render(node, container);
  return container;
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

const guid = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const item = (index: number, flags: TenantListItem['flags']): TenantListItem => ({
  key: guid(index),
  config: tenantConfigSchema.parse({ tenantId: guid(index), displayName: `Customer ${index}`, service: 'xdr' }),
  status: 'Synced',
  problem: false,
  flags,
});

const click = (element: Element | null | undefined) => act(() => (element as HTMLElement).click());
const type = (input: HTMLInputElement, text: string) =>
  act(() => {
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });

describe('the tenant table', () => {
  const tenants = [item(0, ['needsConsent', 'readOnly']), item(1, ['readOnly']), item(2, []), item(3, ['noTeamsLink'])];
  const table = () =>
    mount(<TenantList tenants={tenants} detailsHref={(key) => `#tenant=${key}`} onEdit={vi.fn()} onRemove={vi.fn()} />);
  const keys = (container: HTMLElement) => [...container.querySelectorAll('tbody tr')].map((row) => row.getAttribute('data-tenant-key'));

  it('offers a chip per flag with its count, and a chip shows exactly its tenants', async () => {
    const container = table();
    const chips = [...container.querySelectorAll('[role="group"] button')];
    expect(chips.map((chip) => chip.textContent)).toEqual(['All 4', 'Needs consent 1', 'Read-only 2', 'No Teams link 1']);
    await click(chips[2]);
    expect(keys(container)).toEqual([guid(0), guid(1)]);
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Showing 2 of 4 tenants');
    expect(chips[2]?.getAttribute('aria-pressed')).toBe('true');
    await click(chips[2]);
    expect(keys(container)).toHaveLength(4);
  });

  it('searches names and ids; a ready tenant says Ready; names link to their details', async () => {
    const container = table();
    await type(container.querySelector<HTMLInputElement>('#tenant-search')!, 'customer 2');
    expect(keys(container)).toEqual([guid(2)]);
    expect(container.querySelector('tbody .tenant-table__badges')?.textContent).toBe('Ready');
    expect(container.querySelector('tbody a')?.getAttribute('href')).toBe(`#tenant=${guid(2)}`);
    await type(container.querySelector<HTMLInputElement>('#tenant-search')!, 'nobody');
    expect(keys(container)).toEqual([]);
    expect(container.textContent).toContain('No tenant matches.');
  });
});

describe('the GDAP import list', () => {
  const customer = (tenantId: string, displayName: string): GdapCustomer => ({
    tenantId,
    displayName,
    securityRoles: ['Security Reader'],
    heldRoles: null,
    access: 'readOnly',
    relationships: ['r'],
    expiring: [],
  });
  const customers = [customer('a', 'Contoso'), customer('b', 'Fabrikam'), customer('c', 'Northwind')];

  it('select all (of those shown) and set service for selected reach the import', async () => {
    const onImport = vi.fn();
    const container = mount(<GdapImportList customers={customers} configuredTenantIds={new Set(['a'])} onImport={onImport} />);
    await type(container.querySelector<HTMLInputElement>('#gdap-search')!, 'fab');
    await click(container.querySelector('#gdap-select-all'));
    const bulk = container.querySelector<HTMLSelectElement>('#gdap-bulk-service')!;
    await act(() => {
      bulk.value = 'hunting';
      bulk.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await click([...container.querySelectorAll('button')].find((button) => button.textContent === 'Set service for selected'));
    await type(container.querySelector<HTMLInputElement>('#gdap-search')!, '');
    const selectAll = container.querySelector<HTMLInputElement>('#gdap-select-all')!;
    expect(selectAll.indeterminate).toBe(true);
    expect(container.querySelector('label[for="gdap-select-all"]')?.textContent).toBe('Select all (2)');
    await click(selectAll);
    await click([...container.querySelectorAll('button')].find((button) => button.textContent?.startsWith('Add selected tenants')));
    expect(onImport).toHaveBeenCalledWith([
      { customer: customers[1], service: 'hunting' },
      { customer: customers[2], service: 'xdr' },
    ]);
  });
});

describe('the undo toast', () => {
  it('offers Undo, then ends itself after the undo window', async () => {
    vi.useFakeTimers();
    const onUndo = vi.fn();
    const onExpire = vi.fn();
    let container!: HTMLElement;
    // Mounted inside act, so its effect (the undo window's timer) runs now, on the fake clock.
    await act(() => {
      container = mount(<UndoToast message="Removed Contoso." onUndo={onUndo} onExpire={onExpire} />);
    });
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Removed Contoso.Undo');
    await click(container.querySelector('button'));
    expect(onUndo).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(undoWindowMs - 1);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('keeps an empty live region when there is nothing to undo', () => {
    const container = mount(<UndoToast message={null} onUndo={vi.fn()} onExpire={vi.fn()} />);
    expect(container.querySelector('[role="status"]')?.textContent).toBe('');
  });
});
