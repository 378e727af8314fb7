import { describe, expect, it } from 'vitest';
import { classifyHandoff } from '@/utils/domain/classify-handoff';
import { parseIncident } from '@/utils/domain/parse-incidents';
import { reportCsv, reportMarkdown, reportRows } from '@/utils/sync/report-export';
import { slimIncident, type CachedIncident } from '@/utils/sync/cached-incident';

const now = new Date('2026-11-27T12:00:00Z');

function cached(raw: Record<string, unknown>): CachedIncident {
  const parsed = parseIncident({ tenantId: 't', severity: 'high', ...raw });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { incident: slimIncident(parsed.incident), handoff: classifyHandoff(parsed.incident, 'xdr', now) };
}

const contoso = {
  displayName: 'Contoso',
  incidents: [
    cached({ id: '2', displayName: 'Later', status: 'awaitingAction', assignedTo: 'Customer', createdDateTime: '2026-11-20T10:00:00Z', lastUpdateDateTime: '2026-11-27T09:00:00Z' }),
    cached({ id: '1', displayName: '=HYPERLINK("http://x") "quoted", comma', status: 'active', assignedTo: 'Defender Experts', createdDateTime: '2026-11-10T10:00:00Z' }),
    cached({ id: '3', displayName: 'Too old', status: 'active', createdDateTime: '2026-10-01T10:00:00Z' }),
  ],
};

describe('reportRows', () => {
  it('keeps the incidents created in the range, oldest first, with owner, step and time in step', () => {
    const rows = reportRows([contoso], { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-28T00:00:00Z') }, now);
    expect(rows.map((row) => [row.incidentId, row.owner, row.step, row.timeInStep])).toEqual([
      ['1', 'Defender Experts', 'Incident triage', '17 days'],
      ['2', 'You', 'Incident remediation', '3 hours'],
    ]);
  });

  it('excludes the end of the range', () => {
    const rows = reportRows([contoso], { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T10:00:00Z') }, now);
    expect(rows.map((row) => row.incidentId)).toEqual(['1']);
  });
});

describe('reportCsv', () => {
  it('quotes every field, doubles quotes and defuses formulas', () => {
    const csv = reportCsv(reportRows([contoso], { from: new Date('2026-11-01'), to: new Date('2026-11-28') }, now));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      '"Tenant","Incident","Title","Severity","Status","Owner","Step","Your action","Step since","Time in step","Created"',
    );
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"") ""quoted"", comma"`);
    expect(lines).toHaveLength(4); // header, two rows, final empty string after the last CRLF
    expect(lines[3]).toBe('');
  });
});

describe('reportMarkdown', () => {
  it('escapes pipes and markup in incident text', () => {
    const markdown = reportMarkdown(
      reportRows(
        [{ displayName: 'A|B', incidents: [cached({ id: '9', displayName: '<img src=x> | pipe\nline', status: 'active', createdDateTime: '2026-11-20T10:00:00Z' })] }],
        { from: new Date('2026-11-01'), to: new Date('2026-11-28') },
        now,
      ),
      'Report',
    );
    expect(markdown).toContain('| A\\|B | 9 | &lt;img src=x&gt; \\| pipe line |');
    expect(markdown).not.toContain('<img');
  });
});
