import { browser } from '@wxt-dev/browser';
import type { SignedInAccount } from '../domain/signed-in-account';
import type { Settings } from '../domain/settings';
import { firstScreenAt, type PopupFirstScreen } from '../sync/popup-first-screen';
import type { TenantSummaries } from '../sync/tenant-summaries';
import { readStoredFirstScreen, readStoredTenantSummaries, watchTenantSummaries } from './tenant-summaries-record';

/**
 * What the popup needs for its first paint — the effective settings, the account and every tenant's
 * summary — read at once (the popup bench measures it): one `get` of two small storage.local keys, the
 * organisation's policy (storage.managed) and the summaries document from IndexedDB (one record, never
 * the caches), all in flight together.
 *
 * Without zod and without webextension-polyfill (the browser's own promise API, `@wxt-dev/browser`), so
 * the popup's first paint loads neither. Settings are still read through their schema with the policy
 * laid over them, exactly as everywhere (settings-storage.ts: `salvageSettings`, then
 * `effectiveSettings`), but only when what is stored changed: the result is remembered in the extension
 * origin's localStorage beside a SHA-256 of the exact stored values it came from and of the sources of
 * the build that made it, and used again only for those same values in that build. Anything else — a
 * change, a damaged memo, no localStorage — takes the full path (its modules loaded on demand). A
 * summaries document that is missing or of another version is rebuilt by tenant-summaries-storage.ts,
 * loaded on demand too.
 */

export interface FirstPaintState {
  settings: Settings;
  account: SignedInAccount | null;
  summaries: TenantSummaries;
}

/**
 * The popup's first screen instead of the summaries (readFirstScreenState): the whole document is read
 * after the first paint (readFirstPaintSummaries).
 */
export interface FirstScreenState extends Omit<FirstPaintState, 'summaries'> {
  summaries: null;
  firstScreen: PopupFirstScreen;
}

/** The storage.local keys of settings-storage.ts's `settingsItem`, `signedInAccountItem` and `grantedScopesItem`. */
export const firstPaintKeys = { settings: 'settings', account: 'signedInAccount', grantedScopes: 'grantedScopes' } as const;

/**
 * The memo's localStorage key (the extension origin's: no content script can read or write it). Its value
 * is `<input> <output JSON>` in one item, so a write is whole or absent.
 */
export const memoKey = 'handoff:firstPaint';

interface RawState {
  settings: unknown;
  account: unknown;
  policy: unknown;
}

type Validated = Pick<FirstPaintState, 'settings' | 'account'>;

/** The managed area's raw value; absent API or a failed read (Firefox without a policy) read as none. */
async function readRawPolicy(): Promise<unknown> {
  const area = browser.storage?.managed;
  if (!area) return null;
  try {
    return await area.get(null);
  } catch {
    return null;
  }
}

function memoStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The build's hash of its sources (wxt.config.ts): a memo is never used by a build of other sources. */
const buildSources: string = (import.meta.env as Record<string, string | undefined>).HANDOFF_SOURCE_HASH ?? 'unbuilt';

/**
 * What the memo is keyed by: the SHA-256 of the build and the stored values (undefined and null read alike
 * on the full path), so the memo stays small; null (no memo) where Web Crypto is missing.
 */
async function memoInput(raw: RawState): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const text = JSON.stringify([buildSources, raw.settings ?? null, raw.account ?? null, raw.policy ?? null]);
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Plain JSON values alike, whatever the order of object keys. */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameJsonValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** The remembered result for exactly `input`, or null. `stored` is the settings as read (the memo may say "as stored"). */
function remembered(memo: string | null, input: string | null, stored: unknown): Validated | null {
  if (input === null || memo === null || !memo.startsWith(`${input} `)) return null;
  try {
    const output = JSON.parse(memo.slice(input.length + 1)) as { settings?: unknown; account?: unknown };
    const settings = output.settings === null ? stored : output.settings;
    if (typeof settings !== 'object' || settings === null || !('account' in output)) return null;
    return { settings: settings as Settings, account: (output.account ?? null) as SignedInAccount | null };
  } catch {
    return null;
  }
}

function remember(input: string | null, stored: unknown, validated: Validated): void {
  const memo = memoStorage();
  if (!memo || input === null) return;
  // Settings equal to what is stored (no policy, nothing salvaged) are not copied: the memo says "as stored".
  const output = { settings: sameJsonValue(validated.settings, stored) ? null : validated.settings, account: validated.account };
  try {
    memo.setItem(memoKey, `${input} ${JSON.stringify(output)}`);
  } catch {
    // Over quota: no memo, every read validates.
    memo.removeItem(memoKey);
  }
}

/**
 * Forgets the popup's remembered settings and account (sign-out, from the options page: the worker has no
 * localStorage). Never needed for correctness — a memo is used only for the exact values stored — but the
 * account's name should not outlive the sign-out.
 */
export function forgetFirstPaintMemo(): void {
  try {
    memoStorage()?.removeItem(memoKey);
  } catch {
    // No localStorage: nothing remembered.
  }
}

/** The modules of the full path, loaded on demand. */
function loadValidation() {
  return Promise.all([import('../domain/settings'), import('../domain/managed-policy'), import('./settings-storage')]);
}

/** The full path: the stored values through their schemas, the policy laid over the settings (settings-storage.ts). */
async function validate(raw: RawState, modules: ReturnType<typeof loadValidation>): Promise<Validated> {
  const [{ salvageSettings }, { effectiveSettings, parseManagedPolicy }, { parseSignedInAccount }] = await modules;
  return {
    settings: effectiveSettings(salvageSettings(raw.settings), parseManagedPolicy(raw.policy)).settings,
    account: parseSignedInAccount(raw.account),
  };
}

/** Settings and account (one `get`, the policy beside it) and `third`, all in flight together. */
async function readWith<T>(third: Promise<T>): Promise<[Validated, T]> {
  const reads = Promise.all([browser.storage.local.get([firstPaintKeys.settings, firstPaintKeys.account]), readRawPolicy(), third]);
  // localStorage is synchronous: read while the storage reads are in flight.
  const memo = memoStorage()?.getItem(memoKey) ?? null;
  // No memo at all (the first open, or no localStorage): the full path's modules load beside the reads.
  const modules = memo === null ? loadValidation() : null;
  const [local, policy, stored] = await reads;
  const raw: RawState = { settings: local[firstPaintKeys.settings], account: local[firstPaintKeys.account], policy };
  const input = await memoInput(raw);
  let validated = remembered(memo, input, raw.settings);
  if (!validated) {
    validated = await validate(raw, modules ?? loadValidation());
    remember(input, raw.settings, validated);
  }
  return [validated, stored];
}

/** The summaries document; a missing or unreadable one is rebuilt in memory (tenant-summaries-storage.ts, loaded on demand; only the worker writes it). */
export async function readFirstPaintSummaries(stored?: TenantSummaries | null): Promise<TenantSummaries> {
  const summaries = stored === undefined ? await readStoredTenantSummaries() : stored;
  return summaries ?? (await (await import('./tenant-summaries-storage')).readTenantSummariesForPage());
}

export async function readFirstPaintState(): Promise<FirstPaintState> {
  const [validated, stored] = await readWith(readStoredTenantSummaries());
  return { ...validated, summaries: await readFirstPaintSummaries(stored) };
}

/**
 * Settings, account and the popup's first screen (a few KB) when the stored one was made for these
 * settings' tenants; otherwise settings, account and the whole summaries document (readFirstPaintState).
 */
export async function readFirstScreenState(now: number): Promise<FirstPaintState | FirstScreenState> {
  const [validated, stored] = await readWith(readStoredFirstScreen());
  const firstScreen = firstScreenAt(stored, validated.settings.tenants, now);
  if (firstScreen) return { ...validated, summaries: null, firstScreen };
  return { ...validated, summaries: await readFirstPaintSummaries() };
}

/**
 * Calls `onChange` when anything the first paint read changes: settings, account or scopes
 * (storage.local), the organisation's policy (storage.managed), or the summaries (their BroadcastChannel).
 */
export function watchFirstPaintState(onChange: () => void): () => void {
  const watched: readonly string[] = Object.values(firstPaintKeys);
  const listener = (changes: Record<string, unknown>, areaName: string) => {
    if (areaName === 'managed' || (areaName === 'local' && Object.keys(changes).some((key) => watched.includes(key)))) onChange();
  };
  const events = browser.storage?.onChanged;
  events?.addListener(listener);
  const stopSummaries = watchTenantSummaries(onChange);
  return () => {
    events?.removeListener(listener);
    stopSummaries();
  };
}
