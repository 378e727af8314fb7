import { browser } from 'wxt/browser';
import { emptyManagedPolicy, parseManagedPolicy, type ManagedPolicy } from '../domain/managed-policy';

/**
 * The organisation's policy: storage.managed, read-only, written by the browser from policy (Chromium:
 * `3rdparty.extensions.<id>` of the platform policy, validated against assets/public/managed_schema.json;
 * Firefox: `3rdparty.Extensions.<id>` of policies.json, read at browser start). Absent API, no policy
 * or a failed read (Firefox throws when no policy names the add-on) all read as "no policy": the
 * analyst's own settings apply, never a broken extension.
 */
export async function readManagedPolicy(): Promise<ManagedPolicy> {
  const area = browser.storage?.managed;
  if (!area) return emptyManagedPolicy;
  try {
    return parseManagedPolicy(await area.get(null));
  } catch {
    return emptyManagedPolicy;
  }
}

/**
 * Calls `onChange` when the policy changes (Chromium fires storage.onChanged with area 'managed' when it
 * reloads policy), so a new policy applies without a restart.
 */
export function watchManagedPolicy(onChange: () => void): () => void {
  const events = browser.storage?.onChanged;
  if (!events) return () => undefined;
  const listener = (_changes: unknown, areaName: string) => {
    if (areaName === 'managed') onChange();
  };
  events.addListener(listener);
  return () => events.removeListener(listener);
}
