import { describe, expect, it } from 'vitest';
import { awaitingQueueLimit, awaitingQueueOf, compareAwaiting } from '@/utils/sync/awaiting-queue';
import type { CachedIncident } from '@/utils/sync/cached-incident';
import { emptyTenantCache } from '@/utils/sync/tenant-cache';
import { summaryEntryOf } from '@/utils/sync/tenant-summaries';

type Kind = 'act' | 'review' | 'triage' | null;

function cached(id: string, severity: CachedIncident['incident']['severity'], since: string, kind: Kind, extra: Partial<CachedIncident['incident']> = {}): CachedIncident {
  return {
    incident: {
      id,
      tenantId: 't',
      displayName: `Incident ${id}`,
      status: kind === 'act' ? 'awaitingAction' : 'active',
      severity,
      classification: 'unknown',
      determination: null,
      assignedTo: kind === 'act' ? 'Customer' : null,
      createdDateTime: '2026-11-01T00:00:00Z',
      lastUpdateDateTime: since,
      incidentWebUrl: null,
      redirectIncidentId: null,
      systemTags: [],
      customTags: [],
      description: null,
      recommendedActions: null,
      recommendedHuntingQueries: [],
      huntingGenerated: false,
      ...extra,
    },
    handoff: {
      incidentId: id,
      tenantId: 't',
      rule: kind === 'act' ? 'awaitingAction' : 'partnerOpen',
      area: kind === 'act' ? 'incidentRemediation' : 'incidentTriage',
      owner: 'partner',
      inDefenderExpertsScope: kind === 'act',
      partnerAction: kind ? { kind, text: 'Do it' } : null,
      redirectIncidentId: null,
      stepSince: since,
      timeInStepMs: 0,
    },
  };
}

const byId = (...entries: CachedIncident[]) => Object.fromEntries(entries.map((entry) => [entry.incident.id, entry]));

describe('a tenant’s awaiting queue', () => {
  it('lists only the partner’s act items, most severe first, then the longest waiting', () => {
    const queue = awaitingQueueOf(
      byId(
        cached('1', 'medium', '2026-11-20T00:00:00Z', 'act'),
        cached('2', 'high', '2026-11-25T00:00:00Z', 'act'),
        cached('3', 'high', '2026-11-21T00:00:00Z', 'act'),
        cached('4', 'high', '2026-11-01T00:00:00Z', 'review'),
        cached('5', 'high', '2026-11-01T00:00:00Z', 'triage'),
        cached('6', 'high', '2026-11-01T00:00:00Z', null),
      ),
      10,
    );
    expect(queue.map((item) => item.incidentId)).toEqual(['3', '2', '1']);
    expect(queue[0]).toEqual({
      incidentId: '3',
      severity: 'high',
      since: '2026-11-21T00:00:00Z',
      rule: 'awaitingAction',
    });
  });

  it('keeps at most the limit, and no incident text (the summaries sit where Firefox content scripts read)', () => {
    const many = Array.from({ length: 10 }, (_, index) =>
      cached(String(index), 'low', `2026-11-${String(10 + index)}T00:00:00Z`, 'act', {
        displayName: `Secret title ${index}`,
        assignedTo: 'colleague@partner.example',
      }),
    );
    const queue = awaitingQueueOf(byId(...many));
    expect(queue).toHaveLength(awaitingQueueLimit);
    expect(queue.map((item) => item.incidentId)).toEqual(['0', '1', '2']);
    expect(JSON.stringify(queue)).not.toMatch(/Secret title|colleague@/);
  });

  it('orders unknown severities last and equal items by id, whatever the input order', () => {
    const items = [
      { incidentId: 'b', severity: 'low' as const, since: '2026-11-01T00:00:00Z' },
      { incidentId: 'a', severity: 'low' as const, since: '2026-11-01T00:00:00Z' },
      { incidentId: 'c', severity: 'unknownFutureValue' as const, since: '2020-01-01T00:00:00Z' },
      { incidentId: 'd', severity: 'informational' as const, since: '2026-11-30T00:00:00Z' },
    ];
    expect([...items].sort(compareAwaiting).map((item) => item.incidentId)).toEqual(['a', 'b', 'd', 'c']);
    expect([...items].reverse().sort(compareAwaiting).map((item) => item.incidentId)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('is computed into the tenant’s summary entry', () => {
    const cache = { ...emptyTenantCache('t'), incidents: byId(cached('7', 'high', '2026-11-21T00:00:00Z', 'act'), cached('8', 'low', '2026-11-21T00:00:00Z', 'review')) };
    expect(summaryEntryOf(cache).awaitingQueue.map((item) => item.incidentId)).toEqual(['7']);
  });
});
