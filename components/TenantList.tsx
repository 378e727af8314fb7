import { tenantColors, type TenantConfig } from '@/utils/domain/settings';
import { ManagedMark } from './ManagedPolicyNotes';
import { serviceChoiceLabels } from './TenantForm';

export interface TenantListItem {
  key: string;
  config: TenantConfig;
  /** A short state line, e.g. "Synced 2 minutes ago" or "Needs consent". */
  status: string;
  problem: boolean;
  /** Listed by the organisation's policy: read-only, cannot be removed here. */
  managed?: boolean;
}

interface TenantListProps {
  tenants: readonly TenantListItem[];
  onEdit: (key: string) => void;
  onRemove: (key: string) => void;
}

export function TenantList({ tenants, onEdit, onRemove }: TenantListProps) {
  if (tenants.length === 0) return <p class="muted">No customer tenants yet: add one below or import them from GDAP.</p>;
  return (
    <table class="tenant-list" aria-label="Customer tenants">
      <thead>
        <tr>
          <th scope="col">Tenant</th>
          <th scope="col">Tenant ID</th>
          <th scope="col">Defender Experts service</th>
          <th scope="col">Your roles</th>
          <th scope="col">Sync</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tenants.map(({ key, config, status, problem, managed = false }) => (
          <tr key={key} data-tenant-key={key}>
            <th scope="row">
              <span class="tenant-swatch" style={{ background: tenantColors[config.color] }} aria-hidden="true" />
              {config.displayName}
              {managed && <ManagedMark />}
            </th>
            <td class="mono">{config.resolvedTenantId ?? config.tenantId}</td>
            <td>{serviceChoiceLabels[config.service]}</td>
            {/* The roles the analyst holds when the GDAP import knows them, else those the relationships request. */}
            <td>{(config.heldSecurityRoles?.map(({ role }) => role) ?? config.securityRoles).join(', ') || '—'}</td>
            <td class={problem ? 'error' : undefined}>{status}</td>
            <td class="row-actions">
              {!managed && (
                <>
                  <button type="button" aria-label={`Edit ${config.displayName}`} onClick={() => onEdit(key)}>
                    Edit
                  </button>
                  <button type="button" aria-label={`Remove ${config.displayName}`} onClick={() => onRemove(key)}>
                    Remove
                  </button>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
