import { useState } from 'preact/hooks';
import type { GdapCustomer, HeldSecurityRole } from '@/utils/domain/gdap';
import {
  defaultImportService,
  filterGdapCustomers,
  importSelection,
  selectAllState,
  selectableIds,
  setServiceFor,
  toggleAll,
  toggleCustomer,
  type GdapSelection,
} from '@/utils/domain/gdap-import-selection';
import type { TenantService } from '@/utils/domain/responsibility-matrix';
import { serviceChoiceLabels } from './TenantForm';

interface GdapImportListProps {
  customers: readonly GdapCustomer[];
  /** Tenant ids already configured: shown, not importable twice. */
  configuredTenantIds: ReadonlySet<string>;
  onImport: (selection: Array<{ customer: GdapCustomer; service: TenantService }>) => void;
}

const accessLabels: Record<GdapCustomer['access'], string> = {
  readWrite: 'Read and write',
  readOnly: 'Read only',
  none: 'No security role',
  unknown: 'Not known',
};

function heldText(held: readonly HeldSecurityRole[] | null): string {
  if (held === null) return 'Not known (your groups or the assignments could not be read)';
  if (held.length === 0) return 'None: you are in no group assigned a security role';
  return held.map(({ role, via }) => `${role} (via ${via.join(', ')})`).join('; ');
}

function requestedOnly(customer: GdapCustomer): string[] {
  if (customer.heldRoles === null) return customer.securityRoles;
  const held = new Set(customer.heldRoles.map(({ role }) => role));
  return customer.securityRoles.filter((role) => !held.has(role));
}

const serviceKeys = Object.keys(serviceChoiceLabels) as TenantService[];

function ServiceOptions() {
  return (
    <>
      {serviceKeys.map((key) => (
        <option key={key} value={key}>
          {serviceChoiceLabels[key]}
        </option>
      ))}
    </>
  );
}

/**
 * The partner's GDAP customers: the security roles the analyst holds there (through which groups) next to
 * those the relationships only request, the access that gives, and expiring relationships; to pick and
 * import. A search narrows the list, "Select all" picks every one shown, and "Set service for selected"
 * gives the picked ones shown one service (utils/domain/gdap-import-selection.ts).
 */
export function GdapImportList({ customers, configuredTenantIds, onImport }: GdapImportListProps) {
  const [selected, setSelected] = useState<GdapSelection>({});
  const [query, setQuery] = useState('');
  const [bulkService, setBulkService] = useState<TenantService>(defaultImportService);
  if (customers.length === 0) return <p class="muted">No active GDAP relationships found.</p>;
  const shown = filterGdapCustomers(customers, query);
  const shownIds = selectableIds(shown, configuredTenantIds);
  const allState = selectAllState(selected, shownIds);
  const selection = importSelection(customers, selected, configuredTenantIds);
  const pickedShown = shownIds.filter((id) => selected[id] !== undefined).length;
  return (
    <div class="gdap-import">
      <div class="gdap-import__tools">
        <div class="field">
          <label for="gdap-search">Search customers</label>
          <input id="gdap-search" type="search" value={query} placeholder="Name or tenant ID" onInput={(event) => setQuery(event.currentTarget.value)} />
        </div>
        <div class="checkbox-field">
          <input
            id="gdap-select-all"
            type="checkbox"
            checked={allState === 'all'}
            indeterminate={allState === 'some'}
            disabled={shownIds.length === 0}
            onChange={() => setSelected(toggleAll(selected, shownIds))}
          />
          <label for="gdap-select-all">Select all {shown.length === customers.length ? '' : 'shown '}({shownIds.length})</label>
        </div>
        <div class="field gdap-import__bulk">
          <label for="gdap-bulk-service">Service for selected</label>
          <select id="gdap-bulk-service" value={bulkService} onChange={(event) => setBulkService(event.currentTarget.value as TenantService)}>
            <ServiceOptions />
          </select>
          <button type="button" disabled={pickedShown === 0} onClick={() => setSelected(setServiceFor(selected, shownIds, bulkService))}>
            Set service for selected
          </button>
        </div>
      </div>
      <p class="muted" role="status">
        {selection.length} selected{shown.length === customers.length ? '' : ` · showing ${shown.length} of ${customers.length}`}
      </p>
      <div class="gdap-import__scroll">
        <table aria-label="GDAP customers">
          <thead>
            <tr>
              <th scope="col">Import</th>
              <th scope="col">Customer</th>
              <th scope="col">Roles you hold</th>
              <th scope="col">Requested only</th>
              <th scope="col">Access</th>
              <th scope="col">Defender Experts service</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((customer) => {
              const configured = configuredTenantIds.has(customer.tenantId);
              const service = selected[customer.tenantId];
              return (
                <tr key={customer.tenantId}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Import ${customer.displayName}`}
                      disabled={configured}
                      checked={configured || service !== undefined}
                      onChange={(event) => setSelected(toggleCustomer(selected, customer.tenantId, event.currentTarget.checked))}
                    />
                  </td>
                  <th scope="row">
                    {customer.displayName}
                    {configured && <span class="muted"> (already added)</span>}
                    {customer.expiring.map(({ displayName, endDateTime }) => (
                      <span key={displayName} class="gdap-import__expiring" data-expiring="true">
                        {' '}
                        Expiring: {displayName}
                        {endDateTime ? ` ends ${endDateTime.slice(0, 10)}` : ''} (still active)
                      </span>
                    ))}
                  </th>
                  <td data-column="held">{heldText(customer.heldRoles)}</td>
                  <td data-column="requested-only">{requestedOnly(customer).join(', ') || '—'}</td>
                  <td data-column="access">{accessLabels[customer.access]}</td>
                  <td>
                    <select
                      aria-label={`Defender Experts service for ${customer.displayName}`}
                      disabled={configured || service === undefined}
                      value={service ?? defaultImportService}
                      onChange={(event) => setSelected({ ...selected, [customer.tenantId]: event.currentTarget.value as TenantService })}
                    >
                      <ServiceOptions />
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length === 0 && <p class="muted">No customer matches.</p>}
      </div>
      <button
        type="button"
        class="button-primary"
        disabled={selection.length === 0}
        onClick={() => {
          onImport(selection);
          setSelected({});
        }}
      >
        Add selected tenants{selection.length > 0 ? ` (${selection.length})` : ''}
      </button>
    </div>
  );
}
