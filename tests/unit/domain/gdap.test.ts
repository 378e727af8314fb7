import { describe, expect, it } from 'vitest';
import { gdapAccess, gdapCustomersFrom, heldThrough, memberGroupsFrom, usableRelationships, type GdapAccessInput } from '@/utils/domain/gdap';
import type { DelegatedAdminAccessAssignmentJson, DelegatedAdminRelationshipJson } from '../../fakes/graph-contract';

const reader = '5d6b6bb7-de71-4623-b4af-96380a352509';
const operator = '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f';
const globalReader = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';
const readers = { id: 'a0000000-0000-4000-8000-00000000000a', displayName: 'SOC readers' };
const operators = { id: 'b0000000-0000-4000-8000-00000000000b', displayName: 'SOC operators' };

function relationship(id: string, tenantId: string, roles: string[], extra: Partial<DelegatedAdminRelationshipJson> = {}) {
  return {
    id,
    displayName: `GDAP ${id}`,
    status: 'active',
    customer: { tenantId, displayName: `Customer ${tenantId.slice(0, 4)}` },
    accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    ...extra,
  } satisfies DelegatedAdminRelationshipJson;
}

function assignment(group: { id: string }, roles: string[], status: DelegatedAdminAccessAssignmentJson['status'] = 'active') {
  return {
    id: `${group.id}-${roles.length}`,
    status,
    accessContainer: { accessContainerId: group.id, accessContainerType: 'securityGroup' },
    accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
  } satisfies DelegatedAdminAccessAssignmentJson;
}

const aaaa = 'aaaa0000-0000-4000-8000-000000000001';
const bbbb = 'bbbb0000-0000-4000-8000-000000000002';
const cccc = 'cccc0000-0000-4000-8000-000000000003';

/** Every relationship's assignments known, the analyst in the given groups. */
function input(relationships: unknown[], assignments: Record<string, unknown[] | null>, groups: unknown[] | null): GdapAccessInput {
  return { relationships, assignments: new Map(Object.entries(assignments)), groups };
}

describe('gdapCustomersFrom', () => {
  it('tells the roles held through the analyst’s groups from those only requested', () => {
    const { customers } = gdapCustomersFrom(
      input(
        [relationship('r1', aaaa, [reader, operator]), relationship('r2', bbbb, [reader, operator, globalReader])],
        {
          r1: [assignment(operators, [reader, operator])],
          // The relationship requests Operator, but the analyst is only in the readers' group.
          r2: [assignment(readers, [reader]), assignment({ id: 'c0000000-0000-4000-8000-00000000000c' }, [operator])],
        },
        [readers, operators],
      ),
    );
    expect(customers.map((c) => [c.tenantId.slice(0, 4), c.securityRoles, c.heldRoles, c.access])).toEqual([
      ['aaaa', ['Security Reader', 'Security Operator'], [
        { role: 'Security Reader', via: ['SOC operators'] },
        { role: 'Security Operator', via: ['SOC operators'] },
      ], 'readWrite'],
      ['bbbb', ['Security Reader', 'Security Operator'], [{ role: 'Security Reader', via: ['SOC readers'] }], 'readOnly'],
    ]);
  });

  it('counts active assignments only, and never more than the relationship requests', () => {
    const { customers } = gdapCustomersFrom(
      input(
        [relationship('r1', aaaa, [reader])],
        { r1: [assignment(operators, [operator]), assignment(operators, [reader, operator], 'deleted'), assignment(readers, [reader], 'pending')] },
        [readers, operators],
      ),
    );
    expect(customers[0]).toMatchObject({ heldRoles: [], access: 'none' });
  });

  it('keeps an expiring relationship as active, and says so', () => {
    const endDateTime = '2026-12-09T10:00:00Z';
    const { customers } = gdapCustomersFrom(
      input([relationship('r1', aaaa, [operator], { status: 'expiring', endDateTime })], { r1: [assignment(operators, [operator])] }, [operators]),
    );
    expect(customers[0]).toMatchObject({ access: 'readWrite', expiring: [{ displayName: 'GDAP r1', endDateTime }] });
  });

  it('does not guess: held roles unknown when the groups or the assignments could not be read', () => {
    const relationships = [relationship('r1', aaaa, [reader, operator]), relationship('r2', bbbb, [reader])];
    const noGroups = gdapCustomersFrom(input(relationships, { r1: [], r2: [] }, null)).customers;
    expect(noGroups.map((c) => [c.heldRoles, c.access])).toEqual([
      [null, 'unknown'],
      // Nothing that writes is requested: read-only at most, known without the groups.
      [null, 'readOnly'],
    ]);
    const noAssignments = gdapCustomersFrom(input(relationships, { r1: null, r2: [assignment(readers, [reader])] }, [readers])).customers;
    expect(noAssignments.map((c) => c.heldRoles)).toEqual([null, [{ role: 'Security Reader', via: ['SOC readers'] }]]);
  });

  it('merges several relationships with one customer, with the groups that give each role', () => {
    const tenant = 'AAAA0000-0000-4000-8000-000000000001';
    const { customers } = gdapCustomersFrom(
      input(
        [relationship('r1', tenant, [reader]), relationship('r2', tenant.toLowerCase(), [reader, operator])],
        { r1: [assignment(readers, [reader])], r2: [assignment(operators, [reader, operator])] },
        [readers, operators],
      ),
    );
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({
      securityRoles: ['Security Reader', 'Security Operator'],
      heldRoles: [
        { role: 'Security Reader', via: ['SOC readers', 'SOC operators'] },
        { role: 'Security Operator', via: ['SOC operators'] },
      ],
      access: 'readWrite',
      relationships: ['GDAP r1', 'GDAP r2'],
    });
  });

  it('leaves out relationships that give no access and skips unreadable ones', () => {
    const { customers, skipped } = gdapCustomersFrom(
      input(
        [
          relationship('r1', aaaa, [reader], { status: 'terminated' }),
          relationship('r3', cccc, [reader], { status: 'approvalPending' }),
          { id: 'broken' },
          null,
          'text',
          relationship('r2', bbbb, [reader]),
        ],
        { r2: [] },
        [],
      ),
    );
    expect(customers.map((c) => c.tenantId)).toEqual([bbbb]);
    expect(skipped).toBe(3);
  });
});

describe('the parts', () => {
  it('usableRelationships keeps active and expiring ones', () => {
    const { usable } = usableRelationships([
      relationship('r1', aaaa, [], { status: 'active' }),
      relationship('r2', aaaa, [], { status: 'expiring' }),
      relationship('r3', aaaa, [], { status: 'expired' }),
    ]);
    expect(usable.map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('memberGroupsFrom names groups where Graph gave a name, by lower-case id', () => {
    const groups = memberGroupsFrom([{ id: 'ABC', displayName: 'SOC' }, { id: 'def' }, { displayName: 'no id' }]);
    expect([...groups]).toEqual([
      ['abc', 'SOC'],
      ['def', null],
    ]);
    const held = heldThrough(
      usableRelationships([relationship('r1', aaaa, [reader])]).usable[0]!,
      [assignment({ id: 'DEF' }, [reader])],
      groups,
    );
    expect(held).toEqual([{ role: 'Security Reader', via: ['def'] }]);
  });

  it.each([
    [['Security Operator'], null, 'unknown'],
    [['Security Reader'], null, 'readOnly'],
    [[], null, 'none'],
    [['Security Operator'], [{ role: 'Security Reader', via: ['g'] }], 'readOnly'],
    [['Security Operator'], [{ role: 'Security Operator', via: ['g'] }], 'readWrite'],
    [['Security Operator'], [], 'none'],
  ] as const)('gdapAccess(%j, %j) is %s', (requested, held, access) => {
    expect(gdapAccess(requested, held === null ? null : held.map((entry) => ({ ...entry, via: [...entry.via] })))).toBe(access);
  });
});
