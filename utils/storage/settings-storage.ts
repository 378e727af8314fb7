import { browser } from 'wxt/browser';
import { signedInAccountSchema, type SignedInAccount } from '../domain/signed-in-account';
import { salvageSettings, settingsSchema, type Settings } from '../domain/settings';

const settingsKey = 'settings';
const accountKey = 'signedInAccount';
const grantedScopesKey = 'grantedScopes';

/** Settings as saved; an unreadable field falls back to its default, an unreadable tenant is left out. */
export async function readSettings(): Promise<Settings> {
  return salvageSettings((await browser.storage.local.get(settingsKey))[settingsKey]);
}

/** Validates before writing: a half-valid settings object is never saved. */
export async function writeSettings(settings: Settings): Promise<void> {
  await browser.storage.local.set({ [settingsKey]: settingsSchema.parse(settings) });
}

export async function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const next = settingsSchema.parse(change(await readSettings()));
  await writeSettings(next);
  return next;
}

/** Who is signed in, for display only: user name and tenant, never a token. */
export async function readSignedInAccount(): Promise<SignedInAccount | null> {
  return parseSignedInAccount((await browser.storage.local.get(accountKey))[accountKey]);
}

function parseSignedInAccount(stored: unknown): SignedInAccount | null {
  const parsed = signedInAccountSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * Settings, the account and the raw value of `extraKey`, in one storage round trip: what a page needs
 * for its first paint (the popup reads the tenant summaries this way).
 */
export async function readSettingsAndAccount(extraKey: string): Promise<{
  settings: Settings;
  account: SignedInAccount | null;
  extra: unknown;
}> {
  const stored = await browser.storage.local.get([settingsKey, accountKey, extraKey]);
  return { settings: salvageSettings(stored[settingsKey]), account: parseSignedInAccount(stored[accountKey]), extra: stored[extraKey] };
}

export async function writeSignedInAccount(account: SignedInAccount | null, grantedScopes: readonly string[] = []): Promise<void> {
  if (account) {
    await browser.storage.local.set({ [accountKey]: signedInAccountSchema.parse(account), [grantedScopesKey]: [...grantedScopes] });
  } else {
    await browser.storage.local.remove([accountKey, grantedScopesKey]);
  }
}

/** The scopes Entra granted at the last interactive sign-in (shown in the options; no token). */
export async function readGrantedScopes(): Promise<string[]> {
  const stored = (await browser.storage.local.get(grantedScopesKey))[grantedScopesKey];
  return Array.isArray(stored) ? stored.filter((scope): scope is string => typeof scope === 'string') : [];
}

/** Calls `onChange` when settings or the signed-in account change in any extension context. */
export function watchStoredSettings(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && (settingsKey in changes || accountKey in changes || grantedScopesKey in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
