import { storage } from 'wxt/utils/storage';
import type { SignedInAccount } from '../domain/signed-in-account';
import { salvageSettings, type Settings } from '../domain/settings';
import type { TenantSummaries } from '../sync/tenant-summaries';
import { parseSignedInAccount, settingsItem, signedInAccountItem } from './settings-storage';
import { readTenantSummaries, tenantSummariesItem } from './tenant-summaries-storage';

/**
 * What the popup needs for its first paint — settings, the account and every tenant's summary — in one
 * storage round trip (the popup bench measures it): one `get` of three small keys, never the caches.
 */
export async function readFirstPaintState(): Promise<{
  settings: Settings;
  account: SignedInAccount | null;
  summaries: TenantSummaries;
}> {
  const [settings, account, summaries] = await storage.getItems([settingsItem, signedInAccountItem, tenantSummariesItem]);
  return {
    settings: salvageSettings(settings?.value),
    account: parseSignedInAccount(account?.value),
    // A missing document (null) is rebuilt from the caches, as any other unreadable one.
    summaries: await readTenantSummaries(summaries?.value ?? null),
  };
}
