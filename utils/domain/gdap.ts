import { z } from 'zod';

/**
 * The partner's GDAP access per customer tenant (docs/reference/graph-security-api.md, "Multi-tenant
 * (GDAP)"): a relationship's `accessDetails.unifiedRoles` are the roles it REQUESTS (grants to whoever the
 * partner assigns); the analyst HOLDS a role only through an active access assignment of that relationship
 * to a security group of the partner tenant the analyst is a (transitive) member of.
 */

/** The security roles a GDAP relationship can grant that matter to Handoff (graph-security-api.md). */
export const securityRoleIds = {
  '5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
  '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f': 'Security Operator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
} as const;
export type SecurityRoleName = (typeof securityRoleIds)[keyof typeof securityRoleIds];

/** The roles that may change incidents (Security Operator or Administrator). */
export const writeSecurityRoles: ReadonlySet<string> = new Set(['Security Operator', 'Security Administrator']);

/** Relationship statuses that give access: `expiring` is still active, its end date is near. */
const usableRelationshipStatuses: ReadonlySet<string> = new Set(['active', 'expiring']);

const unifiedRolesSchema = z
  .object({ unifiedRoles: z.array(z.object({ roleDefinitionId: z.string() })).nullish() })
  .nullish();

export const delegatedAdminRelationshipSchema = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  status: z.string().nullish(),
  endDateTime: z.string().nullish(),
  customer: z.object({ tenantId: z.string(), displayName: z.string().nullish() }),
  accessDetails: unifiedRolesSchema,
});
export type DelegatedAdminRelationship = z.infer<typeof delegatedAdminRelationshipSchema>;

/** GET …/delegatedAdminRelationships/{id}/accessAssignments, one item. */
export const delegatedAdminAccessAssignmentSchema = z.object({
  id: z.string().nullish(),
  status: z.string().nullish(),
  accessContainer: z.object({ accessContainerId: z.string(), accessContainerType: z.string().nullish() }),
  accessDetails: unifiedRolesSchema,
});
export type DelegatedAdminAccessAssignment = z.infer<typeof delegatedAdminAccessAssignmentSchema>;

/** GET /me/transitiveMemberOf/microsoft.graph.group, one item (displayName may be left out). */
export const memberGroupSchema = z.object({ id: z.string(), displayName: z.string().nullish() });

export const heldSecurityRoleSchema = z.object({
  role: z.string().max(80),
  /** The partner groups (names, or ids when Graph gave no name) that give the role. */
  via: z.array(z.string().max(256)).max(20),
});
export type HeldSecurityRole = z.infer<typeof heldSecurityRoleSchema>;

export const expiringRelationshipSchema = z.object({
  displayName: z.string().max(256),
  endDateTime: z.string().max(40).nullable(),
});
export type ExpiringRelationship = z.infer<typeof expiringRelationshipSchema>;

export const gdapAccessSchema = z.enum(['readWrite', 'readOnly', 'none', 'unknown']);
export type GdapAccess = z.infer<typeof gdapAccessSchema>;

export const gdapCustomerSchema = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  /** The security roles the relationships REQUEST there (what whoever the partner assigns may get). */
  securityRoles: z.array(z.string()),
  /** The security roles the analyst HOLDS there, through which groups; null when not known. */
  heldRoles: z.array(heldSecurityRoleSchema).nullable(),
  /** What the roles let the analyst do with incidents through Handoff (held roles when known). */
  access: gdapAccessSchema,
  relationships: z.array(z.string()),
  /** Relationships in status `expiring`: still active, their end date is near. */
  expiring: z.array(expiringRelationshipSchema),
});
export type GdapCustomer = z.infer<typeof gdapCustomerSchema>;

export interface GdapAccessInput {
  /** The partner's relationships, unparsed. */
  relationships: readonly unknown[];
  /** Each usable relationship's access assignments by relationship id, unparsed; null: could not be read. */
  assignments: ReadonlyMap<string, readonly unknown[] | null>;
  /** The analyst's groups (transitive), unparsed; null: could not be read. */
  groups: readonly unknown[] | null;
}

function securityRolesOf(details: z.infer<typeof unifiedRolesSchema>): SecurityRoleName[] {
  const roles: SecurityRoleName[] = [];
  for (const { roleDefinitionId } of details?.unifiedRoles ?? []) {
    const role = securityRoleIds[roleDefinitionId.toLowerCase() as keyof typeof securityRoleIds];
    if (role && !roles.includes(role)) roles.push(role);
  }
  return roles;
}

/** The relationships that give access now (active or expiring); the rest is left out, unreadable ones counted. */
export function usableRelationships(relationships: readonly unknown[]): { usable: DelegatedAdminRelationship[]; skipped: number } {
  const usable: DelegatedAdminRelationship[] = [];
  let skipped = 0;
  for (const raw of relationships) {
    const parsed = delegatedAdminRelationshipSchema.safeParse(raw);
    if (!parsed.success) skipped += 1;
    else if (!parsed.data.status || usableRelationshipStatuses.has(parsed.data.status)) usable.push(parsed.data);
  }
  return { usable, skipped };
}

/** The analyst's group ids (lower case) with their names where Graph gave one. */
export function memberGroupsFrom(groups: readonly unknown[]): Map<string, string | null> {
  const byId = new Map<string, string | null>();
  for (const raw of groups) {
    const parsed = memberGroupSchema.safeParse(raw);
    if (parsed.success) byId.set(parsed.data.id.toLowerCase(), parsed.data.displayName?.trim() || null);
  }
  return byId;
}

/**
 * The roles the analyst holds through one relationship: its ACTIVE assignments to groups the analyst is
 * in, limited to the roles the relationship requests (an assignment cannot give more).
 */
export function heldThrough(
  relationship: DelegatedAdminRelationship,
  assignments: readonly unknown[],
  groups: ReadonlyMap<string, string | null>,
): HeldSecurityRole[] {
  const requested = new Set(securityRolesOf(relationship.accessDetails));
  const held: HeldSecurityRole[] = [];
  for (const raw of assignments) {
    const parsed = delegatedAdminAccessAssignmentSchema.safeParse(raw);
    if (!parsed.success || parsed.data.status !== 'active') continue;
    const groupId = parsed.data.accessContainer.accessContainerId.toLowerCase();
    if (!groups.has(groupId)) continue;
    const via = groups.get(groupId) ?? groupId;
    for (const role of securityRolesOf(parsed.data.accessDetails)) {
      if (requested.has(role)) addHeld(held, role, [via]);
    }
  }
  return held;
}

function addHeld(held: HeldSecurityRole[], role: string, via: readonly string[]): void {
  const entry = held.find((candidate) => candidate.role === role);
  if (!entry) held.push({ role, via: [...via] });
  else for (const group of via) if (!entry.via.includes(group)) entry.via.push(group);
}

/**
 * The access a tenant gives: from the held roles when known; otherwise only what the requested roles
 * rule out (no write role requested: read-only at most), never a guess of read/write.
 */
export function gdapAccess(requested: readonly string[], held: readonly HeldSecurityRole[] | null): GdapAccess {
  const roles = held ? held.map((entry) => entry.role) : requested;
  if (roles.some((role) => writeSecurityRoles.has(role))) return held ? 'readWrite' : 'unknown';
  return roles.some((role) => role === 'Security Reader') ? 'readOnly' : 'none';
}

/**
 * One entry per customer tenant across the partner's usable relationships: the security roles they
 * request, the ones the analyst holds (and through which groups), and expiring relationships.
 * Unreadable relationships are skipped (reported in `skipped`), never fatal.
 */
export function gdapCustomersFrom({ relationships, assignments, groups }: GdapAccessInput): {
  customers: GdapCustomer[];
  skipped: number;
} {
  const { usable, skipped } = usableRelationships(relationships);
  const memberGroups = groups ? memberGroupsFrom(groups) : null;
  const byTenant = new Map<string, GdapCustomer>();
  for (const relationship of usable) {
    const tenantId = relationship.customer.tenantId.toLowerCase();
    const customer: GdapCustomer = byTenant.get(tenantId) ?? {
      tenantId,
      displayName: relationship.customer.displayName?.trim() || tenantId,
      securityRoles: [],
      heldRoles: [],
      access: 'unknown',
      relationships: [],
      expiring: [],
    };
    const name = relationship.displayName ?? relationship.id;
    customer.relationships.push(name);
    if (relationship.status === 'expiring') customer.expiring.push({ displayName: name, endDateTime: relationship.endDateTime ?? null });
    for (const role of securityRolesOf(relationship.accessDetails)) {
      if (!customer.securityRoles.includes(role)) customer.securityRoles.push(role);
    }
    const relationshipAssignments = assignments.get(relationship.id);
    if (!memberGroups || !relationshipAssignments) customer.heldRoles = null;
    else if (customer.heldRoles) {
      for (const { role, via } of heldThrough(relationship, relationshipAssignments, memberGroups)) addHeld(customer.heldRoles, role, via);
    }
    customer.access = gdapAccess(customer.securityRoles, customer.heldRoles);
    byTenant.set(tenantId, customer);
  }
  const customers = [...byTenant.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { customers, skipped };
}
