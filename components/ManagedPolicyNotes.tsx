import type { PolicyWarning } from '@/utils/domain/managed-policy';

/** The words beside every value the organisation's policy sets: shown read-only, never editable here. */
export const setByOrganisation = 'Set by your organisation';

/** Marks a field or a tenant as set by policy (read-only). */
export function ManagedMark({ id }: { id?: string }) {
  return (
    <span class="managed-mark" id={id}>
      {setByOrganisation}
    </span>
  );
}

/**
 * The policy values Handoff ignored because they failed validation, each with its key and why: the
 * administrator's mistake is visible, and the analyst's own setting applies instead.
 */
export function PolicyWarnings({ warnings }: { warnings: readonly PolicyWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div class="policy-warnings warning" role="alert" aria-label="Policy warnings">
      <p>Your organisation’s policy has values Handoff ignored:</p>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.field}:${warning.message}`}>
            <span class="mono">{warning.field}</span>: {warning.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
