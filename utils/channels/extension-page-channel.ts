import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { backgroundErrorSchema, type BackgroundRequest } from '../messages/background-requests';

/**
 * Sends a typed request to the background and validates the answer against `responseSchema`. A
 * background error (or an answer of the wrong shape) becomes a thrown Error with a message fit for the UI.
 */
export async function askBackground<T>(request: BackgroundRequest, responseSchema: z.ZodType<T>): Promise<T> {
  const response: unknown = await browser.runtime.sendMessage(request);
  const failed = backgroundErrorSchema.safeParse(response);
  if (failed.success) throw new Error(failed.data.error);
  const parsed = responseSchema.safeParse(response);
  if (!parsed.success) throw new Error('Handoff’s background gave an unexpected answer.');
  return parsed.data;
}
