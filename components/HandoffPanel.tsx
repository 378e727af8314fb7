import type { ComponentChildren } from 'preact';

interface HandoffPanelProps {
  incidentId: string;
  tenantId: string | null;
  /** The tenant's name and marker colour once known, so the analyst always sees which customer this is. */
  tenant?: { name: string; color: string } | null;
  /** What Handoff knows (or why it knows nothing) about this incident; plain text, never markup. */
  message?: string | null;
  expanded: boolean;
  onToggle: () => void;
  children?: ComponentChildren;
}

/**
 * The frame of the panel shown on an incident page: a header that says which tenant and incident, and
 * a body that collapses so the panel stays out of the analyst's way. Every value is rendered as text
 * by Preact (no innerHTML), whatever the incident data contains.
 */
export function HandoffPanel({ incidentId, tenantId, tenant, message, expanded, onToggle, children }: HandoffPanelProps) {
  const bodyId = `handoff-panel-body-${incidentId}`;
  return (
    <section class="handoff-panel" aria-label="Handoff">
      <header class="handoff-panel__header" style={tenant ? { borderTopColor: tenant.color } : undefined}>
        <span class="handoff-panel__brand">Handoff</span>
        <span class="handoff-panel__incident">
          Incident {incidentId}
          {tenant && <span class="handoff-panel__tenant-name"> · {tenant.name}</span>}
        </span>
        <button
          type="button"
          class="handoff-panel__toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={onToggle}
        >
          {expanded ? 'Collapse' : 'Expand'}
        </button>
      </header>
      {expanded && (
        <div class="handoff-panel__body" id={bodyId}>
          {message && <p class="handoff-panel__message">{message}</p>}
          {children}
          <p class="handoff-panel__tenant">Tenant: {tenantId ?? 'default tenant (no tid in the URL)'}</p>
        </div>
      )}
    </section>
  );
}
