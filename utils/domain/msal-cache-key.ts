import { z } from 'zod';

/**
 * The key MSAL encrypts its localStorage cache with, in MSAL's own format: `id` names the key in every
 * encrypted entry, `key` is 32 random bytes, base64url (no padding). It lives in memory only
 * (storage.session in the worker, a cookie jar in the MSAL host's memory).
 */
export const msalCacheKeySchema = z.object({
  id: z.string().uuid(),
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type MsalCacheKey = z.infer<typeof msalCacheKeySchema>;
