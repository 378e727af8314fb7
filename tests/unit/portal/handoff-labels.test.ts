import { describe, expect, it } from 'vitest';
import {
  compactDuration,
  handoffChipDetails,
  handoffChipText,
  scopeLabel,
  shortStepLabel,
  timeInStepMs,
} from '@/utils/portal/handoff-labels';

const now = Date.parse('2026-11-27T12:00:00Z');
const partnerHandoff = {
  owner: 'partner' as const,
  stepSince: '2026-11-27T09:00:00Z',
  partnerAction: { kind: 'act' as const, text: 'Act on the remediation actions, then resolve the incident' },
  redirectIncidentId: null,
};

describe('chip and panel wording', () => {
  it('shortens steps to one word and durations to a chip’s room', () => {
    expect(shortStepLabel('Incident triage')).toBe('Triage');
    expect(shortStepLabel('Hunting')).toBe('Hunting');
    expect(shortStepLabel('Merged')).toBe('Merged');
    expect([0, 59_000, 60_000, 59 * 60_000, 3600_000, 47 * 3600_000, 48 * 3600_000, -5].map(compactDuration)).toEqual([
      'now',
      'now',
      '1m',
      '59m',
      '1h',
      '47h',
      '2d',
      'now',
    ]);
  });

  it('measures time in step from the step’s start, never negative or NaN', () => {
    expect(timeInStepMs('2026-11-27T09:00:00Z', now)).toBe(3 * 3600_000);
    expect(timeInStepMs('2026-11-28T09:00:00Z', now)).toBe(0);
    expect(timeInStepMs('not a date', now)).toBe(0);
  });

  it('names owner, step and time on a chip, with one sentence for assistive technology', () => {
    expect(handoffChipText(partnerHandoff, 'Incident remediation', now)).toEqual({
      owner: 'You',
      step: 'Remediation',
      time: '3h',
      label: 'Handoff: You own this step, Incident remediation, 3 hours in step',
    });
    const closed = handoffChipText({ ...partnerHandoff, owner: 'none', partnerAction: null }, 'Closed', now);
    expect(closed).toEqual({ owner: 'No one', step: 'Closed', time: null, label: 'Handoff: nobody’s move, Closed' });
  });

  it('puts the partner’s action and the matrix duties in the chip’s popover', () => {
    const duties = { title: 'Incident triage', defenderExperts: ['Assign in-scope incidents in Defender queue to Defender Experts.'], partner: [] };
    expect(handoffChipDetails({ ...partnerHandoff, owner: 'defenderExperts', partnerAction: null }, duties)).toEqual([
      'Your action: none right now',
      'Defender Experts: Assign in-scope incidents in Defender queue to Defender Experts.',
      'You: (no action)',
    ]);
    expect(handoffChipDetails({ ...partnerHandoff, owner: 'none', partnerAction: null, redirectIncidentId: '1001' }, undefined)).toEqual([
      'Merged into incident 1001.',
      'Your action: none right now',
    ]);
  });

  it('words the scope for each service', () => {
    expect(scopeLabel(true, 'xdr')).toBe("In Defender Experts' scope");
    expect(scopeLabel(false, 'hunting')).toBe("Outside Defender Experts' scope: yours");
    expect(scopeLabel(false, 'none')).toBe('Yours: this tenant has no Defender Experts service');
  });
});
