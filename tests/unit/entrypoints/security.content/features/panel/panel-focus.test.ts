// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { focusPanel, onFocusPanelRequest } from '@/entrypoints/security.content/features/panel/panel-focus';

function region(html: string): HTMLElement {
  const section = document.createElement('section');
  section.innerHTML = html; // test markup only
  document.body.append(section);
  return section;
}

afterEach(() => {
  document.body.replaceChildren();
  fakeBrowser.reset();
});

describe('the panel’s focus on the shortcut', () => {
  it('focuses the top card when open, though the header’s toggle comes first', () => {
    const open = region('<header><button class="handoff-panel__toggle">Collapse</button></header><div class="handoff-card" tabindex="-1"></div>');
    focusPanel(open);
    expect(document.activeElement).toBe(open.querySelector('.handoff-card'));
  });

  it('focuses the pill when collapsed, and does nothing without a panel', () => {
    const collapsed = region('<button class="handoff-pill">Your move · Act · 3 h · Contoso</button>');
    focusPanel(collapsed);
    expect(document.activeElement).toBe(collapsed.querySelector('.handoff-pill'));
    expect(() => focusPanel(null)).not.toThrow();
  });

  it('runs on the worker’s message only, until the page ends', async () => {
    const controller = new AbortController();
    let focused = 0;
    onFocusPanelRequest(controller.signal, () => (focused += 1));
    await fakeBrowser.runtime.onMessage.trigger({ type: 'handoffCacheChanged', tenant: 'x' }, {});
    expect(focused).toBe(0);
    await fakeBrowser.runtime.onMessage.trigger({ type: 'handoffFocusPanel' }, {});
    expect(focused).toBe(1);
    controller.abort();
    await fakeBrowser.runtime.onMessage.trigger({ type: 'handoffFocusPanel' }, {});
    expect(focused).toBe(1);
  });
});
