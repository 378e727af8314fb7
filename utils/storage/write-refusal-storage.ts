import { storage, type StorageItemKey } from 'wxt/utils/storage';
import { writeRefusalSchema, type WriteRefusal } from '../domain/write-access';

/**
 * Graph's 403 on a write, remembered per tenant (`writeRefusal:<tenantKey>` in storage.local) so the
 * panel disables the quick actions instead of letting the analyst try again. Signing in clears them all:
 * a new sign-in may bring other roles.
 */

const keyPrefix = 'writeRefusal:';
const localKey = (tenantKey: string): StorageItemKey => `local:${keyPrefix}${tenantKey}`;

export async function readWriteRefusal(tenantKey: string): Promise<WriteRefusal | null> {
  const parsed = writeRefusalSchema.safeParse(await storage.getItem<unknown>(localKey(tenantKey)));
  return parsed.success ? parsed.data : null;
}

export async function rememberWriteRefusal(tenantKey: string, message: string, now: Date): Promise<void> {
  const refusal = writeRefusalSchema.parse({ refusedAt: now.toISOString(), message: message.slice(0, 2000) });
  await storage.setItem(localKey(tenantKey), refusal);
}

export async function forgetWriteRefusals(): Promise<void> {
  const keys = Object.keys(await storage.snapshot('local')).filter((key) => key.startsWith(keyPrefix));
  if (keys.length > 0) await storage.removeItems(keys.map((key): StorageItemKey => `local:${key}`));
}
