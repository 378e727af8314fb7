import { WindowedList } from './WindowedList';

export interface HuntTenantChoice {
  /** Handoff's tenant key (what startHunt takes). */
  key: string;
  name: string;
}

interface HuntTenantPickerProps {
  tenants: readonly HuntTenantChoice[];
  selected: ReadonlySet<string>;
  filter: string;
  onFilterChange: (filter: string) => void;
  onToggle: (key: string, on: boolean) => void;
  /** Selects (or clears) these tenants at once: all of them, or the ones the filter shows. */
  onSetMany: (keys: string[], on: boolean) => void;
}

const rowHeight = 32;
const listHeight = 320;

/** Tenants whose name or key contains the filter (any case). */
export function filterHuntTenants(tenants: readonly HuntTenantChoice[], filter: string): HuntTenantChoice[] {
  const wanted = filter.trim().toLowerCase();
  if (!wanted) return [...tenants];
  return tenants.filter((tenant) => tenant.name.toLowerCase().includes(wanted) || tenant.key.toLowerCase().includes(wanted));
}

/**
 * Which tenants to hunt in: "All tenants", a filter, and the list (only the rows in view are drawn, so
 * 500 tenants cost what 20 do; one Tab stop, arrow keys between rows).
 */
export function HuntTenantPicker({ tenants, selected, filter, onFilterChange, onToggle, onSetMany }: HuntTenantPickerProps) {
  const shown = filterHuntTenants(tenants, filter);
  const chosen = tenants.filter((tenant) => selected.has(tenant.key)).length;
  const all = tenants.length > 0 && chosen === tenants.length;
  const shownKeys = shown.map((tenant) => tenant.key);
  const allShownChosen = shown.length > 0 && shown.every((tenant) => selected.has(tenant.key));
  return (
    <fieldset class="hunt-tenants">
      <legend>Tenants</legend>
      {tenants.length === 0 ? (
        <p class="muted">No customer tenants yet: add them in Handoff’s options.</p>
      ) : (
        <>
          <div class="hunt-tenants__controls">
            <label class="checkbox-field">
              <input
                type="checkbox"
                checked={all}
                indeterminate={!all && chosen > 0}
                onChange={(event) => onSetMany(tenants.map((tenant) => tenant.key), (event.currentTarget as HTMLInputElement).checked)}
              />
              All tenants
            </label>
            <p class="help" aria-live="polite">{`${chosen} of ${tenants.length} ${tenants.length === 1 ? 'tenant' : 'tenants'} selected`}</p>
          </div>
          <div class="hunt-tenants__filter">
            <label for="hunt-tenant-filter">Filter tenants</label>
            <input id="hunt-tenant-filter" type="search" value={filter} onInput={(event) => onFilterChange((event.currentTarget as HTMLInputElement).value)} />
            {filter.trim() !== '' && shown.length > 0 && (
              <button type="button" onClick={() => onSetMany(shownKeys, !allShownChosen)}>
                {allShownChosen ? `Clear the ${shown.length} shown` : `Select the ${shown.length} shown`}
              </button>
            )}
          </div>
          {shown.length === 0 ? (
            <p class="muted">No tenant matches the filter.</p>
          ) : (
            <WindowedList
              rows={shown}
              label="Tenants to hunt in"
              rowHeight={rowHeight}
              maxHeight={listHeight}
              keyOf={(tenant) => tenant.key}
              focusable={() => true}
              renderRow={(tenant, control) => (
                <label class="hunt-tenant">
                  <input
                    type="checkbox"
                    {...control}
                    checked={selected.has(tenant.key)}
                    onChange={(event) => onToggle(tenant.key, (event.currentTarget as HTMLInputElement).checked)}
                  />
                  <span class="hunt-tenant__name">{tenant.name}</span>
                </label>
              )}
            />
          )}
        </>
      )}
    </fieldset>
  );
}
