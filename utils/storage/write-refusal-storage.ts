import { browser } from 'wxt/browser';
import { writeRefusalSchema, type WriteRefusal } from '../domain/write-access';

/**
 * Graph's 403 on a write, remembered per tenant (`writeRefusal:<tenantKey>` in storage.local) so the
 * panel disables the quick actions instead of letting the analyst try again. Signing in clears them all:
 * a new sign-in may bring other roles.
 */

const keyPrefix = 'writeRefusal:';

export async function readWriteRefusal(tenantKey: string): Promise<WriteRefusal | null> {
  const key = `${keyPrefix}${tenantKey}`;
  const parsed = writeRefusalSchema.safeParse((await browser.storage.local.get(key))[key]);
  return parsed.success ? parsed.data : null;
}

export async function rememberWriteRefusal(tenantKey: string, message: string, now: Date): Promise<void> {
  const refusal = writeRefusalSchema.parse({ refusedAt: now.toISOString(), message: message.slice(0, 2000) });
  await browser.storage.local.set({ [`${keyPrefix}${tenantKey}`]: refusal });
}

export async function forgetWriteRefusals(): Promise<void> {
  const everything = await browser.storage.local.get(null);
  const keys = Object.keys(everything).filter((key) => key.startsWith(keyPrefix));
  if (keys.length > 0) await browser.storage.local.remove(keys);
}
