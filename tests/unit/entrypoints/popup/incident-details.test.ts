import { describe, expect, it } from 'vitest';
import { assigneeTexts } from '@/entrypoints/popup/incident-details';

describe("who in the team has the popup's queue rows", () => {
  it('names a colleague, says "you" for the signed-in analyst, and nothing for nobody in the team', () => {
    const assignedTo = new Map([
      ['a', 'jordan.lee@woodgrove-mssp.example'],
      ['b', 'Analyst@Woodgrove-MSSP.example'],
      ['c', 'Defender Experts'],
      ['d', ''],
    ]);
    const who = assigneeTexts(assignedTo, { you: 'analyst@woodgrove-mssp.example' });
    expect([...who]).toEqual([
      ['a', 'jordan.lee@woodgrove-mssp.example'],
      ['b', 'you'],
    ]);
  });

  it("counts the team's extra aliases as nobody in the team", () => {
    const who = assigneeTexts(new Map([['a', 'Contoso SOC']]), { you: null, extraAliases: { defenderExperts: [], customer: ['Contoso SOC'] } });
    expect(who.size).toBe(0);
    expect(assigneeTexts(new Map([['a', 'Contoso SOC']]), { you: null }).get('a')).toBe('Contoso SOC');
  });
});
