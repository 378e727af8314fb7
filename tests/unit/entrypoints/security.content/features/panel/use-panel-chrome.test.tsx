// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { usePanelChrome } from '@/entrypoints/security.content/features/panel/use-panel-chrome';
import { renderHook, settle } from './panel-test-kit';

const noProps = () => usePanelChrome();

describe('usePanelChrome', () => {
  it('collapses, and the next panel (after the portal navigates) opens collapsed too', async () => {
    const first = await renderHook(noProps, undefined);
    expect(first.result.current.expanded).toBe(true);
    first.result.current.toggle();
    await settle();
    expect(first.result.current.expanded).toBe(false);
    first.unmount();

    const next = await renderHook(noProps, undefined);
    expect(next.result.current.expanded).toBe(false);
    next.result.current.toggle();
    await settle();
    expect(next.result.current.expanded).toBe(true);
  });

  it('copies to the clipboard and says so, with what to do next', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const { result } = await renderHook(noProps, undefined);
    await result.current.copy('Link', 'https://security.microsoft.com/incident2/1002/overview');
    await settle();
    expect(writeText).toHaveBeenCalledWith('https://security.microsoft.com/incident2/1002/overview');
    expect(result.current.notice).toEqual({ kind: 'info', text: 'Link copied.' });
    expect(result.current.copyFallback).toBeNull();

    await result.current.copy('Inquiry', 'text', 'Paste it in the portal.');
    await settle();
    expect(result.current.notice).toEqual({ kind: 'info', text: 'Inquiry copied. Paste it in the portal.' });
  });

  it('shows the text to copy by hand when the page grants no clipboard, until a copy succeeds', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new DOMException('Denied', 'NotAllowedError'));
    const { result } = await renderHook(noProps, undefined);
    await result.current.copy('Handoff summary', '### Incident 1002');
    await settle();
    expect(result.current.copyFallback).toEqual({ label: 'Handoff summary', text: '### Incident 1002' });
    expect(result.current.notice).toEqual({
      kind: 'info',
      text: 'Handoff summary: the clipboard is not available here, copy it from the box.',
    });

    writeText.mockResolvedValueOnce(undefined);
    await result.current.copy('Link', 'https://example.test');
    await settle();
    expect(result.current.copyFallback).toBeNull();
  });

  it('keeps the notice any concern puts there, and clears it', async () => {
    const { result } = await renderHook(noProps, undefined);
    result.current.showNotice({ kind: 'refused', text: 'Read-only in Contoso.' });
    await settle();
    expect(result.current.notice).toEqual({ kind: 'refused', text: 'Read-only in Contoso.' });
    result.current.showNotice(null);
    await settle();
    expect(result.current.notice).toBeNull();
  });
});
