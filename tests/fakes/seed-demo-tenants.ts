/**
 * Loads the bundled demo world (tests/fixtures/demo-tenants.ts) into a fake cloud: the partner's users
 * and domains and the app's consent in Entra (with the scopes it leaves out), each customer's incidents,
 * tasks, role and advanced hunting rows in Graph, and the partner's GDAP relationships, their access
 * assignments and the partner users' groups.
 */
import { demoTenants, type DemoTenantSet } from '../fixtures/demo-tenants';
import type { FakeEntra } from './fake-entra';
import type { FakeGraph } from './fake-graph';

export function seedDemoTenants(
  cloud: { entra: FakeEntra; graph: FakeGraph },
  data: DemoTenantSet = demoTenants(new Date()),
): DemoTenantSet {
  const { entra, graph } = cloud;
  entra.users = data.partner.users.map((user) => ({ ...user }));
  entra.domains.set(data.partner.domain, data.partner.tenantId);
  for (const customer of data.customers) entra.domains.set(customer.domain, customer.tenantId);
  for (const tenantId of data.consentedTenantIds) entra.consentedTenants.add(tenantId);
  for (const [tenantId, scopes] of Object.entries(data.scopesNotConsented)) entra.scopesNotConsented.set(tenantId, new Set(scopes));
  for (const customer of data.customers) {
    graph.setTenant(customer.tenantId, {
      displayName: customer.displayName,
      incidents: customer.incidents,
      incidentTasks: customer.incidentTasks,
      role: customer.role,
    });
    graph.hunting.setTables(customer.tenantId, customer.huntingTables);
  }
  graph.setDelegatedAdminRelationships(data.partner.tenantId, data.partner.relationships);
  for (const [relationshipId, assignments] of Object.entries(data.partner.accessAssignments)) {
    graph.setDelegatedAdminAccessAssignments(relationshipId, assignments);
  }
  for (const [userObjectId, groups] of Object.entries(data.partner.memberGroups)) graph.setMemberGroups(userObjectId, groups);
  return data;
}
