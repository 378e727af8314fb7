// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '@/utils/channels/portal-channel';
import { renderHook, settle } from './panel-test-kit';

vi.mock('@/utils/channels/portal-channel', () => ({ askBackground: vi.fn(), onTenantCacheChanged: vi.fn() }));
/** The portal's dialogs, driven by the test: `dialog(true)` as if the portal opened a flyout. */
const dialogs = vi.hoisted(() => ({ onChange: (_open: boolean) => undefined as void }));
vi.mock('@/entrypoints/security.content/features/panel/portal-dialogs', () => ({
  watchPortalDialogs: (_signal: AbortSignal, onChange: (open: boolean) => void) => {
    dialogs.onChange = onChange;
  },
}));

const ask = vi.mocked(askBackground);

/** A fresh module per test: the remembered collapse is module state (one page's life). */
async function chrome() {
  vi.resetModules();
  const module = await import('@/entrypoints/security.content/features/panel/use-panel-chrome');
  return module;
}

beforeEach(() => {
  ask.mockReset();
  ask.mockImplementation((async (request: { type: string; panelCollapsed?: boolean }) =>
    request.type === 'getUiState' ? { ok: true, panelCollapsed: true } : { ok: true, panelCollapsed: request.panelCollapsed }) as never);
});

describe('usePanelChrome: remembered collapse and portal dialogs', () => {
  it('opens as the worker remembers (asked once a page), and tells the worker of each toggle', async () => {
    const { loadPanelCollapsed, usePanelChrome } = await chrome();
    await loadPanelCollapsed();
    await loadPanelCollapsed();
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask).toHaveBeenCalledWith({ type: 'getUiState' });
    const { result } = await renderHook(() => usePanelChrome(new AbortController().signal), undefined);
    expect(result.current.expanded).toBe(false);
    result.current.toggle();
    await settle();
    expect(result.current.expanded).toBe(true);
    expect(ask).toHaveBeenLastCalledWith({ type: 'setUiState', panelCollapsed: false });
    result.current.toggle();
    await settle();
    expect(ask).toHaveBeenLastCalledWith({ type: 'setUiState', panelCollapsed: true });
  });

  it('opens expanded when the worker cannot answer', async () => {
    ask.mockRejectedValue(new Error('no worker'));
    const { loadPanelCollapsed, usePanelChrome } = await chrome();
    await loadPanelCollapsed();
    const { result } = await renderHook(() => usePanelChrome(new AbortController().signal), undefined);
    expect(result.current.expanded).toBe(true);
  });

  it('yields to its pill while a portal dialog is open, comes back after, and remembers nothing of it', async () => {
    ask.mockResolvedValue({ ok: true, panelCollapsed: false } as never);
    const { loadPanelCollapsed, usePanelChrome } = await chrome();
    await loadPanelCollapsed();
    const { result } = await renderHook(() => usePanelChrome(new AbortController().signal), undefined);
    expect(result.current).toMatchObject({ expanded: true, yielded: false });
    dialogs.onChange(true);
    await settle();
    expect(result.current).toMatchObject({ expanded: false, yielded: true });
    // The analyst opens the pill over the dialog: it stays open until the dialog closes; nothing stored.
    result.current.toggle();
    await settle();
    expect(result.current).toMatchObject({ expanded: true, yielded: false });
    dialogs.onChange(false);
    await settle();
    expect(result.current).toMatchObject({ expanded: true, yielded: false });
    dialogs.onChange(true);
    await settle();
    expect(result.current).toMatchObject({ expanded: false, yielded: true });
    dialogs.onChange(false);
    await settle();
    expect(result.current.expanded).toBe(true);
    expect(ask).toHaveBeenCalledTimes(1); // only the first getUiState
  });
});
