// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settingsSchema, type Settings } from '@/utils/domain/settings';
import type { BackgroundRequest } from '@/utils/messages/background-requests';

vi.mock('@/utils/channels/extension-page-channel', () => ({ askBackground: vi.fn() }));
vi.mock('@/utils/storage/settings-storage', () => ({ readSettings: vi.fn(), watchStoredSettings: vi.fn() }));
vi.mock('wxt/browser', () => ({ browser: { identity: { getRedirectURL: vi.fn() } } }));

import { browser } from 'wxt/browser';
import { draftIdOf, useHuntDraft, useHuntSetup, type HuntSetup } from '@/entrypoints/hunt/use-hunt-setup';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { readSettings, watchStoredSettings } from '@/utils/storage/settings-storage';

const ask = vi.mocked(askBackground);
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const draftId = '0d7c3a1e-5b2f-4e6a-9c8d-7e6f5a4b3c2d';
const clientId = '11111111-2222-4333-8444-555555555555';
const redirect = 'https://bfbnmokagijepehdkaonafmkjmpjhlig.chromiumapp.org/';

const settingsWith = (tenants: { tenantId: string; displayName: string }[], withClient = true): Settings =>
  settingsSchema.parse({ ...(withClient ? { clientId } : {}), tenants: tenants.map((tenant) => ({ ...tenant, service: 'xdr' })) });

let container: HTMLElement;
async function mount(probe: () => void) {
  function Probe() {
    probe();
    return null;
  }
  await act(() => render(<Probe />, container));
  await settle();
}
async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(200);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.clearAllMocks();
  container = document.createElement('div');
  vi.mocked(browser.identity.getRedirectURL).mockReturnValue(redirect);
  vi.mocked(watchStoredSettings).mockReturnValue(() => undefined);
});
afterEach(() => {
  render(null, container);
  history.replaceState(null, '', '#');
  vi.useRealTimers();
});

describe('draftIdOf', () => {
  it('reads a draft id from the hash, nothing else', () => {
    expect(draftIdOf(`#draft=${contoso.toUpperCase()}`)).toBe(contoso);
    expect(draftIdOf('#draft=1')).toBeNull();
    expect(draftIdOf(`#draft=${contoso}&x=1`)).toBeNull();
    expect(draftIdOf(`draft=${contoso}`)).toBeNull();
    expect(draftIdOf('')).toBeNull();
  });
});

describe('useHuntSetup', () => {
  it('is empty until the settings are read, then gives the tenants by name, the application id and the redirect URL', async () => {
    let answer: (settings: Settings) => void = () => undefined;
    vi.mocked(readSettings).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const seen: HuntSetup[] = [];
    await mount(() => void seen.push(useHuntSetup()));
    expect(seen.at(-1)).toEqual({ tenants: null, clientId: null, redirectUri: null });
    answer(settingsWith([{ tenantId: 'fabrikam.onmicrosoft.com', displayName: 'Fabrikam' }, { tenantId: contoso, displayName: 'Contoso' }]));
    await settle();
    expect(seen.at(-1)).toEqual({
      tenants: [
        { key: contoso, name: 'Contoso', tenantId: contoso },
        { key: 'fabrikam.onmicrosoft.com', name: 'Fabrikam', tenantId: null },
      ],
      clientId,
      redirectUri: redirect,
    });
  });

  it('reads the settings again when they change, and stops watching when the page goes', async () => {
    const stop = vi.fn();
    let changed: () => void = () => undefined;
    vi.mocked(watchStoredSettings).mockImplementation((listener) => {
      changed = listener as () => void;
      return stop;
    });
    vi.mocked(readSettings).mockResolvedValueOnce(settingsWith([{ tenantId: contoso, displayName: 'Contoso' }]));
    let setup: HuntSetup | undefined;
    await mount(() => (setup = useHuntSetup()));
    expect(setup?.tenants?.map((tenant) => tenant.name)).toEqual(['Contoso']);
    vi.mocked(readSettings).mockResolvedValueOnce(settingsWith([{ tenantId: contoso, displayName: 'Contoso Ltd' }], false));
    changed();
    await settle();
    expect(setup?.tenants?.map((tenant) => tenant.name)).toEqual(['Contoso Ltd']);
    expect(setup?.clientId).toBeNull();
    expect(stop).not.toHaveBeenCalled();
    await act(() => render(null, container));
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('gives no redirect URL when the browser has none to give', async () => {
    vi.mocked(browser.identity.getRedirectURL).mockImplementation(() => {
      throw new Error('identity is not available');
    });
    vi.mocked(readSettings).mockResolvedValue(settingsWith([]));
    let setup: HuntSetup | undefined;
    await mount(() => (setup = useHuntSetup()));
    expect(setup).toEqual({ tenants: [], clientId, redirectUri: null });
  });

  it('drops settings read after the page went', async () => {
    let answer: (settings: Settings) => void = () => undefined;
    vi.mocked(readSettings).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const seen: HuntSetup[] = [];
    await mount(() => void seen.push(useHuntSetup()));
    await act(() => render(null, container));
    const renders = seen.length;
    answer(settingsWith([{ tenantId: contoso, displayName: 'Contoso' }]));
    await settle();
    expect(seen).toHaveLength(renders);
  });
});

describe('useHuntDraft', () => {
  const draft = { query: 'AlertInfo | take 5', source: { tenantKey: contoso, incidentId: '1024' }, tenantName: 'Contoso', incidentTitle: null };

  it('asks for nothing without a draft in the hash', async () => {
    const onDraft = vi.fn();
    let error: string | null | undefined;
    await mount(() => (error = useHuntDraft(onDraft)));
    expect(ask).not.toHaveBeenCalled();
    expect(onDraft).not.toHaveBeenCalled();
    expect(error).toBeNull();
  });

  it('asks the worker for the draft once and hands it over', async () => {
    history.replaceState(null, '', `#draft=${draftId.toUpperCase()}`);
    ask.mockResolvedValue({ ok: true, draft } as never);
    const onDraft = vi.fn();
    let error: string | null | undefined;
    function Probe({ turn }: { turn: number }) {
      error = useHuntDraft(onDraft);
      return <i>{turn}</i>;
    }
    await act(() => render(<Probe turn={1} />, container));
    await settle();
    // Drawn again (the page re-renders): the worker hands each draft out once, so it is not asked again.
    await act(() => render(<Probe turn={2} />, container));
    await settle();
    expect(container.textContent).toBe('2');
    expect(ask.mock.calls.map(([request]) => request as BackgroundRequest)).toEqual([{ type: 'getHuntDraft', draftId }]);
    expect(onDraft).toHaveBeenCalledTimes(1);
    expect(onDraft).toHaveBeenCalledWith(draft);
    expect(error).toBeNull();
  });

  it('says so when the draft is gone or the worker fails', async () => {
    history.replaceState(null, '', `#draft=${draftId}`);
    ask.mockResolvedValueOnce({ ok: true, draft: null } as never);
    const onDraft = vi.fn();
    let error: string | null | undefined;
    await mount(() => (error = useHuntDraft(onDraft)));
    expect(error).toBe('The query from the incident is no longer available: open it again from the incident.');
    render(null, container);
    ask.mockRejectedValueOnce(new Error('The worker did not answer.'));
    await mount(() => (error = useHuntDraft(onDraft)));
    expect(error).toBe('The worker did not answer.');
    render(null, container);
    ask.mockRejectedValueOnce('plain');
    await mount(() => (error = useHuntDraft(onDraft)));
    expect(error).toBe('plain');
    expect(onDraft).not.toHaveBeenCalled();
  });
});
