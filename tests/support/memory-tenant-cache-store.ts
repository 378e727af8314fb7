/**
 * A TenantCacheStore in memory, for tests and the bench: the same JSON round trip and migration as
 * browser storage (so nothing survives that storage would not keep), and the bytes stored, measured.
 */
import type { TenantCacheStore } from '../../utils/sync/sync-all-tenants';
import { migrateTenantCache, tenantCacheSchema, type TenantCache } from '../../utils/sync/tenant-cache';

export class MemoryTenantCacheStore implements TenantCacheStore {
  readonly #entries = new Map<string, string>();
  reads = 0;
  writes = 0;

  async read(tenantKey: string): Promise<TenantCache | null> {
    this.reads += 1;
    const text = this.#entries.get(tenantKey);
    return text === undefined ? null : migrateTenantCache(JSON.parse(text));
  }

  async write(cache: TenantCache): Promise<void> {
    this.writes += 1;
    this.#entries.set(cache.tenantKey, JSON.stringify(tenantCacheSchema.parse(cache)));
  }

  /** JSON bytes of every stored cache (what storage.local would hold). */
  get storedBytes(): number {
    let bytes = 0;
    for (const text of this.#entries.values()) bytes += Buffer.byteLength(text);
    return bytes;
  }

  get size(): number {
    return this.#entries.size;
  }
}
