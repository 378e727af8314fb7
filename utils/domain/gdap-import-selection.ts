import type { TenantService } from './responsibility-matrix';
import type { GdapCustomer } from './gdap';

/** The GDAP customers picked for import, each with the Defender Experts service it will be added with. */
export type GdapSelection = Readonly<Record<string, TenantService>>;

export const defaultImportService: TenantService = 'xdr';

/** A typed search over the GDAP list: the customer's name or tenant id, any case; blank matches all. */
export function filterGdapCustomers<T extends Pick<GdapCustomer, 'tenantId' | 'displayName'>>(customers: readonly T[], query: string): T[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [...customers];
  return customers.filter((customer) => customer.displayName.toLowerCase().includes(needle) || customer.tenantId.toLowerCase().includes(needle));
}

/** The ids that may be picked among those shown: never a tenant already configured. */
export function selectableIds(shown: ReadonlyArray<Pick<GdapCustomer, 'tenantId'>>, configured: ReadonlySet<string>): string[] {
  return shown.map((customer) => customer.tenantId).filter((id) => !configured.has(id));
}

/** Picks or unpicks one; a pick keeps the service it had, else the default. */
export function toggleCustomer(selection: GdapSelection, tenantId: string, picked: boolean): GdapSelection {
  const { [tenantId]: current, ...rest } = selection;
  return picked ? { ...rest, [tenantId]: current ?? defaultImportService } : rest;
}

/** "Select all" over the shown ones: all picked (keeping services already chosen), or, when all were, none of them. */
export function toggleAll(selection: GdapSelection, ids: readonly string[]): GdapSelection {
  if (selectAllState(selection, ids) === 'all') {
    const next = { ...selection };
    for (const id of ids) delete next[id];
    return next;
  }
  const next = { ...selection };
  for (const id of ids) next[id] ??= defaultImportService;
  return next;
}

/** The "select all" checkbox: checked, unchecked or mixed over the shown ones. */
export function selectAllState(selection: GdapSelection, ids: readonly string[]): 'all' | 'none' | 'some' {
  const picked = ids.filter((id) => selection[id] !== undefined).length;
  if (ids.length > 0 && picked === ids.length) return 'all';
  return picked === 0 ? 'none' : 'some';
}

/** "Set service for selected": every picked one among those shown gets the service; hidden picks keep theirs. */
export function setServiceFor(selection: GdapSelection, ids: readonly string[], service: TenantService): GdapSelection {
  const next = { ...selection };
  for (const id of ids) if (next[id] !== undefined) next[id] = service;
  return next;
}

/** What "Add selected tenants" imports: every pick (shown or not) not already configured, in list order. */
export function importSelection<T extends Pick<GdapCustomer, 'tenantId'>>(
  customers: readonly T[],
  selection: GdapSelection,
  configured: ReadonlySet<string>,
): Array<{ customer: T; service: TenantService }> {
  return customers.flatMap((customer) => {
    const service = selection[customer.tenantId];
    return service && !configured.has(customer.tenantId) ? [{ customer, service }] : [];
  });
}
