import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

interface HandoffPanelProps {
  incidentId: string;
  tenantId: string | null;
  /** What Handoff knows about this incident; plain text, never markup. */
  message: string;
  children?: ComponentChildren;
}

/**
 * The panel shown on an incident page. Collapsible so it stays out of the analyst's way; every value is
 * rendered as text by Preact (no innerHTML), whatever the incident data contains.
 */
export function HandoffPanel({ incidentId, tenantId, message, children }: HandoffPanelProps) {
  const [expanded, setExpanded] = useState(true);
  const bodyId = `handoff-panel-body-${incidentId}`;
  return (
    <section class="handoff-panel" aria-label="Handoff">
      <header class="handoff-panel__header">
        <span class="handoff-panel__brand">Handoff</span>
        <span class="handoff-panel__incident">Incident {incidentId}</span>
        <button
          type="button"
          class="handoff-panel__toggle"
          aria-expanded={expanded}
          aria-controls={bodyId}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Collapse' : 'Expand'}
        </button>
      </header>
      {expanded && (
        <div class="handoff-panel__body" id={bodyId}>
          <p class="handoff-panel__message">{message}</p>
          <p class="handoff-panel__tenant">Tenant: {tenantId ?? 'default tenant (no tid in the URL)'}</p>
          {children}
        </div>
      )}
    </section>
  );
}
