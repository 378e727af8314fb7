import { storage } from 'wxt/utils/storage';
import type { SignedInAccount } from '../domain/signed-in-account';
import { salvageSettings, type Settings } from '../domain/settings';
import type { TenantSummaries } from '../sync/tenant-summaries';
import { effectiveSettings } from '../domain/managed-policy';
import { readManagedPolicy } from './managed-policy-storage';
import { parseSignedInAccount, settingsItem, signedInAccountItem } from './settings-storage';
import { readTenantSummaries } from './tenant-summaries-storage';

/**
 * What the popup needs for its first paint — settings, the account and every tenant's summary — read at
 * once (the popup bench measures it): one `get` of two small keys, the summaries document from IndexedDB
 * (one record, never the caches) and the organisation's policy (storage.managed) beside them.
 */
export async function readFirstPaintState(): Promise<{
  settings: Settings;
  account: SignedInAccount | null;
  summaries: TenantSummaries;
}> {
  const [[settings, account], policy, summaries] = await Promise.all([
    storage.getItems([settingsItem, signedInAccountItem]),
    readManagedPolicy(),
    readTenantSummaries(),
  ]);
  return {
    // The organisation's policy over the analyst's own settings, as everywhere (settings-storage.ts).
    settings: effectiveSettings(salvageSettings(settings?.value), policy).settings,
    account: parseSignedInAccount(account?.value),
    summaries,
  };
}
