import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings } from '@/utils/domain/settings';
import { readFirstPaintState } from '@/utils/storage/first-paint-storage';
import { writeTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { tenantSummariesSchemaVersion } from '@/utils/sync/tenant-summaries';
import {
  readEffectiveSettings,
  readGrantedScopes,
  readLocalSettings,
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

  it('reads the popup first-paint state in one storage.local round trip and the summaries document beside it', async () => {
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 4 });
    await writeSignedInAccount(account);
    await writeTenantSummaries({});
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const state = await readFirstPaintState();
    expect(state).toEqual({ settings: expect.objectContaining({ pollIntervalMinutes: 4 }), account, summaries: {} });
    expect(get).toHaveBeenCalledTimes(1);
  });

  describe('with an organisation policy (storage.managed)', () => {
    const policyClientId = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
    const ownClientId = '11111111-2222-4333-8444-555555555555';
    const contosoId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    const policy = {
      clientId: policyClientId,
      pollIntervalMinutes: 15,
      tenants: [{ tenantId: contosoId, displayName: 'Contoso', service: 'xdr' }],
    };

    it('reads the policy over the local settings, everywhere (worker, options, popup first paint)', async () => {
      await writeSettings({ ...defaultSettings, clientId: ownClientId, pollIntervalMinutes: 4 });
      await fakeBrowser.storage.managed.set(policy);
      const settings = await readSettings();
      expect(settings).toMatchObject({ clientId: policyClientId, pollIntervalMinutes: 15 });
      expect(settings.tenants.map((tenant) => tenant.displayName)).toEqual(['Contoso']);
      expect((await readFirstPaintState()).settings).toEqual(settings);
      expect((await readEffectiveSettings()).managed.locked.sort()).toEqual(['clientId', 'pollIntervalMinutes']);
    });

    it('never writes a managed value into the local settings, and a write cannot change a locked value', async () => {
      await writeSettings({ ...defaultSettings, clientId: ownClientId, pollIntervalMinutes: 4 });
      await fakeBrowser.storage.managed.set(policy);
      const after = await updateSettings((current) => ({ ...current, clientId: null, pollIntervalMinutes: 30, notificationsEnabled: false }));
      expect(after).toMatchObject({ clientId: policyClientId, pollIntervalMinutes: 15, notificationsEnabled: false });
      expect(await readLocalSettings()).toMatchObject({ clientId: ownClientId, pollIntervalMinutes: 4, notificationsEnabled: false, tenants: [] });
      // Even a raw write of storage.local (a bug, another page) changes nothing the policy sets.
      await fakeBrowser.storage.local.set({ settings: { clientId: null, pollIntervalMinutes: 60 } });
      expect(await readSettings()).toMatchObject({ clientId: policyClientId, pollIntervalMinutes: 15 });
    });

    it('applies a policy change without a restart: watchers hear of it', async () => {
      const onChange = vi.fn();
      const stop = watchStoredSettings(onChange);
      await fakeBrowser.storage.managed.set(policy);
      expect(onChange).toHaveBeenCalled();
      expect((await readSettings()).clientId).toBe(policyClientId);
      stop();
    });
  });
});
