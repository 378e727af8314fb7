import { z } from 'zod';

/** The security roles a GDAP relationship can grant that matter to Handoff (graph-security-api.md). */
export const securityRoleIds = {
  '5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
  '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f': 'Security Operator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
} as const;
export type SecurityRoleName = (typeof securityRoleIds)[keyof typeof securityRoleIds];

export const delegatedAdminRelationshipSchema = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  status: z.string().nullish(),
  endDateTime: z.string().nullish(),
  customer: z.object({ tenantId: z.string(), displayName: z.string().nullish() }),
  accessDetails: z
    .object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })).default([]) })
    .nullish(),
});
export type DelegatedAdminRelationship = z.infer<typeof delegatedAdminRelationshipSchema>;

export const gdapCustomerSchema = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  securityRoles: z.array(z.string()),
  /** What the roles let the partner do with incidents through Handoff. */
  access: z.enum(['readWrite', 'readOnly', 'none']),
  relationships: z.array(z.string()),
});
export type GdapCustomer = z.infer<typeof gdapCustomerSchema>;

const writeRoles = new Set<string>(['Security Operator', 'Security Administrator']);

/**
 * One entry per customer tenant across the partner's active relationships, with the security roles they
 * grant together. Unreadable relationships are skipped (reported in `skipped`), never fatal.
 */
export function gdapCustomersFrom(relationships: readonly unknown[]): { customers: GdapCustomer[]; skipped: number } {
  const byTenant = new Map<string, GdapCustomer>();
  let skipped = 0;
  for (const raw of relationships) {
    const parsed = delegatedAdminRelationshipSchema.safeParse(raw);
    if (!parsed.success) {
      skipped += 1;
      continue;
    }
    const relationship = parsed.data;
    if (relationship.status && relationship.status !== 'active') continue;
    const tenantId = relationship.customer.tenantId.toLowerCase();
    const customer = byTenant.get(tenantId) ?? {
      tenantId,
      displayName: relationship.customer.displayName?.trim() || tenantId,
      securityRoles: [],
      access: 'none' as const,
      relationships: [],
    };
    customer.relationships.push(relationship.displayName ?? relationship.id);
    for (const { roleDefinitionId } of relationship.accessDetails?.unifiedRoles ?? []) {
      const role = securityRoleIds[roleDefinitionId.toLowerCase() as keyof typeof securityRoleIds];
      if (role && !customer.securityRoles.includes(role)) customer.securityRoles.push(role);
    }
    customer.access = customer.securityRoles.some((role) => writeRoles.has(role))
      ? 'readWrite'
      : customer.securityRoles.length > 0
        ? 'readOnly'
        : 'none';
    byTenant.set(tenantId, customer);
  }
  const customers = [...byTenant.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { customers, skipped };
}
