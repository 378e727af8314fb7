import { useEffect, useState } from 'preact/hooks';
import { readTenantSummariesForPage, watchTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';

/** Every tenant's sync state and counts (the summaries document), kept current as the background syncs. */
export function useTenantSummaries(): TenantSummaries {
  const [summaries, setSummaries] = useState<TenantSummaries>({});
  useEffect(() => {
    let active = true;
    const load = async () => {
      const read = await readTenantSummariesForPage();
      if (active) setSummaries(read);
    };
    void load();
    const stop = watchTenantSummaries(() => void load());
    return () => {
      active = false;
      stop();
    };
  }, []);
  return summaries;
}
