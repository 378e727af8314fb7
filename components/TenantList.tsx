import { useState } from 'preact/hooks';
import { tenantColors, type TenantConfig } from '@/utils/domain/settings';
import { filterTenants, tenantFlagCounts, tenantFlagLabels, type TenantFlag } from '@/utils/domain/tenant-table';
import { ManagedMark } from './ManagedPolicyNotes';
import { serviceChoiceLabels } from './TenantForm';

export interface TenantListItem {
  key: string;
  config: TenantConfig;
  /** A short state line, e.g. "Synced 2 minutes ago" or "Needs consent". */
  status: string;
  problem: boolean;
  /** What it lacks (utils/domain/tenant-table.ts): its row's badges and the filters. */
  flags: readonly TenantFlag[];
  /** Listed by the organisation's policy: read-only, cannot be removed here. */
  managed?: boolean;
}

interface TenantListProps {
  tenants: readonly TenantListItem[];
  /** Where the tenant's name links to: its readiness details. */
  detailsHref: (key: string) => string;
  onEdit: (key: string) => void;
  onRemove: (key: string) => void;
}

function TenantRow({ item, detailsHref, onEdit, onRemove }: { item: TenantListItem } & Omit<TenantListProps, 'tenants'>) {
  const { key, config, status, problem, flags, managed = false } = item;
  // The roles the analyst holds when the GDAP import knows them, else those the relationships request.
  const roles = (config.heldSecurityRoles?.map(({ role }) => role) ?? config.securityRoles).join(', ') || '—';
  const tenantId = config.resolvedTenantId ?? config.tenantId;
  return (
    <tr data-tenant-key={key}>
      <th scope="row" class="tenant-table__name">
        <span class="tenant-swatch" style={{ background: tenantColors[config.color] }} aria-hidden="true" />
        <a href={detailsHref(key)} title={`Readiness details: ${config.displayName}`}>
          {config.displayName}
        </a>
        {managed && <ManagedMark />}
      </th>
      <td class="mono" title={tenantId}>
        {tenantId}
      </td>
      <td title={serviceChoiceLabels[config.service]}>{serviceChoiceLabels[config.service]}</td>
      <td title={roles}>{roles}</td>
      <td class="tenant-table__badges">
        {flags.length === 0 ? (
          <span class="tenant-badge tenant-badge--ready">Ready</span>
        ) : (
          flags.map((flag) => (
            <span key={flag} class={`tenant-badge tenant-badge--${flag}`} data-flag={flag}>
              {tenantFlagLabels[flag]}
            </span>
          ))
        )}
      </td>
      <td class={problem ? 'error' : undefined} title={status}>
        {status}
      </td>
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
  );
}

/**
 * The tenant table: one compact line per tenant (name, id, service, roles, readiness badges, sync), a search
 * over names and ids, and the readiness filters with their counts ("Read-only 67 · No Teams link 142").
 * The rows scroll inside the table's box, so the page stays one screen high at hundreds of tenants.
 */
export function TenantList({ tenants, detailsHref, onEdit, onRemove }: TenantListProps) {
  const [query, setQuery] = useState('');
  const [flag, setFlag] = useState<TenantFlag | null>(null);
  if (tenants.length === 0) return <p class="muted">No customer tenants yet: add one below or import them from GDAP.</p>;
  const counts = tenantFlagCounts(tenants.map((item) => ({ ...item, displayName: item.config.displayName, tenantId: item.config.resolvedTenantId ?? item.config.tenantId })));
  // A filter whose last tenant was fixed or removed shows everything again.
  const activeFlag = flag !== null && counts.some((count) => count.flag === flag) ? flag : null;
  const shown = filterTenants(
    tenants.map((item) => ({ ...item, displayName: item.config.displayName, tenantId: item.config.resolvedTenantId ?? item.config.tenantId })),
    { query, flag: activeFlag },
  );
  return (
    <div class="tenant-table">
      <div class="tenant-table__tools">
        <div class="field tenant-table__search">
          <label for="tenant-search">Search tenants</label>
          <input id="tenant-search" type="search" value={query} placeholder="Name or tenant ID" onInput={(event) => setQuery(event.currentTarget.value)} />
        </div>
        <div class="tenant-filters" role="group" aria-label="Show tenants by readiness">
          <button type="button" class="tenant-filter" aria-pressed={activeFlag === null} onClick={() => setFlag(null)}>
            All <span class="tenant-filter__count">{tenants.length}</span>
          </button>
          {counts.map(({ flag: value, label, count }) => (
            <button
              key={value}
              type="button"
              class="tenant-filter"
              data-flag={value}
              aria-pressed={activeFlag === value}
              onClick={() => setFlag(activeFlag === value ? null : value)}
            >
              {label} <span class="tenant-filter__count">{count}</span>
            </button>
          ))}
        </div>
      </div>
      <p class="muted tenant-table__shown" role="status">
        {shown.length === tenants.length ? `${tenants.length} tenants` : `Showing ${shown.length} of ${tenants.length} tenants`}
      </p>
      <div class="tenant-table__scroll">
        <table class="tenant-list" aria-label="Customer tenants">
          <thead>
            <tr>
              <th scope="col">Tenant</th>
              <th scope="col">Tenant ID</th>
              <th scope="col">Defender Experts service</th>
              <th scope="col">Your roles</th>
              <th scope="col">Readiness</th>
              <th scope="col">Sync</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <TenantRow key={item.key} item={item} detailsHref={detailsHref} onEdit={onEdit} onRemove={onRemove} />
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p class="muted">No tenant matches.</p>}
      </div>
    </div>
  );
}
