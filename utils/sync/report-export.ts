import { handoffAreaTitle, type HandoffOwner } from '../domain/classify-handoff';
import { formatDuration } from '../portal/relative-time';
import type { CachedIncident } from './cached-incident';

/** One incident in the partner's report: where it stands and who has it, as the cache last saw it. */
export interface ReportRow {
  tenant: string;
  incidentId: string;
  title: string;
  severity: string;
  status: string;
  owner: string;
  step: string;
  partnerAction: string;
  stepSince: string;
  timeInStep: string;
  createdDateTime: string;
}

export interface ReportTenant {
  displayName: string;
  incidents: readonly CachedIncident[];
}

const ownerNames: Record<HandoffOwner, string> = {
  defenderExperts: 'Defender Experts',
  partner: 'You',
  none: '—',
};

/**
 * The incidents created in [from, to) (dates as ISO strings, `to` exclusive), per tenant, sorted by tenant
 * then creation time. Time in step is measured at `now`, not at the last sync.
 */
export function reportRows(tenants: readonly ReportTenant[], range: { from: Date; to: Date }, now: Date): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const tenant of tenants) {
    const inRange = tenant.incidents.filter(({ incident }) => {
      const created = Date.parse(incident.createdDateTime);
      return created >= range.from.getTime() && created < range.to.getTime();
    });
    inRange.sort((a, b) => Date.parse(a.incident.createdDateTime) - Date.parse(b.incident.createdDateTime));
    for (const { incident, handoff } of inRange) {
      rows.push({
        tenant: tenant.displayName,
        incidentId: incident.id,
        title: incident.displayName ?? '',
        severity: incident.severity,
        status: incident.status,
        owner: ownerNames[handoff.owner],
        step: handoffAreaTitle(handoff.area),
        partnerAction: handoff.partnerAction?.text ?? '',
        stepSince: handoff.stepSince,
        timeInStep: formatDuration(Math.max(0, now.getTime() - Date.parse(handoff.stepSince))),
        createdDateTime: incident.createdDateTime,
      });
    }
  }
  return rows;
}

const columns: ReadonlyArray<[keyof ReportRow, string]> = [
  ['tenant', 'Tenant'],
  ['incidentId', 'Incident'],
  ['title', 'Title'],
  ['severity', 'Severity'],
  ['status', 'Status'],
  ['owner', 'Owner'],
  ['step', 'Step'],
  ['partnerAction', 'Your action'],
  ['stepSince', 'Step since'],
  ['timeInStep', 'Time in step'],
  ['createdDateTime', 'Created'],
];

/**
 * RFC 4180 CSV: every field quoted (quotes doubled), CRLF line ends. A field starting with = + - @ is
 * prefixed with a quote mark so a spreadsheet never runs incident text as a formula.
 */
export function reportCsv(rows: readonly ReportRow[]): string {
  const field = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const lines = [columns.map(([, title]) => field(title)).join(',')];
  for (const row of rows) lines.push(columns.map(([key]) => field(row[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A Markdown table; pipes, backslashes, HTML brackets and line breaks in incident text are escaped. */
export function reportMarkdown(rows: readonly ReportRow[], heading: string): string {
  const cell = (value: string) =>
    value
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r?\n/g, ' ');
  const header = `| ${columns.map(([, title]) => title).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${columns.map(([key]) => cell(row[key])).join(' | ')} |`);
  return [`# ${cell(heading)}`, '', `${rows.length} ${rows.length === 1 ? 'incident' : 'incidents'}`, '', header, rule, ...body, ''].join('\n');
}
