import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { withKeyLock } from './key-lock';

/**
 * Small UI state that is no setting (DEVELOPERS.md, "Storage", decision 5): one `uiState` item in
 * storage.local. Content scripts cannot read storage.local (storage-access.ts): they reach it only through
 * the worker's `getUiState` / `setUiState` messages. Read field by field: an unreadable field is its
 * default, never an error. Holds no incident data.
 */
export const uiStateSchema = z.object({
  /** The in-page incident panel shows as its pill, on every incident page (one setting for all). */
  panelCollapsed: z.boolean().catch(false),
  /**
   * Reviews marked done on this browser only (`tenantKey|incidentId`, oldest first, at most
   * `localReviewsKept`): "Mark reviewed" without write access (review-mark.ts). Never sent to a page.
   */
  reviewed: z.array(z.string().max(400)).optional().catch(undefined),
});
export type UiState = z.infer<typeof uiStateSchema>;

/** What a page may change: each field optional, nothing else. */
export const uiStatePatchSchema = uiStateSchema.omit({ reviewed: true }).partial().strict();
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

/** The reviews marked done on this browser only, as `localReviewKey`s. */
export async function readLocalReviews(): Promise<ReadonlySet<string>> {
  return new Set((await readUiState()).reviewed ?? []);
}

/** Keeps a review marked done on this browser (no write access): once, newest last, bounded. */
export function addLocalReview(tenantKey: string, incidentId: string): Promise<UiState> {
  return withKeyLock('uiState', async () => {
    const current = await readUiState();
    const key = localReviewKey(tenantKey, incidentId);
    const reviewed = [...(current.reviewed ?? []).filter((entry) => entry !== key), key].slice(-localReviewsKept);
    const next = { ...current, reviewed };
    await uiStateItem.setValue(next);
    return next;
  });
}
