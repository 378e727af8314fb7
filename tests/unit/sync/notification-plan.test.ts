import { describe, expect, it } from 'vitest';
import { planNotifications, plannedNotificationSchema, type TenantRoundChanges } from '@/utils/sync/notification-plan';
import { tenantConfigSchema, type TenantConfig } from '@/utils/domain/settings';
import type { CachedIncident } from '@/utils/sync/cached-incident';
import { pollTenant } from '@/utils/sync/poll-tenant';
import { CONTOSO_TENANT_ID, demoTenants } from '../../fixtures/demo-tenants';

const now = new Date('2026-11-27T12:00:00Z');
const contosoIncidents = demoTenants(new Date('2026-11-27T11:00:00Z')).customers[0]!.incidents;
const contoso = tenantConfigSchema.parse({ tenantId: 'contoso.example', displayName: 'Contoso', service: 'xdr' });

/** The "act" incidents of the demo Contoso tenant, as cached entries. */
async function actionable(): Promise<CachedIncident[]> {
  const graph = {
    async *listIncidents() {
      yield contosoIncidents as unknown[];
    },
  };
  const { cache } = await pollTenant({ tenant: contoso, previous: null, graph, now });
  return Object.values(cache.incidents).filter((entry) => entry.handoff.partnerAction?.kind === 'act');
}

function round(newlyActionable: CachedIncident[], tenant: TenantConfig = contoso, firstSync = false): TenantRoundChanges {
  return {
    tenantKey: tenant.tenantId,
    tenant,
    cache: { resolvedTenantId: CONTOSO_TENANT_ID },
    changes: { firstSync, newlyActionable, resolvedOrGone: [] },
  };
}

const enabled = { notificationsEnabled: true };

describe('planNotifications', () => {
  it('one notification per incident, opening the incident in its tenant', async () => {
    const [first, second] = await actionable();
    const plan = planNotifications({ rounds: [round([first!, second!])], settings: enabled });
    expect(plan).toHaveLength(2);
    expect(plan[0]).toEqual({
      id: `handoff:contoso.example:${first!.incident.id}`,
      tenantKey: 'contoso.example',
      title: 'Awaiting you in Contoso',
      message: `${first!.incident.displayName} (${first!.incident.severity})\n${first!.handoff.partnerAction!.text}`,
      url: `https://security.microsoft.com/incident2/${first!.incident.id}/overview?tid=${CONTOSO_TENANT_ID}`,
      incidentIds: [first!.incident.id],
    });
    for (const notification of plan) expect(plannedNotificationSchema.safeParse(notification).success).toBe(true);
  });

  it('groups more than three from one tenant into one notification opening the queue', async () => {
    const all = await actionable();
    expect(all.length).toBeGreaterThan(3);
    const [group] = planNotifications({ rounds: [round(all)], settings: enabled });
    expect(group).toMatchObject({
      id: 'handoff:contoso.example:group',
      title: `${all.length} incidents awaiting you in Contoso`,
      url: `https://security.microsoft.com/incidents?tid=${CONTOSO_TENANT_ID}`,
      incidentIds: all.map((entry) => entry.incident.id),
    });
    expect(group!.message.split('\n')).toHaveLength(4);
    expect(group!.message).toContain(`…and ${all.length - 3} more`);
    expect(planNotifications({ rounds: [round(all)], settings: enabled, groupAbove: 10 })).toHaveLength(all.length);
  });

  it('nothing when notifications are off, and nothing for a first sync unless asked', async () => {
    const all = await actionable();
    expect(planNotifications({ rounds: [round(all)], settings: { notificationsEnabled: false } })).toEqual([]);
    expect(planNotifications({ rounds: [round(all, contoso, true)], settings: enabled })).toEqual([]);
    expect(planNotifications({ rounds: [round(all, contoso, true)], settings: enabled, notifyFirstSync: true })).toHaveLength(1);
  });

  it('honours the tenant’s minimum severity; an unknown severity always passes', async () => {
    const [entry] = await actionable();
    const at = (severity: CachedIncident['incident']['severity']): CachedIncident => ({
      ...entry!,
      incident: { ...entry!.incident, id: severity, severity },
    });
    const highOnly = { ...contoso, minimumNotificationSeverity: 'high' as const };
    const plan = planNotifications({
      rounds: [round([at('low'), at('medium'), at('high'), at('unknown')], highOnly)],
      settings: enabled,
    });
    expect(plan.map((notification) => notification.incidentIds[0])).toEqual(['high', 'unknown']);
  });

  it('links through the incident’s own tenant GUID, and gives no link rather than one without a tenant', async () => {
    const [entry] = await actionable();
    const noTenant: CachedIncident = { ...entry!, incident: { ...entry!.incident, tenantId: null } };
    const unknownTenant: TenantRoundChanges = { ...round([noTenant]), cache: { resolvedTenantId: null } };
    expect(planNotifications({ rounds: [unknownTenant], settings: enabled })[0]?.url).toBeNull();
    const unsafeId: CachedIncident = { ...entry!, incident: { ...entry!.incident, id: '../../evil' } };
    expect(planNotifications({ rounds: [round([unsafeId])], settings: enabled })[0]?.url).toBeNull();
  });
});
