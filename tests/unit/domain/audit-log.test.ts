import { describe, expect, it } from 'vitest';
import { appendAuditEntry, auditCsv, csvField, parseAuditLog, type AuditEntry } from '@/utils/domain/audit-log';

const now = new Date('2026-11-27T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3_600_000).toISOString();

const entry = (changes: Partial<AuditEntry> = {}): AuditEntry => ({
  time: now.toISOString(),
  upn: 'analyst@woodgrove.example',
  tenant: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  tenantName: 'Contoso',
  incidentId: '1008',
  taskId: null,
  action: 'resolve',
  before: { status: 'active', assignedTo: null, classification: 'unknown' },
  after: { status: 'resolved', assignedTo: null, classification: 'truePositive' },
  result: 'done',
  message: 'Resolved.',
  ...changes,
});

describe('the audit log', () => {
  it('drops entries older than 90 days on append, and keeps at most the limit (the newest)', () => {
    const log = [entry({ time: daysAgo(91), incidentId: 'old' }), entry({ time: daysAgo(89), incidentId: 'kept' })];
    expect(appendAuditEntry(log, entry(), now).map((e) => e.incidentId)).toEqual(['kept', '1008']);
    const many = [entry({ incidentId: 'a' }), entry({ incidentId: 'b' })];
    expect(appendAuditEntry(many, entry({ incidentId: 'c' }), now, 2).map((e) => e.incidentId)).toEqual(['b', 'c']);
  });

  it('reads a stored log entry by entry: an unreadable entry is dropped, not the log', () => {
    expect(parseAuditLog([entry(), { time: 'yesterday' }, 'junk'])).toEqual([entry()]);
    expect(parseAuditLog('junk')).toEqual([]);
  });

  it('exports CSV with quotes doubled and formula prefixes neutralised', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const prefix of ['+', '-', '@']) expect(csvField(`${prefix}1`)).toBe(`"'${prefix}1"`);
    for (const lead of ['\t', '\r']) expect(csvField(`${lead}x`)).toBe(`"'${lead}x"`);
    const csv = auditCsv([entry({ upn: '@evil', message: 'said "hi"' })]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('"Time","User","Tenant","Tenant key","Incident","Task","Action","Before","After","Result","Message"');
    expect(row).toContain(`"'@evil"`);
    expect(row).toContain('"status: active; assignedTo: (none); classification: unknown"');
    expect(row).toContain('"said ""hi"""');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('neutralises a formula after leading spaces or line breaks, and leaves other text as it is', () => {
    expect(csvField(' =1+1')).toBe(`"' =1+1"`);
    expect(csvField('  @SUM(A1)')).toBe(`"'  @SUM(A1)"`);
    expect(csvField('\n-2+3')).toBe(`"'\n-2+3"`);
    expect(csvField('\u00a0+1')).toBe(`"'\u00a0+1"`);
    expect(csvField(' a=b')).toBe('" a=b"');
    expect(csvField('a -1')).toBe('"a -1"');
    expect(csvField('   ')).toBe('"   "');
    expect(csvField('')).toBe('""');
  });
});
