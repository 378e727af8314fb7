import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { settingsSchema, type TenantConfig } from '@/utils/domain/settings';
import { needsOpenTaskCount, openGuidedTaskCounts } from '@/utils/sync/open-task-counts';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';

function tenant(tenantId: string, service: 'xdr' | 'hunting'): TenantConfig {
  const parsed = settingsSchema.parse({ tenants: [{ tenantId, resolvedTenantId: tenantId, displayName: tenantId, service }] });
  return parsed.tenants[0]!;
}

function cacheWith(key: string, statuses: readonly string[]): TenantCache {
  const empty = emptyTenantCache(key);
  const incidents = Object.fromEntries(
    statuses.map((status, index) => [String(index), { incident: { status } }]),
  ) as unknown as TenantCache['incidents'];
  return { ...empty, incidents };
}

const a = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const b = '3f2504e0-4f89-41d3-9a0c-0305e82c3302';
const c = '3f2504e0-4f89-41d3-9a0c-0305e82c3303';
const guided = (id: string, status: string) => ({ id, incidentId: '1', status, source: 'defenderExpertsGuidedResponse' });

describe('open guided task counts of a sync round', () => {
  it('are read only for XDR tenants with an awaiting-action incident', () => {
    expect(needsOpenTaskCount(tenant(a, 'xdr'), cacheWith(a, ['active', 'awaitingAction']))).toBe(true);
    expect(needsOpenTaskCount(tenant(a, 'xdr'), cacheWith(a, ['active']))).toBe(false);
    expect(needsOpenTaskCount(tenant(a, 'hunting'), cacheWith(a, ['awaitingAction']))).toBe(false);
  });

  it('count each tenant once; null where not needed or when beta refuses', async () => {
    const filters: string[] = [];
    const counts = await openGuidedTaskCounts(
      [
        { tenant: tenant(a, 'xdr'), cache: cacheWith(a, ['awaitingAction']) },
        { tenant: tenant(b, 'xdr'), cache: cacheWith(b, ['active']) },
        { tenant: tenant(c, 'xdr'), cache: cacheWith(c, ['awaitingAction']) },
      ],
      (config) => ({
        async listIncidentTasks(filter) {
          filters.push(filter);
          if (config.tenantId === c) throw new GraphRequestError({ status: 404, code: 'NotFound', message: 'no beta' });
          return [guided('1', 'open'), guided('2', 'inProgress'), guided('3', 'completed')];
        },
      }),
    );
    expect(Object.fromEntries(counts)).toEqual({ [a]: 2, [b]: null, [c]: null });
    expect(filters).toEqual(["status eq 'open' or status eq 'inProgress'", "status eq 'open' or status eq 'inProgress'"]);
  });
});
