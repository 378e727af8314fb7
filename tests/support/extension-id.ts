import { createHash } from 'node:crypto';

/**
 * Chromium's extension id for a manifest `key` (base64 DER SubjectPublicKeyInfo): the first 128 bits of
 * the key's SHA-256, each hex digit 0-f written as a letter a-p. The `key` in wxt.config.ts gives every
 * unpacked or self-hosted Chromium build this id, which keys the organisation's policy and the sign-in
 * redirect URI (README, "A stable extension id").
 */
export function extensionIdFromKey(base64Key: string): string {
  const hex = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode('a'.charCodeAt(0) + Number.parseInt(digit, 16))).join('');
}

/** The id README lists for unpacked and self-hosted builds (and the policy examples use). */
export const stableExtensionId = 'bfbnmokagijepehdkaonafmkjmpjhlig';
