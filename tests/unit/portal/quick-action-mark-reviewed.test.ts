import { describe, expect, it } from 'vitest';
import { quickActionAvailability, writingQuickActions, type QuickActionSubject } from '@/utils/portal/quick-action-rules';

function subject(partnerAction: { kind: string } | null, overrides: Partial<QuickActionSubject> = {}): QuickActionSubject {
  return {
    incident: { status: 'resolved', assignedTo: null, redirectIncidentId: null },
    handoff: { owner: 'partner', inDefenderExpertsScope: true, partnerAction },
    username: 'analyst@woodgrove-mssp.example',
    writeAccess: { allowed: true, reason: null },
    ...overrides,
  };
}

describe('Mark reviewed', () => {
  it('is offered on a review only', () => {
    expect(quickActionAvailability('markReviewed', subject({ kind: 'review' }))).toEqual({ state: 'enabled' });
    expect(quickActionAvailability('markReviewed', subject({ kind: 'act' }))).toEqual({ state: 'hidden' });
    expect(quickActionAvailability('markReviewed', subject({ kind: 'triage' }))).toEqual({ state: 'hidden' });
    expect(quickActionAvailability('markReviewed', subject(null))).toEqual({ state: 'hidden' });
    expect(quickActionAvailability('markReviewed', subject(undefined as never))).toEqual({ state: 'hidden' });
  });

  it('stays offered without write access (the worker keeps the mark on this browser), but not on a merged incident', () => {
    const reader = { writeAccess: { allowed: false, reason: 'Read-only in Fabrikam.' } };
    expect(quickActionAvailability('markReviewed', subject({ kind: 'review' }, reader))).toEqual({ state: 'enabled' });
    const merged = { incident: { status: 'redirected' as const, assignedTo: null, redirectIncidentId: '1001' } };
    expect(quickActionAvailability('markReviewed', subject({ kind: 'review' }, merged))).toEqual({
      state: 'disabled',
      reason: 'Merged into incident 1001: act there.',
    });
  });

  it('is no Graph-only write: it is not among the actions write access turns off', () => {
    expect(writingQuickActions.has('markReviewed')).toBe(false);
  });
});
