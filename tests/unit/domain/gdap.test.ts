import { describe, expect, it } from 'vitest';
import { gdapCustomersFrom } from '@/utils/domain/gdap';

const reader = '5d6b6bb7-de71-4623-b4af-96380a352509';
const operator = '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f';
const globalReader = 'f2ef992c-3afb-46b9-b7cf-a126ee74c451';

function relationship(id: string, tenantId: string, roles: string[], extra: Record<string, unknown> = {}) {
  return {
    id,
    displayName: `GDAP ${id}`,
    status: 'active',
    customer: { tenantId, displayName: `Customer ${tenantId.slice(0, 4)}` },
    accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    ...extra,
  };
}

describe('gdapCustomersFrom', () => {
  it('names the security roles and the access they give', () => {
    const { customers } = gdapCustomersFrom([
      relationship('r1', 'aaaa0000-0000-4000-8000-000000000001', [reader, globalReader]),
      relationship('r2', 'bbbb0000-0000-4000-8000-000000000002', [operator]),
      relationship('r3', 'cccc0000-0000-4000-8000-000000000003', [globalReader]),
    ]);
    expect(customers.map((c) => [c.tenantId.slice(0, 4), c.securityRoles, c.access])).toEqual([
      ['aaaa', ['Security Reader'], 'readOnly'],
      ['bbbb', ['Security Operator'], 'readWrite'],
      ['cccc', [], 'none'],
    ]);
  });

  it('merges several relationships with one customer', () => {
    const tenant = 'AAAA0000-0000-4000-8000-000000000001';
    const { customers } = gdapCustomersFrom([
      relationship('r1', tenant, [reader]),
      relationship('r2', tenant.toLowerCase(), [operator]),
    ]);
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({
      securityRoles: ['Security Reader', 'Security Operator'],
      access: 'readWrite',
      relationships: ['GDAP r1', 'GDAP r2'],
    });
  });

  it('leaves out relationships that are not active and skips unreadable ones', () => {
    const { customers, skipped } = gdapCustomersFrom([
      relationship('r1', 'aaaa0000-0000-4000-8000-000000000001', [reader], { status: 'terminated' }),
      { id: 'broken' },
      null,
      'text',
      relationship('r2', 'bbbb0000-0000-4000-8000-000000000002', [reader]),
    ]);
    expect(customers.map((c) => c.tenantId)).toEqual(['bbbb0000-0000-4000-8000-000000000002']);
    expect(skipped).toBe(3);
  });
});
