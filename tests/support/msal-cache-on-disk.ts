import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';

/**
 * Reads a closed Chromium profile as a local disk reader would, and tries to decrypt MSAL's cache with
 * what it finds. MSAL v5 (node_modules/@azure/msal-browser/src/cache/LocalStorage.ts, crypto/BrowserCrypto.ts):
 * a localStorage entry is `{"id","nonce","data","lastUpdatedAt"}`; the key is the `msal.cache.encryption`
 * cookie `{"id","key"}` (key: 32 random bytes, base64url); each entry is AES-GCM-256 (iv: 12 zero bytes)
 * under a key derived by HKDF-SHA-256 (salt: the entry's nonce, info: the client id for entries whose
 * storage key holds it, else "") from those 32 bytes.
 */

export interface EncryptedEntry {
  id: string;
  nonce: string;
  data: string;
}

export interface ProfileFile {
  path: string;
  bytes: Buffer;
}

/** Every file of the profile (up to 64 MB each), as raw bytes. */
export async function readProfileFiles(root: string): Promise<ProfileFile[]> {
  const files: ProfileFile[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && (await stat(path)).size <= 64 * 1024 * 1024) files.push({ path, bytes: await readFile(path) });
    }
  }
  await walk(root);
  return files;
}

/** The bytes as text both ways Chromium stores strings (Latin-1 / UTF-8, and UTF-16LE at either alignment). */
function textViews(bytes: Buffer): string[] {
  return [bytes.toString('latin1'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')];
}

const entryPattern = /\{"id":"([0-9a-f-]{36})","nonce":"([A-Za-z0-9_-]+)","data":"([A-Za-z0-9_-]+)"/g;

export function findEncryptedEntries(files: readonly ProfileFile[]): EncryptedEntry[] {
  const found = new Map<string, EncryptedEntry>();
  for (const file of files) {
    for (const text of textViews(file.bytes)) {
      for (const match of text.matchAll(entryPattern)) {
        found.set(match[3]!, { id: match[1]!, nonce: match[2]!, data: match[3]! });
      }
    }
  }
  return [...found.values()];
}

/**
 * Every string in the profile that could be 32 key bytes: each whole base64/base64url run that decodes
 * to 32 bytes (also inside percent-encoded or JSON-escaped text), and each 64-digit hex run.
 */
export function findKeyCandidates(files: readonly ProfileFile[]): Uint8Array[] {
  const candidates = new Map<string, Uint8Array>();
  for (const file of files) {
    for (const raw of textViews(file.bytes)) {
      const text = raw.replace(/%[0-9A-Fa-f]{2}/g, ' ').replace(/\\u00[0-9a-f]{2}|\\"/g, ' ');
      for (const match of text.matchAll(/[A-Za-z0-9+/_-]{43,44}/g)) {
        const before = text[match.index - 1] ?? ' ';
        const after = text[match.index + match[0].length] ?? ' ';
        if (/[A-Za-z0-9+/_-]/.test(before) || /[A-Za-z0-9+/_-]/.test(after)) continue;
        const bytes = Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64');
        if (bytes.length === 32) candidates.set(bytes.toString('hex'), new Uint8Array(bytes));
      }
      for (const match of text.matchAll(/(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])/g)) {
        candidates.set(match[0].toLowerCase(), new Uint8Array(Buffer.from(match[0], 'hex')));
      }
    }
  }
  return [...candidates.values()];
}

/** Whether `keyBytes` decrypts `entry` as MSAL would (with either context MSAL uses). */
export async function decryptsEntry(keyBytes: Uint8Array, entry: EncryptedEntry, clientId: string): Promise<boolean> {
  const subtle = webcrypto.subtle;
  const base = await subtle.importKey('raw', keyBytes, 'HKDF', false, ['deriveKey']);
  for (const context of [clientId, '']) {
    const key = await subtle.deriveKey(
      { name: 'HKDF', salt: Buffer.from(entry.nonce, 'base64url'), hash: 'SHA-256', info: new TextEncoder().encode(context) },
      base,
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
    try {
      await subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, Buffer.from(entry.data, 'base64url'));
      return true;
    } catch {
      // Not this key (or not this context).
    }
  }
  return false;
}
