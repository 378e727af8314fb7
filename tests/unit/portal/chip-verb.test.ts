import { describe, expect, it } from 'vitest';
import { classifyHandoff, handoffRules, type HandoffRuleId } from '@/utils/domain/classify-handoff';
import { graphIncidentSchema } from '@/utils/domain/incident-schema';
import type { TenantService } from '@/utils/domain/responsibility-matrix';
import { stepDuties } from '@/utils/domain/step-duties';
import { chipAction, chipFace, chipPopoverLines, chipVerb, chipWanted, type ChipVerbHandoff } from '@/utils/portal/chip-verb';

const now = Date.parse('2026-11-27T12:00:00Z');
const hour = 3_600_000;

function handoff(overrides: Partial<ChipVerbHandoff> = {}): ChipVerbHandoff {
  return {
    owner: 'partner',
    area: 'incidentRemediation',
    stepSince: new Date(now - 3 * hour).toISOString(),
    partnerAction: { kind: 'act', text: 'Act on the remediation actions, then resolve the incident' },
    redirectIncidentId: null,
    ...overrides,
  };
}

/** Graph incidents that the real classifier puts under each rule of its table (classify-handoff.ts). */
const incidentsByRule: Record<HandoffRuleId, Record<string, unknown>> = {
  redirected: { status: 'redirected', redirectIncidentId: '1001' },
  awaitingAction: { status: 'awaitingAction', assignedTo: 'Customer' },
  huntingGenerated: { displayName: 'Defender Experts: Suspicious activity linked to a threat actor' },
  defenderExpertsTriage: { assignedTo: 'Defender Experts' },
  defenderExpertsInvestigation: { status: 'inProgress', assignedTo: 'Defender Experts' },
  resolvedByDefenderExperts: { status: 'resolved', systemTags: ['Defender Experts'] },
  partnerOpen: { status: 'inProgress', assignedTo: 'analyst@contoso.com' },
  closed: { status: 'resolved' },
};

function classified(rule: HandoffRuleId, service: TenantService = 'xdr') {
  const incident = graphIncidentSchema.parse({
    id: '1006',
    tenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    displayName: 'Suspicious sign-in activity',
    status: 'active',
    createdDateTime: '2026-11-24T10:00:00Z',
    lastUpdateDateTime: '2026-11-25T20:00:00Z',
    ...incidentsByRule[rule],
  });
  return classifyHandoff(incident, service, new Date(now));
}

describe('the chip’s verb, from the classifier', () => {
  it('follows every rule of the classifier’s table', () => {
    const verbs = Object.fromEntries(handoffRules.map((rule) => [rule.id, chipVerb(classified(rule.id))]));
    expect(verbs).toEqual({
      redirected: 'none',
      awaitingAction: 'act',
      huntingGenerated: 'act',
      defenderExpertsTriage: 'defenderExperts',
      defenderExpertsInvestigation: 'defenderExperts',
      resolvedByDefenderExperts: 'review',
      partnerOpen: 'triage',
      closed: 'none',
    });
  });

  it('says Review on a resolved Defender Experts incident awaiting the partner (it said "You Investigation 40h")', () => {
    const review = classified('resolvedByDefenderExperts');
    expect(review).toMatchObject({ owner: 'partner', area: 'incidentInvestigation' });
    expect(chipFace(review, now)).toEqual({
      verb: 'review',
      text: 'Review',
      time: '40h',
      label: 'Review 40h — your move, waiting 40 hours',
    });
  });

  it('falls back to Act for a partner step without a named action, never to nothing', () => {
    expect(chipVerb({ owner: 'partner', partnerAction: null })).toBe('act');
    expect(chipVerb({ owner: 'defenderExperts', partnerAction: { kind: 'review', text: 'x' } })).toBe('defenderExperts');
    expect(chipVerb({ owner: 'none', partnerAction: { kind: 'act', text: 'x' } })).toBe('none');
  });

  it('draws closed and merged incidents only when asked', () => {
    expect(chipWanted({ owner: 'none' }, false)).toBe(false);
    expect(chipWanted({ owner: 'none' }, true)).toBe(true);
    expect(chipWanted({ owner: 'partner' }, false)).toBe(true);
    expect(chipWanted({ owner: 'defenderExperts' }, false)).toBe(true);
  });
});

describe('what the chip shows and says', () => {
  it('shows the verb and the time in step; its name starts with exactly that and stays under 60 characters', () => {
    const faces = [
      chipFace(handoff(), now),
      chipFace(handoff({ partnerAction: { kind: 'triage', text: 'Triage it: assign it to yourself' }, stepSince: new Date(now - 20_000).toISOString() }), now),
      chipFace(handoff({ owner: 'defenderExperts', partnerAction: null, stepSince: new Date(now - 13 * 24 * hour).toISOString() }), now),
      chipFace(handoff({ owner: 'partner', stepSince: new Date(now - 61_000).toISOString() }), now),
    ];
    expect(faces.map(({ verb, text, time, label }) => ({ verb, visible: `${text} ${time}`, label }))).toEqual([
      { verb: 'act', visible: 'Act 3h', label: 'Act 3h — your move, waiting 3 hours' },
      { verb: 'triage', visible: 'Triage now', label: 'Triage now — your move, just arrived' },
      { verb: 'defenderExperts', visible: 'Experts 13d', label: 'Experts 13d — Defender Experts’ move, waiting 13 days' },
      { verb: 'act', visible: 'Act 1m', label: 'Act 1m — your move, waiting 1 minute' },
    ]);
    for (const face of faces) expect(face.label.length).toBeLessThan(60);
  });

  it('has no time for closed and merged incidents (nobody waits), and names where a merged one went', () => {
    expect(chipFace(handoff({ owner: 'none', area: 'closed', partnerAction: null }), now)).toEqual({
      verb: 'none',
      text: 'Closed',
      time: null,
      label: 'Closed — nobody’s move',
    });
    expect(chipFace(handoff({ owner: 'none', area: 'merged', partnerAction: null, redirectIncidentId: '1001' }), now)).toEqual({
      verb: 'none',
      text: 'Merged',
      time: null,
      label: 'Merged — nobody’s move, see incident 1001',
    });
  });

  it('an unreadable step start reads as just arrived, never NaN', () => {
    expect(chipFace(handoff({ stepSince: 'not a date' }), now).label).toBe('Act now — your move, just arrived');
  });
});

describe('the popover', () => {
  it('leads with the action, then who owns which step, then the matrix duties', () => {
    const review = classified('resolvedByDefenderExperts');
    const lines = chipPopoverLines(review, stepDuties('xdr', review.area));
    expect(lines.slice(0, 2)).toEqual(['Review the investigation summary and validate the classification', 'Who: You · Incident investigation']);
    expect(lines[2]).toMatch(/^Defender Experts: \S/);
    expect(lines[3]).toMatch(/^You: \S/);
    expect(lines).toHaveLength(4);
  });

  it('says there is nothing to do when the step is Defender Experts’ or the incident is over', () => {
    expect(chipPopoverLines(handoff({ owner: 'defenderExperts', area: 'incidentTriage', partnerAction: null }), undefined)).toEqual([
      'Nothing for you now: Defender Experts have this step',
      'Who: Defender Experts',
    ]);
    const merged = classified('redirected');
    expect(chipPopoverLines(merged, stepDuties('xdr', merged.area))).toEqual(['Merged: continue in incident 1001', 'Who: No one · Merged']);
    expect(chipAction(handoff({ owner: 'none', area: 'merged', partnerAction: null }))).toBe('Merged into another incident');
    expect(chipAction(handoff({ owner: 'none', area: 'closed', partnerAction: null }))).toBe('Nothing to do: the incident is closed');
    expect(chipAction(handoff({ partnerAction: null }))).toBe('Your move');
  });
});
