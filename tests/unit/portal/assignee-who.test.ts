import { describe, expect, it } from 'vitest';
import { assignedLine, assigneeText, assigneeWho, partnerWhoLabel, partnerWhoseMove } from '@/utils/portal/assignee-who';
import { chipFace, chipPopoverLines, type ChipVerbHandoff } from '@/utils/portal/chip-verb';

const you = 'analyst@woodgrove-mssp.example';
const noPerson = (name: string) => ['defender experts', 'customer'].includes(name.trim().toLowerCase());

describe('who in the team has an incident', () => {
  it('is you only when assignedTo is the signed-in UPN (trimmed, case-insensitive)', () => {
    expect(assigneeWho(you, you)).toEqual({ kind: 'you', name: null });
    expect(assigneeWho('  Analyst@Woodgrove-MSSP.example ', you)).toEqual({ kind: 'you', name: null });
  });

  it('is a colleague, named as Graph has it (whitespace collapsed), for any other person', () => {
    expect(assigneeWho('jordan@woodgrove-mssp.example', you)).toEqual({ kind: 'colleague', name: 'jordan@woodgrove-mssp.example' });
    expect(assigneeWho(' Jordan   Lee ', you)).toEqual({ kind: 'colleague', name: 'Jordan Lee' });
    // Signed out: nobody is "you".
    expect(assigneeWho(you, null)).toEqual({ kind: 'colleague', name: you });
  });

  it('is nobody when unassigned, blank, or an account of no person (Defender Experts, Customer)', () => {
    expect(assigneeWho(null, you)).toEqual({ kind: 'unassigned', name: null });
    expect(assigneeWho('   ', you)).toEqual({ kind: 'unassigned', name: null });
    expect(assigneeWho(undefined, you, noPerson)).toEqual({ kind: 'unassigned', name: null });
    expect(assigneeWho('Defender Experts', you, noPerson)).toEqual({ kind: 'unassigned', name: null });
    expect(assigneeWho('Customer', you, noPerson)).toEqual({ kind: 'unassigned', name: null });
    expect(assigneeWho('Customer', you)).toEqual({ kind: 'colleague', name: 'Customer' });
  });

  it('is said in words for the popover, the card and the queue', () => {
    expect(assigneeText({ kind: 'you', name: null })).toBe('you');
    expect(assigneeText({ kind: 'colleague', name: 'Jordan Lee' })).toBe('Jordan Lee');
    expect(assigneeText({ kind: 'unassigned', name: null })).toBe('nobody yet');
    expect(partnerWhoLabel({ kind: 'you', name: null })).toBe('You');
    expect(partnerWhoLabel({ kind: 'colleague', name: 'Jordan Lee' })).toBe('Jordan Lee (your team)');
    expect(partnerWhoLabel({ kind: 'unassigned', name: null })).toBe('Your team (nobody assigned)');
    expect(partnerWhoLabel(undefined)).toBe('You');
    expect(partnerWhoseMove({ kind: 'colleague', name: 'Jordan Lee' })).toBe('a colleague’s move');
    expect(partnerWhoseMove({ kind: 'unassigned', name: null })).toBe('your move');
    expect(partnerWhoseMove(undefined)).toBe('your move');
    expect(partnerWhoseMove({ kind: 'you', name: null })).toBe('your move');
    expect(assignedLine({ kind: 'colleague', name: 'Jordan Lee' })).toBe('Assigned to Jordan Lee (your team)');
    expect(assignedLine({ kind: 'you', name: null })).toBeNull();
    expect(assignedLine({ kind: 'unassigned', name: null })).toBeNull();
    expect(assignedLine(undefined)).toBeNull();
  });
});

describe('the chip says who', () => {
  const handoff: ChipVerbHandoff = {
    owner: 'partner',
    area: 'incidentInvestigation',
    stepSince: '2024-03-01T09:00:00Z',
    partnerAction: { kind: 'triage', text: 'Investigate it' },
    redirectIncidentId: null,
  };
  const at = Date.parse('2024-03-01T12:00:00Z');

  it('names the colleague in the popover’s Who line, and never says "You" for them', () => {
    const lines = chipPopoverLines({ ...handoff, assignee: { kind: 'colleague', name: 'Jordan Lee' } }, undefined);
    expect(lines).toEqual(['Investigate it', 'Who: Jordan Lee (your team)']);
    expect(chipPopoverLines({ ...handoff, assignee: { kind: 'you', name: null } }, undefined)[1]).toBe('Who: You');
    // Defender Experts' step is theirs whoever the name on it.
    const theirs = { ...handoff, owner: 'defenderExperts' as const, partnerAction: null, assignee: { kind: 'colleague' as const, name: 'X' } };
    expect(chipPopoverLines(theirs, undefined)[1]).toBe('Who: Defender Experts');
  });

  it('says whose move in the accessible name', () => {
    expect(chipFace({ ...handoff, assignee: { kind: 'colleague', name: 'Jordan Lee' } }, at).label).toBe(
      'Triage 3h — a colleague’s move, waiting 3 hours',
    );
    expect(chipFace({ ...handoff, assignee: { kind: 'you', name: null } }, at).label).toBe('Triage 3h — your move, waiting 3 hours');
  });
});
