import type { HandoffSummary } from '@/utils/classify-handoff';
import type { TenantService } from '@/utils/responsibility-matrix';
import { serviceLabels } from './TenantForm';

export interface TenantSummaryRow {
  key: string;
  displayName: string;
  service: TenantService;
  /** The tenant's queue in the portal, with `tid`; null while its GUID is unknown. */
  queueUrl: string | null;
  summary: HandoffSummary | null;
  /** "Synced 2 minutes ago", or the problem (needs consent, throttled, …). */
  status: string;
  problem: boolean;
}

const countLabels: ReadonlyArray<[keyof HandoffSummary, string]> = [
  ['awaitingYou', 'Awaiting you'],
  ['reviews', 'Reviews'],
  ['withDefenderExperts', 'With Defender Experts'],
  ['unassigned', 'Unassigned'],
];

/** One row per tenant: its counts by owner and step, its last sync and any problem. */
export function TenantSummaryList({ rows }: { rows: readonly TenantSummaryRow[] }) {
  return (
    <ul class="tenant-summaries" aria-label="Tenants">
      {rows.map((row) => (
        <li key={row.key} class="tenant-summary" data-tenant-key={row.key}>
          <div class="tenant-summary__head">
            {row.queueUrl ? (
              <a href={row.queueUrl} target="_blank" rel="noreferrer" class="tenant-summary__name">
                {row.displayName}
              </a>
            ) : (
              <span class="tenant-summary__name">{row.displayName}</span>
            )}
            <span class="tenant-summary__service muted">{serviceLabels[row.service]}</span>
          </div>
          {row.summary && (
            <dl class="tenant-summary__counts">
              {countLabels.map(([field, label]) => (
                <div key={field} class={`count count--${field}`}>
                  <dt>{label}</dt>
                  <dd>{row.summary?.[field] as number}</dd>
                </div>
              ))}
            </dl>
          )}
          <p class={row.problem ? 'tenant-summary__status error' : 'tenant-summary__status muted'}>{row.status}</p>
        </li>
      ))}
    </ul>
  );
}
