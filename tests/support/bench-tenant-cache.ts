/**
 * For the storage tests of tenant caches (tests/unit/storage/tenant-*.test.ts): a tenant of the bench
 * world (300 incidents with alerts) polled by pollTenant from a fake Graph list, and the bytes put into
 * each IndexedDB store, counted as the browser bench counts them.
 */
import { vi } from 'vitest';
import { tenantConfigSchema } from '../../utils/domain/settings';
import { readTenantCache } from '../../utils/storage/tenant-cache-storage';
import { pollTenant } from '../../utils/sync/poll-tenant';
import { benchTenantId, generateBenchTenant } from '../bench/generate-bench-tenants';

export const now = Date.parse('2026-11-27T12:00:00Z');
export const benchTenant = generateBenchTenant(0, 300, now);
export const tenant = tenantConfigSchema.parse({
  tenantId: benchTenantId(0),
  resolvedTenantId: benchTenantId(0),
  displayName: 'Customer 1',
  service: benchTenant.service,
});

/** A Graph that lists these incidents in one page. */
export const listing = (incidents: unknown[]) => ({
  async *listIncidents() {
    yield incidents;
  },
});

/** The stored cache polled against `incidents` at `at` (what the poll would write). */
export const poll = async (incidents: unknown[], at: number) =>
  (await pollTenant({ tenant, previous: await readTenantCache(tenant.tenantId), graph: listing(incidents), now: new Date(at) })).cache;

/** Bytes (JSON) put into each IndexedDB store while `work` runs. */
export async function bytesPut(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  const put = IDBObjectStore.prototype.put;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    written[this.name] = (written[this.name] ?? 0) + JSON.stringify(value).length;
    return put.call(this, value, key);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return written;
}
