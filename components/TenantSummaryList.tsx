import { useState } from 'preact/hooks';
import { handoffCountMembers, type HandoffCountName, type HandoffCounts } from '@/utils/domain/handoff-counts';
import { incidentUrl } from '@/utils/portal/portal-url';
import { formatDuration } from '@/utils/portal/relative-time';
import type { TenantService } from '@/utils/domain/responsibility-matrix';
import { tenantColors, type TenantColor } from '@/utils/domain/settings';
import type { CachedIncident } from '@/utils/sync/cached-incident';
import { serviceChoiceLabels } from './TenantForm';

export interface TenantSummaryRow {
  key: string;
  displayName: string;
  service: TenantService;
  color: TenantColor;
  securityRoles: readonly string[];
  /** "Read and write (Security Operator)", "Read only (Security Reader)", … */
  accessText: string;
  /** The tenant GUID (the portal's `tid`); null while unknown, and then no link is offered. */
  tenantId: string | null;
  /** The tenant's queue in the portal, with `tid`. */
  queueUrl: string | null;
  summary: HandoffCounts | null;
  /** Open guided-response tasks (remediation that is the partner's to do); null when unknown. */
  openGuidedTasks: number | null;
  /** "Synced 2 minutes ago", or the problem (needs consent, throttled, …). */
  status: string;
  problem: boolean;
}

const countLabels: ReadonlyArray<[HandoffCountName, string]> = [
  ['awaitingYou', 'Awaiting you'],
  ['reviews', 'Reviews'],
  ['withDefenderExperts', 'With Defender Experts'],
  ['unassigned', 'Unassigned'],
];

function IncidentList({
  row,
  count,
  incidents,
  now,
}: {
  row: TenantSummaryRow;
  count: HandoffCountName;
  incidents: readonly CachedIncident[] | undefined;
  now: number;
}) {
  if (!incidents) return <p class="muted incident-list__empty" aria-busy="true">Loading…</p>;
  const members = incidents
    .filter(({ handoff }) => handoffCountMembers[count](handoff))
    .sort((a, b) => Date.parse(a.handoff.stepSince) - Date.parse(b.handoff.stepSince));
  const label = countLabels.find(([name]) => name === count)?.[1] ?? count;
  if (members.length === 0) return <p class="muted incident-list__empty">None.</p>;
  return (
    <ul class="incident-list" aria-label={`${row.displayName}: ${label}`}>
      {members.map(({ incident, handoff }) => (
        <li key={incident.id}>
          {row.tenantId ? (
            <a href={incidentUrl(incident.id, row.tenantId)} target="_blank" rel="noreferrer">
              {incident.displayName ?? `Incident ${incident.id}`}
            </a>
          ) : (
            <span>{incident.displayName ?? `Incident ${incident.id}`}</span>
          )}
          <span class="incident-list__meta">
            <span class={`severity severity--${incident.severity}`}>{incident.severity}</span>
            {' · '}
            {formatDuration(Math.max(0, now - Date.parse(handoff.stepSince)))} in step
          </span>
        </li>
      ))}
    </ul>
  );
}

interface TenantSummaryListProps {
  rows: readonly TenantSummaryRow[];
  /** Incidents of the tenants whose lists were opened, by tenant key (read on demand, not up front). */
  incidents: Readonly<Record<string, readonly CachedIncident[]>>;
  onOpenCount: (tenantKey: string) => void;
  now: number;
}

/** One row per tenant: its counts by owner and step (each opens its incidents), last sync and any problem. */
export function TenantSummaryList({ rows, incidents, onOpenCount, now }: TenantSummaryListProps) {
  const [open, setOpen] = useState<{ key: string; count: HandoffCountName } | null>(null);
  return (
    <ul class="tenant-summaries" aria-label="Tenants">
      {rows.map((row) => {
        const openCount = open?.key === row.key ? open.count : null;
        return (
          <li key={row.key} class="tenant-summary" data-tenant-key={row.key} style={{ borderLeftColor: tenantColors[row.color] }}>
            <div class="tenant-summary__head">
              {row.queueUrl ? (
                <a href={row.queueUrl} target="_blank" rel="noreferrer" class="tenant-summary__name">
                  {row.displayName}
                </a>
              ) : (
                <span class="tenant-summary__name">{row.displayName}</span>
              )}
              <span class="tenant-summary__service muted">{serviceChoiceLabels[row.service]}</span>
            </div>
            <p class="tenant-summary__role muted">Your access: {row.accessText}</p>
            {row.summary && (
              <div class="tenant-summary__counts" role="group" aria-label={`${row.displayName} counts`}>
                {countLabels.map(([count, label]) => (
                  <button
                    key={count}
                    type="button"
                    class={`count count--${count}`}
                    aria-expanded={openCount === count}
                    aria-label={`${label}: ${row.summary?.[count]}`}
                    onClick={() => {
                      if (openCount !== count) onOpenCount(row.key);
                      setOpen(openCount === count ? null : { key: row.key, count });
                    }}
                  >
                    <span class="count__label">{label}</span>
                    <span class="count__value">{row.summary?.[count]}</span>
                  </button>
                ))}
              </div>
            )}
            {row.openGuidedTasks !== null && (
              <p class="tenant-summary__tasks">Open tasks: {row.openGuidedTasks}</p>
            )}
            {openCount && <IncidentList row={row} count={openCount} incidents={incidents[row.key]} now={now} />}
            <p class={row.problem ? 'tenant-summary__status error' : 'tenant-summary__status muted'}>{row.status}</p>
          </li>
        );
      })}
    </ul>
  );
}
