import { useState } from 'preact/hooks';
import type { GdapCustomer, HeldSecurityRole } from '@/utils/domain/gdap';
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

/**
 * The partner's GDAP customers: the security roles the analyst holds there (through which groups) next to
 * those the relationships only request, the access that gives, and expiring relationships; to pick and import.
 */
export function GdapImportList({ customers, configuredTenantIds, onImport }: GdapImportListProps) {
  const [selected, setSelected] = useState<Record<string, TenantService | undefined>>({});
  if (customers.length === 0) return <p class="muted">No active GDAP relationships found.</p>;
  const selection = customers.flatMap((customer) => {
    const service = selected[customer.tenantId];
    return service ? [{ customer, service }] : [];
  });
  return (
    <div class="gdap-import">
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
          {customers.map((customer) => {
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
                    onChange={(event) =>
                      setSelected({
                        ...selected,
                        [customer.tenantId]: event.currentTarget.checked ? 'xdr' : undefined,
                      })
                    }
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
                    value={service ?? 'xdr'}
                    onChange={(event) =>
                      setSelected({ ...selected, [customer.tenantId]: event.currentTarget.value as TenantService })
                    }
                  >
                    {(Object.keys(serviceChoiceLabels) as TenantService[]).map((key) => (
                      <option key={key} value={key}>
                        {serviceChoiceLabels[key]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        class="button-primary"
        disabled={selection.length === 0}
        onClick={() => {
          onImport(selection);
          setSelected({});
        }}
      >
        Add selected tenants
      </button>
    </div>
  );
}
