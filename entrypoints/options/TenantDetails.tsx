import { TenantReadinessView } from '@/components/TenantReadinessView';
import type { TenantListItem } from '@/components/TenantList';
import type { Settings } from '@/utils/domain/settings';
import { tenantFlagLabels } from '@/utils/domain/tenant-table';
import { tenantReadiness } from '@/utils/domain/tenant-readiness';

interface TenantDetailsProps {
  item: TenantListItem;
  settings: Settings;
  grantedScopes: readonly string[];
}

/**
 * One tenant's readiness (`#tenant=<key>`, its name in the table links here): the access its GDAP roles
 * give, the quick actions that allows, what only the customer can do, and its sync line.
 */
export function TenantDetails({ item, settings, grantedScopes }: TenantDetailsProps) {
  const readiness = tenantReadiness(item.config, { quickActionsEnabled: settings.quickActionsEnabled, grantedScopes });
  return (
    <section class="tenant-details" aria-labelledby="tenant-details-heading" data-tenant-key={item.key}>
      <h3 id="tenant-details-heading" tabIndex={-1}>
        {item.config.displayName}
      </h3>
      <p>
        <strong>Sync:</strong> <span class={item.problem ? 'error' : undefined}>{item.status}</span>
      </p>
      {item.flags.length > 0 && (
        <p>
          <strong>Needs:</strong> {item.flags.map((flag) => tenantFlagLabels[flag]).join(' · ')}
        </p>
      )}
      <TenantReadinessView tenants={[{ key: item.key, displayName: item.config.displayName, readiness }]} />
      <p>
        <a href="#tenants">Close details</a>
      </p>
    </section>
  );
}
