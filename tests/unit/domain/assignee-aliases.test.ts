import { describe, expect, it } from 'vitest';
import {
  assigneeAliasesSchema,
  defaultAssigneeAliases,
  extendAssigneeAliases,
  matchAssignee,
  normalizeAssigneeName,
} from '@/utils/domain/assignee-aliases';

describe('defaultAssigneeAliases', () => {
  it('lists the names Defender Experts and the customer are known to appear under', () => {
    expect(defaultAssigneeAliases.defenderExperts).toEqual([
      'Defender Experts',
      'Microsoft Defender Experts',
      'DefenderExperts',
    ]);
    expect(defaultAssigneeAliases.customer).toEqual(['Customer']);
    expect(assigneeAliasesSchema.safeParse(defaultAssigneeAliases).success).toBe(true);
  });
});

describe('matchAssignee', () => {
  it.each([
    ['Defender Experts', 'defenderExperts'],
    ['Microsoft Defender Experts', 'defenderExperts'],
    ['DefenderExperts', 'defenderExperts'],
    ['defender experts', 'defenderExperts'],
    ['DEFENDER EXPERTS', 'defenderExperts'],
    ['  Defender   Experts  ', 'defenderExperts'],
    ['Defender\tExperts', 'defenderExperts'],
    ['Defender\u00a0Experts', 'defenderExperts'],
    ['\nMicrosoft  Defender\nExperts ', 'defenderExperts'],
    ['defenderexperts', 'defenderExperts'],
    ['Customer', 'customer'],
    ['customer', 'customer'],
    [' CUSTOMER ', 'customer'],
    ['analyst@contoso-mssp.com', 'other'],
    ['Defender Experts Team', 'other'],
    ['Defender', 'other'],
    ['Customers', 'other'],
    ['', 'unassigned'],
    ['   ', 'unassigned'],
    [null, 'unassigned'],
    [undefined, 'unassigned'],
  ] as const)('%j is %s', (assignedTo, expected) => {
    expect(matchAssignee(assignedTo, defaultAssigneeAliases)).toBe(expected);
  });

  it('uses the default aliases when none are given', () => {
    expect(matchAssignee('Defender Experts')).toBe('defenderExperts');
  });

  it('uses only the aliases it is given', () => {
    const aliases = { defenderExperts: ['MDE Experts'], customer: ['Client'] };
    expect(matchAssignee('mde  experts', aliases)).toBe('defenderExperts');
    expect(matchAssignee('client', aliases)).toBe('customer');
    expect(matchAssignee('Defender Experts', aliases)).toBe('other');
    expect(matchAssignee('Customer', aliases)).toBe('other');
  });

  it('prefers Defender Experts when a name is in both lists', () => {
    expect(matchAssignee('Both', { defenderExperts: ['Both'], customer: ['both'] })).toBe('defenderExperts');
  });

  it('does not let a blank alias match anything', () => {
    expect(matchAssignee('x', { defenderExperts: [' '], customer: [''] })).toBe('other');
  });
});

describe('normalizeAssigneeName', () => {
  it('trims, collapses whitespace and lower-cases', () => {
    expect(normalizeAssigneeName('  Microsoft \t Defender\nExperts ')).toBe('microsoft defender experts');
  });
});

describe('extendAssigneeAliases', () => {
  it('adds configured aliases to the defaults, dropping duplicates and blanks', () => {
    const extended = extendAssigneeAliases({
      defenderExperts: ['defender experts', 'MDEx'],
      customer: ['Client', ' '],
    });
    expect(extended.defenderExperts).toEqual([...defaultAssigneeAliases.defenderExperts, 'MDEx']);
    expect(extended.customer).toEqual(['Customer', 'Client']);
    expect(matchAssignee('mdex', extended)).toBe('defenderExperts');
    expect(matchAssignee('client', extended)).toBe('customer');
  });

  it('does not change the defaults', () => {
    extendAssigneeAliases({ defenderExperts: ['X'], customer: ['Y'] });
    expect(defaultAssigneeAliases.defenderExperts).not.toContain('X');
  });
});

describe('assigneeAliasesSchema', () => {
  it('trims aliases and rejects blank or oversized ones (a setting is validated with it)', () => {
    expect(assigneeAliasesSchema.parse({ defenderExperts: [' A '], customer: [] })).toEqual({
      defenderExperts: ['A'],
      customer: [],
    });
    expect(assigneeAliasesSchema.safeParse({ defenderExperts: [' '], customer: [] }).success).toBe(false);
    expect(assigneeAliasesSchema.safeParse({ defenderExperts: ['x'.repeat(257)], customer: [] }).success).toBe(false);
    expect(assigneeAliasesSchema.safeParse({ defenderExperts: ['A'] }).success).toBe(false);
  });
});
