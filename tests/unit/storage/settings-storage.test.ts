import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings } from '@/utils/domain/settings';
import { readFirstPaintState } from '@/utils/storage/first-paint-storage';
import {
  readGrantedScopes,
  readSettings,
  readSignedInAccount,
  updateSettings,
  watchStoredSettings,
  writeSettings,
  writeSignedInAccount,
} from '@/utils/storage/settings-storage';

const account = { username: 'ana@woodgrove.example', name: 'Ana', homeTenantId: 't-home', homeAccountId: 'u.t-home' };

describe('settings storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads defaults when nothing is stored, and what was written after', async () => {
    expect(await readSettings()).toEqual(defaultSettings);
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 7 });
    expect((await readSettings()).pollIntervalMinutes).toBe(7);
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({ settings: expect.objectContaining({ pollIntervalMinutes: 7 }) });
  });

  it('never saves a half-valid settings object', async () => {
    await expect(updateSettings((current) => ({ ...current, pollIntervalMinutes: -1 }))).rejects.toThrow();
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({});
  });

  it('keeps the valid fields of a damaged stored object', async () => {
    await fakeBrowser.storage.local.set({ settings: { pollIntervalMinutes: 9, notifications: 'garbage' } });
    expect((await readSettings()).pollIntervalMinutes).toBe(9);
  });

  it('stores the account with its scopes, and sign-out removes both', async () => {
    await writeSignedInAccount(account, ['scope-a']);
    expect(await readSignedInAccount()).toEqual(account);
    expect(await readGrantedScopes()).toEqual(['scope-a']);
    await writeSignedInAccount(null);
    expect(await readSignedInAccount()).toBeNull();
    expect(await readGrantedScopes()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('an unreadable stored account reads as signed out', async () => {
    await fakeBrowser.storage.local.set({ signedInAccount: { username: 42 } });
    expect(await readSignedInAccount()).toBeNull();
  });

  it('tells watchers of settings and account changes until stopped', async () => {
    const onChange = vi.fn();
    const stop = watchStoredSettings(onChange);
    await writeSettings(defaultSettings);
    await writeSignedInAccount(account);
    const calls = onChange.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(2);
    stop();
    await writeSignedInAccount(null);
    expect(onChange).toHaveBeenCalledTimes(calls);
  });

  it('reads the popup first-paint state in one storage round trip', async () => {
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 4 });
    await writeSignedInAccount(account);
    await fakeBrowser.storage.local.set({ tenantSummaries: { schemaVersion: 1, tenants: {} } });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const state = await readFirstPaintState();
    expect(state).toEqual({ settings: expect.objectContaining({ pollIntervalMinutes: 4 }), account, summaries: {} });
    expect(get).toHaveBeenCalledTimes(1);
  });
});
