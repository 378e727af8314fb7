// @vitest-environment happy-dom
import '@/tests/support/fake-indexeddb';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openPopupState, PopupPage } from '@/entrypoints/popup/PopupPage';
import { defaultSettings, settingsSchema } from '@/utils/domain/settings';
import { writeSettings, writeSignedInAccount } from '@/utils/storage/settings-storage';
import { writeTenantSummaries } from '@/utils/storage/tenant-summaries-storage';

const account = { username: 'ana@woodgrove.example', name: 'Ana', homeTenantId: 't-home', homeAccountId: 'u.t-home' };
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

beforeEach(() => fakeBrowser.reset());
afterEach(() => document.body.replaceChildren());

describe('the popup page', () => {
  it('reads its first state at once and hears a change made before the page watches', async () => {
    await writeSignedInAccount(account);
    await writeTenantSummaries({});
    const { first, watch } = openPopupState();
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 9 });
    expect((await first)?.account).toEqual(account);
    const onChange = vi.fn();
    const stop = watch(onChange);
    expect(onChange).toHaveBeenCalledTimes(1);
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 10 });
    expect(onChange).toHaveBeenCalledTimes(2);
    stop();
    await writeSettings({ ...defaultSettings, pollIntervalMinutes: 11 });
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('draws the state it was given at once, without reading, and reads again on a change', async () => {
    const settings = settingsSchema.parse({ tenants: [{ tenantId: contoso, displayName: 'Contoso', service: 'xdr' }] });
    let changed: (() => void) | null = null;
    const watch = (onChange: () => void) => {
      changed = onChange;
      return () => undefined;
    };
    const container = document.createElement('div');
    document.body.append(container);
    act(() => render(<PopupPage first={{ settings, account, summaries: {}, now: Date.now() }} watch={watch} />, container));
    expect(container.querySelector('main')?.getAttribute('aria-busy')).toBe('false');
    expect(container.textContent).toContain('Tenants (1)');
    // What is stored now (no tenant) replaces it once the page hears of a change.
    await writeSignedInAccount(account);
    await act(async () => changed?.());
    await vi.waitFor(() => expect(container.textContent).toContain('No customer tenants yet.'));
  });

  it("draws the worker's first screen, then reads the whole document right after the first paint", async () => {
    const settings = settingsSchema.parse({ tenants: [{ tenantId: contoso, displayName: 'Contoso', service: 'xdr' }] });
    await writeSettings(settings);
    await writeSignedInAccount(account);
    await writeTenantSummaries({});
    const { first, watch } = openPopupState();
    const state = await first;
    expect(state?.summaries).toBeNull();
    const container = document.createElement('div');
    document.body.append(container);
    act(() => render(<PopupPage first={state} watch={watch} />, container));
    expect(container.textContent).toContain('Tenants (1)');
    expect(container.textContent).toContain('Quiet tenants, nothing awaiting (1)');
    // The view asked for before the document arrives waits for it, then shows.
    const button = [...container.querySelectorAll('button')].find((element) => element.textContent?.startsWith('My queue'))!;
    act(() => button.click());
    await vi.waitFor(() => expect(container.textContent).toContain('Nothing awaits you in any tenant.'));
  });
});
