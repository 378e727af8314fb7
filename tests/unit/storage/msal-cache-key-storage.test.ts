import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { msalCacheKeySchema } from '@/utils/domain/msal-cache-key';
import {
  forgetMsalCacheKey,
  msalCacheKeyItem,
  newMsalCacheKey,
  readOrCreateMsalCacheKey,
} from '@/utils/storage/msal-cache-key-storage';

describe('MSAL cache key in storage.session', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is made once, in MSAL’s format (uuid id, 32 bytes base64url), and kept in storage.session only', async () => {
    const [first, second] = await Promise.all([readOrCreateMsalCacheKey(), readOrCreateMsalCacheKey()]);
    expect(second).toEqual(first);
    expect(msalCacheKeySchema.parse(first)).toEqual(first);
    expect(Buffer.from(first.key, 'base64url')).toHaveLength(32);
    expect(await fakeBrowser.storage.session.get('msalCacheKey')).toEqual({ msalCacheKey: first });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    // A worker restart reads the same key back.
    expect(await readOrCreateMsalCacheKey()).toEqual(first);
  });

  it('replaces an unreadable stored value with a new key', async () => {
    await msalCacheKeyItem.setValue({ id: 'x', key: 'short' });
    const key = await readOrCreateMsalCacheKey();
    expect(msalCacheKeySchema.safeParse(key).success).toBe(true);
    expect(key.id).not.toBe('x');
  });

  it('is gone after sign-out; the next one is another key', async () => {
    const before = await readOrCreateMsalCacheKey();
    await forgetMsalCacheKey();
    expect(await fakeBrowser.storage.session.get('msalCacheKey')).toEqual({});
    const after = await readOrCreateMsalCacheKey();
    expect(after.id).not.toBe(before.id);
    expect(after.key).not.toBe(before.key);
  });

  it('makes a different key every time', () => {
    expect(newMsalCacheKey().key).not.toBe(newMsalCacheKey().key);
  });
});
