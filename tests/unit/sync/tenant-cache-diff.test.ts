import { describe, expect, it } from 'vitest';
import { parseIncident } from '@/utils/domain/parse-incidents';
import { cachedIncidentFrom } from '@/utils/sync/replace-cached-incident';
import { incidentChanges, isNewerIncident, sameCachedIncident } from '@/utils/sync/tenant-cache-diff';
import { demoTenants } from '../../fixtures/demo-tenants';

const now = new Date('2026-11-27T12:00:00Z');
const contoso = demoTenants(now).customers[0]!;

function entryFor(id: string, at: Date, changes: Record<string, unknown> = {}) {
  const parsed = parseIncident({ ...contoso.incidents.find((incident) => incident['id'] === id), ...changes });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return cachedIncidentFrom(parsed.incident, 'xdr', at);
}

describe('what a poll changed in a tenant cache', () => {
  it('is not the clock: the same incident classified ten minutes later is the same', () => {
    const before = entryFor('1002', now);
    const later = entryFor('1002', new Date(now.getTime() + 600_000));
    expect(later.handoff.timeInStepMs).not.toBe(before.handoff.timeInStepMs);
    expect(sameCachedIncident(before, later)).toBe(true);
    expect(incidentChanges({ '1002': before }, { '1002': later })).toEqual({ changed: [], removed: [] });
  });

  it('is an incident or handoff that changed, a new incident, or one dropped', () => {
    const before = { '1002': entryFor('1002', now), '1008': entryFor('1008', now) };
    const resolved = entryFor('1002', now, { status: 'resolved', lastUpdateDateTime: '2026-11-27T11:59:00Z' });
    const reassigned = entryFor('1008', now, { assignedTo: 'someone@woodgrove.example' });
    expect(sameCachedIncident(before['1002'], resolved)).toBe(false);
    expect(sameCachedIncident(before['1008'], reassigned)).toBe(false);
    expect(incidentChanges(before, { '1002': resolved })).toEqual({ changed: [resolved], removed: ['1008'] });
  });

  it('knows which of two versions Graph updated later', () => {
    const older = entryFor('1002', now, { lastUpdateDateTime: '2026-11-27T10:00:00Z' });
    const newer = entryFor('1002', now, { lastUpdateDateTime: '2026-11-27T11:00:00Z' });
    expect(isNewerIncident(newer, older)).toBe(true);
    expect(isNewerIncident(older, newer)).toBe(false);
  });
});
