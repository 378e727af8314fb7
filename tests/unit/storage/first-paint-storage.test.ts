import '@/tests/support/fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSettings, settingsSchema } from '@/utils/domain/settings';
import {
  firstPaintKeys,
  forgetFirstPaintMemo,
  memoKey,
  readFirstPaintState,
  readFirstScreenState,
  sameJsonValue,
  watchFirstPaintState,
} from '@/utils/storage/first-paint-storage';
import { grantedScopesItem, readSettings, settingsItem, signedInAccountItem, writeSettings, writeSignedInAccount } from '@/utils/storage/settings-storage';
import { readStoredTenantSummaries } from '@/utils/storage/tenant-summaries-record';
import { writeTenantSummaries } from '@/utils/storage/tenant-summaries-storage';
import { emptyTenantCache } from '@/utils/sync/tenant-cache';
import { summaryEntryOf } from '@/utils/sync/tenant-summaries';

const account = { username: 'ana@woodgrove.example', name: 'Ana', homeTenantId: 't-home', homeAccountId: 'u.t-home' };
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '9b2e5b6a-1c3d-4e5f-8a7b-6c5d4e3f2a1b';

/** The extension page's localStorage (Node has none). */
class MemoryStorage {
  readonly values = new Map<string, string>();
  get length() {
    return this.values.size;
  }
  key(index: number) {
    return [...this.values.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, String(value));
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
  clear() {
    this.values.clear();
  }
}

let memo: MemoryStorage;

beforeEach(() => {
  fakeBrowser.reset();
  memo = new MemoryStorage();
  vi.stubGlobal('localStorage', memo);
});
afterEach(() => vi.unstubAllGlobals());

/** The memo's input (a SHA-256) and output (JSON text), or null. */
function memoValue(): { input: string; output: string } | null {
  const value = memo.getItem(memoKey);
  return value === null ? null : { input: value.slice(0, 64), output: value.slice(65) };
}

/** Puts `output` (JSON text) in place of the memo's remembered result, as if an earlier read had worked it out. */
function rememberedOutput(output: string, input = memoValue()!.input) {
  memo.setItem(memoKey, `${input} ${output}`);
}

describe('the popup first paint read', () => {
  it('keys its storage.local reads by the keys of the settings items', () => {
    expect([settingsItem.key, signedInAccountItem.key, grantedScopesItem.key]).toEqual(Object.values(firstPaintKeys).map((key) => `local:${key}`));
  });

  it('reads the effective settings, the account and the summaries in one storage.local get', async () => {
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 4 });
    await writeSignedInAccount(account);
    const summaries = { [contoso]: summaryEntryOf({ ...emptyTenantCache(contoso), lastSuccessAt: '2026-12-01T10:00:00Z' }) };
    await writeTenantSummaries(summaries);
    const settings = await readSettings();
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect(await readFirstPaintState()).toEqual({ settings, account, summaries });
    expect(get).toHaveBeenCalledTimes(1);
  });

  it("reads the worker's first screen instead of the summaries when it was made for these tenants, else the summaries", async () => {
    await writeSettings(settingsSchema.parse({ tenants: [{ tenantId: contoso, displayName: 'Contoso', service: 'xdr' }] }));
    const summaries = { [contoso]: summaryEntryOf({ ...emptyTenantCache(contoso), lastSuccessAt: '2026-12-01T10:00:00Z' }) };
    await writeTenantSummaries(summaries);
    const screen = await readFirstScreenState(Date.now());
    expect(screen.summaries).toBeNull();
    expect('firstScreen' in screen && screen.firstScreen.totals).toEqual({ awaitingYou: 0, reviews: 0, tenants: 1, needsAttention: 0 });
    // Settings changed since the worker wrote it: the whole document, as before.
    await writeSettings(settingsSchema.parse({ tenants: [{ tenantId: contoso, displayName: 'Contoso EMEA', service: 'xdr' }] }));
    const full = await readFirstScreenState(Date.now());
    expect(full.summaries).toEqual(summaries);
    expect('firstScreen' in full).toBe(false);
  });

  it('rebuilds a missing summaries document in memory (tenant-summaries-storage) and never writes it: the worker does', async () => {
    expect(await readStoredTenantSummaries()).toBeNull();
    expect((await readFirstPaintState()).summaries).toEqual({});
    expect(await readStoredTenantSummaries()).toBeNull();
  });

  it('remembers the validated settings for exactly the values stored, and uses them again for those only', async () => {
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 4 });
    await writeSignedInAccount(account);
    const first = await readFirstPaintState();
    // Stored settings that validate to themselves are remembered as "as stored", not copied.
    expect(JSON.parse(memoValue()!.output)).toEqual({ settings: null, account });
    const input = memoValue()!.input;
    expect(input).toMatch(/^[0-9a-f]{64}$/);
    // The same values: the memo is used (shown by a remembered account the full path would never give).
    rememberedOutput(JSON.stringify({ settings: null, account: { ...account, name: 'From the memo' } }));
    expect((await readFirstPaintState()).account?.name).toBe('From the memo');
    expect((await readFirstPaintState()).settings).toEqual(first.settings);
    // Another value stored: the memo is not used, and is replaced.
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 5 });
    const second = await readFirstPaintState();
    expect(second.account?.name).toBe('Ana');
    expect(second.settings.pollIntervalMinutes).toBe(5);
    expect(memoValue()!.input).toMatch(/^[0-9a-f]{64}$/);
    expect(memoValue()!.input).not.toBe(input);
  });

  it('forgets the remembered account at sign-out (the options page calls forgetFirstPaintMemo)', async () => {
    await writeSignedInAccount(account);
    await readFirstPaintState();
    expect(memoValue()?.output).toContain('ana@woodgrove.example');
    forgetFirstPaintMemo();
    expect(memoValue()).toBeNull();
    forgetFirstPaintMemo();
    expect(memoValue()).toBeNull();
  });

  it('never uses a memo of other values, or a damaged one', async () => {
    await writeSignedInAccount(account);
    await readFirstPaintState();
    const fromMemo = JSON.stringify({ settings: null, account: { ...account, name: 'From the memo' } });
    const good = memoValue()!;
    const input = good.input;
    for (const [output, at] of [
      ['{not json', input],
      [JSON.stringify({ settings: 7, account: null }), input],
      [JSON.stringify({ settings: null }), input],
      [fromMemo, 'a'.repeat(64)],
      [fromMemo, ''],
    ] as const) {
      rememberedOutput(output, at);
      expect((await readFirstPaintState()).account).toEqual(account);
      // ...and the read put a good memo back.
      expect(memoValue()).toEqual(good);
    }
    memo.setItem(memoKey, input);
    expect((await readFirstPaintState()).account).toEqual(account);
  });

  it('salvages damaged settings exactly as the other readers do, and remembers the salvaged result', async () => {
    const stored = {
      pollIntervalMinutes: 'often',
      tenants: [
        { tenantId: contoso, displayName: 'Contoso', service: 'xdr' },
        { tenantId: 'not a tenant', displayName: '', service: 'xdr' },
      ],
    };
    await fakeBrowser.storage.local.set({ settings: stored });
    const salvaged = await readSettings();
    expect(salvaged.tenants.map((tenant) => tenant.displayName)).toEqual(['Contoso']);
    expect((await readFirstPaintState()).settings).toEqual(salvaged);
    expect(JSON.parse(memoValue()!.output).settings).toEqual(salvaged);
    expect((await readFirstPaintState()).settings).toEqual(salvaged);
  });

  it('lays the organisation policy over the settings as readSettings does, memo or not', async () => {
    await writeSettings(settingsSchema.parse({ tenants: [{ tenantId: fabrikam, displayName: 'Fabrikam', service: 'xdr' }] }));
    await fakeBrowser.storage.managed.set({ pollIntervalMinutes: 15, tenants: [{ tenantId: contoso, displayName: 'Contoso', service: 'xdr' }] });
    const effective = await readSettings();
    expect(effective.tenants.map((tenant) => tenant.displayName)).toEqual(['Contoso', 'Fabrikam']);
    expect((await readFirstPaintState()).settings).toEqual(effective);
    expect((await readFirstPaintState()).settings).toEqual(effective);
    // A policy change is a change of what the memo was made from.
    await fakeBrowser.storage.managed.set({ allowUserTenants: false });
    expect((await readFirstPaintState()).settings.tenants.map((tenant) => tenant.displayName)).toEqual(['Contoso']);
  });

  it('works without localStorage or Web Crypto (every read validates)', async () => {
    vi.stubGlobal('localStorage', undefined);
    await writeSignedInAccount(account);
    expect((await readFirstPaintState()).account).toEqual(account);
    expect((await readFirstPaintState()).settings).toEqual(defaultSettings);
    vi.stubGlobal('localStorage', memo);
    vi.stubGlobal('crypto', undefined);
    expect((await readFirstPaintState()).account).toEqual(account);
    expect(memo.length).toBe(0);
  });
});

describe('watching what the first paint read', () => {
  it('hears settings, account, scopes, policy and summaries changes, nothing else, until stopped', async () => {
    const onChange = vi.fn();
    const stop = watchFirstPaintState(onChange);
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 9 });
    expect(onChange).toHaveBeenCalledTimes(1);
    await writeSignedInAccount(account, ['SecurityIncident.ReadWrite.All']);
    expect(onChange).toHaveBeenCalledTimes(2);
    await fakeBrowser.storage.managed.set({ pollIntervalMinutes: 15 });
    expect(onChange).toHaveBeenCalledTimes(3);
    await fakeBrowser.storage.local.set({ auditLog: [] });
    expect(onChange).toHaveBeenCalledTimes(3);
    await writeTenantSummaries({});
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(4));
    stop();
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 10 });
    await writeTenantSummaries({});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onChange).toHaveBeenCalledTimes(4);
  });
});

describe('sameJsonValue', () => {
  it('compares JSON values deeply, whatever the key order', () => {
    expect(sameJsonValue({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
    expect(sameJsonValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJsonValue({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
    expect(sameJsonValue([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameJsonValue([1, 2], [2, 1])).toBe(false);
    expect(sameJsonValue({ a: null }, { a: {} })).toBe(false);
    expect(sameJsonValue('1', 1)).toBe(false);
    expect(sameJsonValue(null, undefined)).toBe(false);
  });
});
