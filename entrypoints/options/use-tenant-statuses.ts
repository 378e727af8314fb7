import { useEffect, useState } from 'preact/hooks';
import { readTenantSummaries, watchTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { tenantStatusText } from '@/utils/sync/tenant-status-text';

/** Each tenant's sync line, by tenant key, kept current as the background syncs. */
export function useTenantStatuses(): Record<string, { status: string; problem: boolean }> {
  const [statuses, setStatuses] = useState<Record<string, { status: string; problem: boolean }>>({});
  useEffect(() => {
    let active = true;
    const load = async () => {
      const summaries = await readTenantSummaries();
      if (active) {
        setStatuses(Object.fromEntries(Object.values(summaries).map((entry) => [entry.tenantKey, tenantStatusText(entry)])));
      }
    };
    void load();
    const stop = watchTenantSummaries(() => void load());
    return () => {
      active = false;
      stop();
    };
  }, []);
  return statuses;
}
