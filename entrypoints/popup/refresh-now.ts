import { z } from 'zod';
import { askBackground } from '@/utils/channels/extension-page-channel';

/**
 * Asks the worker for a sync round now (the popup's "Refresh now"). Loaded on the first press, so the
 * channel's answer validation (zod) and webextension-polyfill are no part of the popup's first paint.
 */
export async function refreshNow(): Promise<void> {
  await askBackground({ type: 'refreshNow' }, z.object({ ok: z.literal(true) }));
}
