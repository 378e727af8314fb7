// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { portalDialogOpen, watchPortalDialogs } from '@/entrypoints/security.content/features/panel/portal-dialogs';

/** happy-dom lays nothing out: a shown element is one with client rects, as a browser gives it. */
function dialog(role: string, shown = true): HTMLElement {
  const element = document.createElement('div');
  element.setAttribute('role', role);
  vi.spyOn(element, 'getClientRects').mockReturnValue((shown ? [new DOMRect(0, 0, 480, 900)] : []) as unknown as DOMRectList);
  document.body.append(element);
  return element;
}

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('portal dialogs', () => {
  it('counts a shown dialog or alertdialog, never a hidden one or other roles', () => {
    expect(portalDialogOpen()).toBe(false);
    dialog('region');
    dialog('dialog', false);
    expect(portalDialogOpen()).toBe(false);
    dialog('alertdialog');
    expect(portalDialogOpen()).toBe(true);
  });

  it('tells when the first opens and the last closes, once a frame, and stops with the page', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback));
    const controller = new AbortController();
    const changes: boolean[] = [];
    watchPortalDialogs(controller.signal, (open) => changes.push(open));
    const flyout = dialog('dialog');
    dialog('dialog');
    await Promise.resolve(); // MutationObserver callbacks are microtasks
    expect(frames).toHaveLength(1);
    frames.shift()!(0);
    expect(changes).toEqual([true]);
    document.body.replaceChildren();
    await Promise.resolve();
    frames.shift()!(0);
    expect(changes).toEqual([true, false]);
    controller.abort();
    document.body.append(flyout);
    await Promise.resolve();
    expect(frames).toHaveLength(0);
  });
});
