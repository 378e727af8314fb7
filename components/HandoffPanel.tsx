import type { ComponentChildren, Ref } from 'preact';

interface HandoffPanelProps {
  incidentId: string;
  /** The tenant's name and marker colour once known, so the analyst always sees which customer this is. */
  tenant?: { name: string; color: string } | null;
  /** What Handoff knows (or why it knows nothing) about this incident; plain text, never markup. */
  message?: string | null;
  expanded: boolean;
  /** Collapsed because a portal dialog or flyout is open: the pill moves out of its way. */
  yielded?: boolean;
  /** The collapsed panel's one line: "Your move · Act · 3 h · Contoso"; null while nothing is known. */
  pill?: string | null;
  onToggle: () => void;
  /** The panel's region, for the keyboard shortcut's focus. */
  regionRef?: Ref<HTMLElement>;
  children?: ComponentChildren;
}

/**
 * The frame of the panel shown on an incident page: a header that says which tenant and incident, and
 * a body; collapsed, one small pill that still answers whose move it is. Every value is rendered as text
 * by Preact (no innerHTML), whatever the incident data contains.
 */
export function HandoffPanel(props: HandoffPanelProps) {
  const { incidentId, tenant, expanded } = props;
  const bodyId = `handoff-panel-body-${incidentId}`;
  const pill = props.pill ?? `Handoff · Incident ${incidentId}`;
  return (
    <section
      class={`handoff-panel${expanded ? '' : ' handoff-panel--pill'}${props.yielded ? ' handoff-panel--yield' : ''}`}
      aria-label="Handoff"
      ref={props.regionRef}
      style={tenant ? { borderTopColor: tenant.color } : undefined}
    >
      {expanded ? (
        <>
          <header class="handoff-panel__header">
            <span class="handoff-panel__brand">Handoff</span>
            <span class="handoff-panel__incident">
              Incident {incidentId}
              {tenant && <span class="handoff-panel__tenant-name"> · {tenant.name}</span>}
            </span>
            <button type="button" class="handoff-panel__toggle" aria-expanded="true" aria-controls={bodyId} onClick={props.onToggle}>
              Collapse
            </button>
          </header>
          <div class="handoff-panel__body" id={bodyId}>
            {props.message && <p class="handoff-panel__message">{props.message}</p>}
            {props.children}
          </div>
        </>
      ) : (
        <button type="button" class="handoff-pill" aria-expanded="false" aria-label={`Expand Handoff: ${pill}`} onClick={props.onToggle}>
          {pill}
        </button>
      )}
    </section>
  );
}
