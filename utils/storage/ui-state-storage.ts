import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { inTransaction, metaStore, requestResult } from './handoff-database';
import { withKeyLock } from './key-lock';

/**
 * Small UI state that is no setting (DEVELOPERS.md, "Storage", decision 5): one `uiState` item in
 * storage.local. Content scripts cannot read storage.local (storage-access.ts): they reach it only through
 * the worker's `getUiState` / `setUiState` messages (on Firefox they could read it, so it holds nothing of
 * a tenant: local review marks are in IndexedDB, below). Read field by field: an unreadable field is its
 * default, never an error.
 */
export const uiStateSchema = z.object({
  /** The in-page incident panel shows as its pill, on every incident page (one setting for all). */
  panelCollapsed: z.boolean().catch(false),
});
export type UiState = z.infer<typeof uiStateSchema>;

/** What a page may change: each field optional, nothing else. */
export const uiStatePatchSchema = uiStateSchema.partial().strict();
export type UiStatePatch = z.infer<typeof uiStatePatchSchema>;

export const defaultUiState: UiState = { panelCollapsed: false };

export const uiStateItem = storage.defineItem<unknown>('local:uiState', { version: 1 });

export async function readUiState(): Promise<UiState> {
  const stored = await uiStateItem.getValue();
  const parsed = uiStateSchema.safeParse(typeof stored === 'object' && stored !== null ? stored : {});
  return parsed.success ? parsed.data : defaultUiState;
}

/** Applies `patch` under the key's lock (two writes at once both land) and returns the state now stored. */
export function updateUiState(patch: UiStatePatch): Promise<UiState> {
  return withKeyLock('uiState', async () => {
    const next = { ...(await readUiState()), ...uiStatePatchSchema.parse(patch) };
    await uiStateItem.setValue(next);
    return next;
  });
}

/** How many local review marks are kept: the oldest go first (a review is 30 days in the counts at most). */
export const localReviewsKept = 2000;

export const localReviewKey = (tenantKey: string, incidentId: string) => `${tenantKey}|${incidentId}`;

/**
 * Reviews marked done on this browser only ("Mark reviewed" without write access, review-mark.ts): tenant
 * keys and incident ids, so in the extension origin's IndexedDB (a `meta` record), where no content script
 * can read them on any browser, never in storage.local (Firefox content scripts read it).
 */
const localReviewsRecord = 'localReviews';
const localReviewsLock = 'idb:localReviews';

function keysOf(record: unknown): string[] {
  const keys = (record as { keys?: unknown } | undefined)?.keys;
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string' && key.length <= 400) : [];
}

/** The reviews marked done on this browser only, as `localReviewKey`s (oldest first). */
export async function readLocalReviews(): Promise<ReadonlySet<string>> {
  const record = await inTransaction([metaStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(metaStore).get(localReviewsRecord)),
  );
  return new Set(keysOf(record));
}

/** Rewrites the marks under their lock, in one transaction. */
function changeLocalReviews(change: (keys: string[]) => string[]): Promise<void> {
  return withKeyLock(localReviewsLock, () =>
    inTransaction([metaStore], 'readwrite', async (transaction) => {
      const store = transaction.objectStore(metaStore);
      const keys = change(keysOf(await requestResult(store.get(localReviewsRecord))));
      store.put({ name: localReviewsRecord, keys });
    }),
  );
}

/** Keeps a review marked done on this browser (no write access): once, newest last, bounded. */
export function addLocalReview(tenantKey: string, incidentId: string): Promise<void> {
  const key = localReviewKey(tenantKey, incidentId);
  return changeLocalReviews((keys) => [...keys.filter((entry) => entry !== key), key].slice(-localReviewsKept));
}

/** Forgets the marks of these tenants (removed from the settings), or every mark (sign-out). */
export function forgetLocalReviews(tenantKeys?: ReadonlySet<string>): Promise<void> {
  return changeLocalReviews((keys) => (tenantKeys ? keys.filter((key) => !tenantKeys.has(key.slice(0, key.lastIndexOf('|')))) : []));
}
