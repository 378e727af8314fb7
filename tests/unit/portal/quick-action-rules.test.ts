import { describe, expect, it } from 'vitest';
import {
  describeIncidentChanges,
  determinationsByClassification,
  incidentChanges,
  isAssignedTo,
  isDeterminationOf,
  quickActionAvailability,
  quickActionIds,
  quickActionRules,
  resolveClassifications,
  writingQuickActions,
  type QuickActionSubject,
  withoutRun,
} from '@/utils/portal/quick-action-rules';

const upn = 'analyst@woodgrove-mssp.example';

function subject(overrides: {
  incident?: Partial<QuickActionSubject['incident']>;
  handoff?: Partial<QuickActionSubject['handoff']>;
  username?: string | null;
  writeAccess?: QuickActionSubject['writeAccess'];
} = {}): QuickActionSubject {
  return {
    incident: { status: 'active', assignedTo: null, redirectIncidentId: null, ...overrides.incident },
    handoff: { owner: 'partner', inDefenderExpertsScope: false, ...overrides.handoff },
    username: overrides.username === undefined ? upn : overrides.username,
    writeAccess: overrides.writeAccess ?? { allowed: true, reason: null },
  };
}

const readOnly = { allowed: false, reason: 'Read-only in Fabrikam.' };

describe('quick action rules', () => {
  it('offers every writing action on the partner’s own open incident outside Defender Experts’ scope', () => {
    for (const action of writingQuickActions) expect(quickActionAvailability(action, subject())).toEqual({ state: 'enabled' });
    expect(quickActionAvailability('refresh', subject())).toEqual({ state: 'enabled' });
  });

  it('lets the partner assign to themselves only incidents outside Defender Experts’ scope (the reference’s triage row)', () => {
    const inScope = subject({ handoff: { inDefenderExpertsScope: true, owner: 'partner' } });
    expect(quickActionAvailability('assignToMe', inScope)).toEqual({
      state: 'disabled',
      reason: "In Defender Experts' scope: partners assign themselves only incidents outside it.",
    });
    // ...but an in-scope incident awaiting the partner's action may be resolved by the partner.
    expect(quickActionAvailability('resolve', inScope)).toEqual({ state: 'enabled' });
  });

  it('says when the incident is already the analyst’s, whatever the case of the name', () => {
    expect(quickActionAvailability('assignToMe', subject({ incident: { assignedTo: 'Analyst@Woodgrove-MSSP.example ' } }))).toEqual({
      state: 'disabled',
      reason: 'Already assigned to you.',
    });
    expect(isAssignedTo(upn.toUpperCase(), ` ${upn} `)).toBe(true);
    expect(isAssignedTo('someone@else.example', upn)).toBe(false);
    expect(isAssignedTo(null, upn)).toBe(false);
    expect(isAssignedTo(upn, null)).toBe(false);
  });

  it('does not let the partner resolve a step Defender Experts own', () => {
    expect(quickActionAvailability('resolve', subject({ handoff: { owner: 'defenderExperts', inDefenderExpertsScope: true } }))).toEqual({
      state: 'disabled',
      reason: 'Defender Experts own this step: they investigate, classify and resolve it.',
    });
  });

  it('hides assign and resolve on a resolved incident, and keeps comments', () => {
    const resolved = subject({ incident: { status: 'resolved' }, handoff: { owner: 'none' } });
    expect(quickActionAvailability('assignToMe', resolved)).toEqual({ state: 'hidden' });
    expect(quickActionAvailability('resolve', resolved)).toEqual({ state: 'hidden' });
    expect(quickActionAvailability('comment', resolved)).toEqual({ state: 'enabled' });
  });

  it('never writes to a redirected incident: every writing action is disabled with where to go', () => {
    const merged = subject({ incident: { status: 'redirected', redirectIncidentId: '1001' }, handoff: { owner: 'none' } });
    for (const action of writingQuickActions) {
      expect(quickActionAvailability(action, merged)).toEqual({ state: 'disabled', reason: 'Merged into incident 1001: act there.' });
    }
    expect(quickActionAvailability('refresh', merged)).toEqual({ state: 'enabled' });
    const mergedSomewhere = subject({ incident: { status: 'redirected', redirectIncidentId: null }, handoff: { owner: 'none' } });
    expect(quickActionAvailability('comment', mergedSomewhere)).toEqual({ state: 'disabled', reason: 'Merged into another incident: act there.' });
  });

  it('disables every writing action without write access, with the background’s reason, and still refreshes', () => {
    for (const action of writingQuickActions) {
      expect(quickActionAvailability(action, subject({ writeAccess: readOnly }))).toEqual({ state: 'disabled', reason: 'Read-only in Fabrikam.' });
    }
    expect(quickActionAvailability('refresh', subject({ writeAccess: readOnly }))).toEqual({ state: 'enabled' });
  });

  it('offers “open hunting query” whenever the guidance has queries (a read: no write access needed), not on a merged incident', () => {
    // The queries themselves come from Graph beta's hunting guidance: the rule never reads the v1.0 incident.
    expect(quickActionAvailability('openHuntingQuery', subject())).toEqual({ state: 'enabled' });
    expect(quickActionAvailability('openHuntingQuery', subject({ writeAccess: readOnly }))).toEqual({ state: 'enabled' });
    const merged = subject({ incident: { status: 'redirected', redirectIncidentId: '1001' } });
    expect(quickActionAvailability('openHuntingQuery', merged).state).not.toBe('enabled');
  });


  it('has a rule list for every action, each ending in a rule that always matches', () => {
    // quickActionAvailability falls back to "hidden" when no rule matches: check the rules themselves.
    const subjects = [
      subject(),
      subject({ incident: { status: 'resolved' }, handoff: { owner: 'none' } }),
      subject({ incident: { status: 'redirected', redirectIncidentId: null }, handoff: { owner: 'none' } }),
      subject({ handoff: { owner: 'defenderExperts', inDefenderExpertsScope: true }, writeAccess: readOnly, username: null }),
    ];
    for (const action of quickActionIds) {
      const last = quickActionRules[action].at(-1);
      expect(last, action).toBeDefined();
      for (const candidate of subjects) expect(last!.when(candidate), action).toBe(true);
      expect(last!.then(subject()), action).toEqual({ state: 'enabled' });
    }
  });
});

describe('changed since shown', () => {
  const shown = { status: 'active', assignedTo: null, lastUpdateDateTime: '2026-11-27T10:00:00.1234567Z' } as const;

  it('finds nothing when status, assignee and last update are as shown', () => {
    expect(incidentChanges(shown, { ...shown })).toEqual([]);
  });

  it('lists each field that changed, and says nothing was written', () => {
    const changes = incidentChanges(shown, { status: 'inProgress', assignedTo: 'jordan@example', lastUpdateDateTime: '2026-11-27T11:00:00Z' });
    expect(changes.map((change) => change.field)).toEqual(['status', 'assignedTo', 'lastUpdateDateTime']);
    const text = describeIncidentChanges(changes);
    expect(text).toContain('status active → inProgress');
    expect(text).toContain('assigned to (nobody) → jordan@example');
    expect(text).toContain('Nothing was written');
  });

  it('says the whole change, each field apart, and "(nobody)" for an assignee removed', () => {
    const changes = incidentChanges({ ...shown, assignedTo: 'jordan@example' }, { ...shown, status: 'resolved', assignedTo: null });
    expect(describeIncidentChanges(changes)).toBe(
      'This incident changed since it was shown (status active → resolved; assigned to jordan@example → (nobody)). Nothing was written: check it and try again.',
    );
  });

  it('counts a newer last update alone as a change (a comment, a tag, anything)', () => {
    expect(incidentChanges(shown, { ...shown, lastUpdateDateTime: '2026-11-27T10:00:00.1234568Z' })).toHaveLength(1);
  });
});

describe('resolve choices', () => {
  it('offers the classifications Graph accepts for a resolved incident, each with its determinations', () => {
    expect(resolveClassifications).not.toContain('unknown');
    for (const classification of resolveClassifications) {
      expect(determinationsByClassification[classification].length).toBeGreaterThan(0);
      expect(determinationsByClassification[classification]).toContain('other');
    }
    expect(isDeterminationOf('falsePositive', 'notMalicious')).toBe(true);
    expect(isDeterminationOf('falsePositive', 'malware')).toBe(false);
  });
});

describe('withoutRun (response actions forbidden by policy)', () => {
  it('takes Run away only where the policy forbids it, leaving the rest of the task as it was', () => {
    const task = { id: '213213', canRun: true, canMarkCompleted: false };
    expect(withoutRun(task, true)).toEqual({ id: '213213', canRun: false, canMarkCompleted: false });
    expect(withoutRun(task, false)).toBe(task);
    const notRunnable = { id: '1', canRun: false };
    expect(withoutRun(notRunnable, true)).toBe(notRunnable);
  });
});
