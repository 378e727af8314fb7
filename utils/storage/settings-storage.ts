import { storage } from 'wxt/utils/storage';
import { signedInAccountSchema, type SignedInAccount } from '../domain/signed-in-account';
import { salvageSettings, settingsSchema, type Settings } from '../domain/settings';
import { effectiveSettings, localSettingsToStore, type EffectiveSettings } from '../domain/managed-policy';
import { readManagedPolicy, watchManagedPolicy } from './managed-policy-storage';

/**
 * The analyst's settings and who is signed in (storage.local; extension pages and the worker only, see
 * storage-access.ts). Items hold raw stored values: every read goes through the schema, because a value
 * on disk may come from an older version or a hand edit. Version 1 of each item is the first format;
 * a later format bumps `version` and adds its migration here.
 */
export const settingsItem = storage.defineItem<unknown>('local:settings', { version: 1 });
/** Names and ids only (never a token): for display and for choosing the home tenant. */
export const signedInAccountItem = storage.defineItem<unknown>('local:signedInAccount', { version: 1 });
/** The scopes Entra granted at the last interactive sign-in (shown in the options; no token). */
export const grantedScopesItem = storage.defineItem<unknown>('local:grantedScopes', { version: 1 });

/** The analyst's own settings as saved; an unreadable field falls back to its default, an unreadable tenant is left out. */
export async function readLocalSettings(): Promise<Settings> {
  return salvageSettings(await settingsItem.getValue());
}

/**
 * The settings the extension runs on: the analyst's own with the organisation's policy laid over them
 * (managed values win; see domain/managed-policy.ts), and what the policy decides.
 */
export async function readEffectiveSettings(): Promise<EffectiveSettings> {
  const [local, policy] = await Promise.all([readLocalSettings(), readManagedPolicy()]);
  return effectiveSettings(local, policy);
}

/** The effective settings (policy over the analyst's own): what every reader in the extension uses. */
export async function readSettings(): Promise<Settings> {
  return (await readEffectiveSettings()).settings;
}

/**
 * Saves the analyst's change to the effective settings, validated first (a half-valid settings object is
 * never saved), and never a managed value: a locked field keeps what was stored, a policy tenant keeps its
 * policy fields (localSettingsToStore). Reads lay the policy over whatever is stored, so a locked value
 * cannot be changed by any write, whoever makes it.
 */
export async function writeSettings(settings: Settings): Promise<void> {
  const next = settingsSchema.parse(settings);
  const [local, policy] = await Promise.all([readLocalSettings(), readManagedPolicy()]);
  await settingsItem.setValue(localSettingsToStore(next, local, effectiveSettings(local, policy).managed));
}

export async function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const next = settingsSchema.parse(change(await readSettings()));
  await writeSettings(next);
  return readSettings();
}

export async function readSignedInAccount(): Promise<SignedInAccount | null> {
  return parseSignedInAccount(await signedInAccountItem.getValue());
}

export function parseSignedInAccount(stored: unknown): SignedInAccount | null {
  const parsed = signedInAccountSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export async function writeSignedInAccount(account: SignedInAccount | null, grantedScopes: readonly string[] = []): Promise<void> {
  if (account) {
    await storage.setItems([
      { item: signedInAccountItem, value: signedInAccountSchema.parse(account) },
      { item: grantedScopesItem, value: [...grantedScopes] },
    ]);
  } else {
    await storage.removeItems([signedInAccountItem, grantedScopesItem]);
  }
}

export async function readGrantedScopes(): Promise<string[]> {
  return parseGrantedScopes(await grantedScopesItem.getValue());
}

function parseGrantedScopes(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((scope): scope is string => typeof scope === 'string') : [];
}

/**
 * Calls `onChange` when settings, the signed-in account or its scopes change in any extension context, or
 * when the organisation's policy changes (it applies without a restart).
 */
export function watchStoredSettings(onChange: () => void): () => void {
  const stops = [settingsItem, signedInAccountItem, grantedScopesItem].map((item) => item.watch(() => onChange()));
  stops.push(watchManagedPolicy(onChange));
  return () => stops.forEach((stop) => stop());
}
