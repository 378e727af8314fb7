import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { readAllTenantCaches, tenantCacheKeyPrefix } from '@/utils/sync/tenant-cache-store';
import { tenantStatusText } from '@/utils/tenant-status-text';

/** Each tenant's sync line, by tenant key, kept current as the background writes its caches. */
export function useTenantStatuses(): Record<string, { status: string; problem: boolean }> {
  const [statuses, setStatuses] = useState<Record<string, { status: string; problem: boolean }>>({});
  useEffect(() => {
    let active = true;
    const load = async () => {
      const caches = await readAllTenantCaches();
      if (active) setStatuses(Object.fromEntries(caches.map((cache) => [cache.tenantKey, tenantStatusText(cache)])));
    };
    void load();
    const listener = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && Object.keys(changes).some((key) => key.startsWith(tenantCacheKeyPrefix))) void load();
    };
    browser.storage.onChanged.addListener(listener);
    return () => {
      active = false;
      browser.storage.onChanged.removeListener(listener);
    };
  }, []);
  return statuses;
}
