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
