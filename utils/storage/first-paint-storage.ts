import { storage } from 'wxt/utils/storage';
import type { SignedInAccount } from '../domain/signed-in-account';
import { salvageSettings, type Settings } from '../domain/settings';
import type { TenantSummaries } from '../sync/tenant-summaries';
import { effectiveSettings } from '../domain/managed-policy';
import { readManagedPolicy } from './managed-policy-storage';
import { parseSignedInAccount, settingsItem, signedInAccountItem } from './settings-storage';
import { readTenantSummaries, tenantSummariesItem } from './tenant-summaries-storage';

/**
 * What the popup needs for its first paint — settings, the account and every tenant's summary — in one
 * storage round trip (the popup bench measures it): one `get` of three small keys, never the caches, and the
 * organisation's policy (storage.managed) read beside it.
 */
export async function readFirstPaintState(): Promise<{
  settings: Settings;
  account: SignedInAccount | null;
  summaries: TenantSummaries;
}> {
  const [[settings, account, summaries], policy] = await Promise.all([
    storage.getItems([settingsItem, signedInAccountItem, tenantSummariesItem]),
    readManagedPolicy(),
  ]);
  return {
    // The organisation's policy over the analyst's own settings, as everywhere (settings-storage.ts).
    settings: effectiveSettings(salvageSettings(settings?.value), policy).settings,
    account: parseSignedInAccount(account?.value),
    // A missing document (null) is rebuilt from the caches, as any other unreadable one.
    summaries: await readTenantSummaries(summaries?.value ?? null),
  };
}
