import type { TenantReadiness } from '@/utils/domain/tenant-readiness';

export interface TenantReadinessItem {
  key: string;
  displayName: string;
  readiness: TenantReadiness;
}

/** Per tenant: the access the partner really has, the quick actions it allows, and what only the customer can do. */
export function TenantReadinessView({ tenants }: { tenants: readonly TenantReadinessItem[] }) {
  if (tenants.length === 0) return <p class="muted">Add a tenant to see what you can do there.</p>;
  return (
    <div class="readiness">
      {tenants.map(({ key, displayName, readiness }) => {
        const blocked = readiness.quickActions.find((action) => !action.allowed);
        return (
          <article key={key} class="readiness__tenant" aria-label={`Readiness: ${displayName}`} data-tenant-key={key}>
            <h4>{displayName}</h4>
            <p>
              <strong>Access:</strong> <span class={`access access--${readiness.access}`}>{readiness.accessText}</span>
            </p>
            {readiness.heldRoles && (
              <p data-readiness="held">
                <strong>Roles you hold:</strong>{' '}
                {readiness.heldRoles.length > 0
                  ? readiness.heldRoles.map(({ role, via }) => `${role} (via ${via.join(', ')})`).join('; ')
                  : 'none (you are in no group assigned a security role)'}
              </p>
            )}
            {readiness.requestedOnly.length > 0 && (
              <p data-readiness="requested-only">
                <strong>{readiness.heldRoles ? 'Requested only (not assigned to you):' : 'Requested by the relationship:'}</strong>{' '}
                {readiness.requestedOnly.join(', ')}
              </p>
            )}
            {readiness.expiring.map((line) => (
              <p key={line} class="readiness__expiring" data-readiness="expiring">
                {line}
              </p>
            ))}
            <p>
              <strong>Quick actions:</strong>{' '}
              {blocked
                ? `not available. ${blocked.reason}`
                : `available: ${readiness.quickActions.map((action) => action.action).join(', ')}.`}
            </p>
            {readiness.customerOnlySteps.length > 0 && (
              <details>
                <summary>Onboarding steps only the customer can do ({readiness.customerOnlySteps.length})</summary>
                <ul>
                  {readiness.customerOnlySteps.map((step) => (
                    <li key={step}>{step}</li>
                  ))}
                </ul>
              </details>
            )}
            {readiness.gaps.length > 0 && (
              <ul class="readiness__gaps">
                {readiness.gaps.map((gap) => (
                  <li key={gap}>{gap}</li>
                ))}
              </ul>
            )}
          </article>
        );
      })}
    </div>
  );
}
