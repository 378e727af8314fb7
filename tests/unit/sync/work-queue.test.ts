import { describe, expect, it } from 'vitest';
import { settingsSchema } from '@/utils/domain/settings';
import type { AwaitingItem } from '@/utils/sync/awaiting-queue';
import { emptyTenantCache } from '@/utils/sync/tenant-cache';
import { tenantLines } from '@/utils/sync/tenant-lines';
import { summaryEntryOf, type TenantSummaries } from '@/utils/sync/tenant-summaries';
import { incidentTitleKey, queueActionLabel, queueRowText, workQueueRows, type QueueIncident } from '@/utils/sync/work-queue';

const now = Date.parse('2026-12-01T12:00:00Z');
const guid = (n: number) => `0be4c400-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function item(incidentId: string, severity: AwaitingItem['severity'], hoursWaiting: number, rule: AwaitingItem['rule'] = 'awaitingAction'): AwaitingItem {
  return { incidentId, severity, since: new Date(now - hoursWaiting * 3_600_000).toISOString(), rule };
}

function entry(key: string, awaitingYou: number, queue: AwaitingItem[], synced = true) {
  const empty = emptyTenantCache(key);
  return {
    ...summaryEntryOf({ ...empty, lastSuccessAt: synced ? '2026-12-01T11:00:00Z' : null, status: { state: 'ok', message: null, retryAt: null }, summary: { ...empty.summary, awaitingYou } }),
    awaitingQueue: queue,
  };
}

const configured = settingsSchema.parse({
  tenants: ['Contoso', 'Fabrikam', 'Northwind', 'Adatum'].map((displayName, index) => ({ tenantId: guid(index + 1), displayName, service: 'xdr' })),
}).tenants;
const summaries: TenantSummaries = {
  [guid(1)]: entry(guid(1), 5, [item('11', 'high', 9), item('12', 'medium', 100), item('13', 'low', 1)]),
  [guid(2)]: entry(guid(2), 2, [item('21', 'high', 30, 'huntingGenerated'), item('22', 'medium', 2)]),
  [guid(3)]: entry(guid(3), 1, [item('31', 'high', 500)], false),
  // A tenant no longer configured is never listed.
  [guid(99)]: entry(guid(99), 1, [item('991', 'high', 999)]),
};
const lines = tenantLines(configured, summaries, new Date(now));

describe('My queue', () => {
  it('lists incidents across tenants by severity, then time waiting, then what is not listed', () => {
    const rows = workQueueRows(lines, summaries, now);
    expect(rows.map((row) => (row.kind === 'incident' ? row.item.incidentId : `more:${row.tenantName}:${row.count}`))).toEqual([
      '21',
      '11',
      '12',
      '22',
      '13',
      'more:Contoso:2',
    ]);
    // Northwind never synced successfully: its stored queue is not trusted.
    expect(rows.some((row) => row.tenantName === 'Northwind')).toBe(false);
  });

  it('says what and where in one line', () => {
    const [first, second] = workQueueRows(lines, summaries, now) as QueueIncident[];
    expect(second!.what).toBe('High · Contoso · Act on remediation · 9h');
    expect(first!.what).toBe('High · Fabrikam · Respond to hunting finding · 30h');
    expect(queueRowText({ item: item('x', 'unknown', 0.5), tenantName: 'Adatum' }, now)).toBe('Unknown severity · Adatum · Act on remediation · 30m');
    expect(queueActionLabel('partnerOpen')).toBe('Act');
  });

  it('filters by tenant name or incident title (the titles the popup read)', () => {
    const fabrikam = workQueueRows(lines, summaries, now, 'fabri');
    expect(fabrikam.map((row) => row.kind === 'incident' && row.item.incidentId)).toEqual(['21', '22']);
    const titles = new Map([
      [incidentTitleKey(guid(1), '12'), 'Title 12'],
      [incidentTitleKey(guid(2), '22'), 'Title 22'],
    ]);
    const byTitle = workQueueRows(lines, summaries, now, 'title 12', titles);
    expect(byTitle.map((row) => row.kind === 'incident' && row.item.incidentId)).toEqual(['12']);
    expect((byTitle[0] as QueueIncident).title).toBe('Title 12');
    // Without its title read, an incident is not found by it.
    expect(workQueueRows(lines, summaries, now, 'title 12')).toEqual([]);
    expect(workQueueRows(lines, summaries, now, 'nothing like this')).toEqual([]);
  });
});
