// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { askBackground } from '@/utils/channels/portal-channel';
import { AddTenantButton } from '@/entrypoints/security.content/features/panel/panel-notice';

vi.mock('@/utils/channels/portal-channel', () => ({ askBackground: vi.fn(), onTenantCacheChanged: vi.fn() }));
const ask = vi.mocked(askBackground);
const northwind = '16fd2706-8baf-433b-82eb-8c7fada847da';

function click(element: Element | null, trusted: boolean): void {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
  element?.dispatchEvent(event);
}

function mount() {
  const container = document.createElement('div');
  document.body.append(container);
  render(<AddTenantButton tenantId={northwind} />, container);
  return { container, button: container.querySelector('button'), status: () => container.querySelector('[role="status"]')?.textContent };
}

afterEach(() => {
  document.body.replaceChildren();
  ask.mockReset();
});

describe('AddTenantButton', () => {
  it('asks the worker to open the options page for the page’s tenant, and says it did', async () => {
    ask.mockResolvedValue({ ok: true } as never);
    const { button, status } = mount();
    expect(button?.textContent).toBe('Add this tenant to Handoff');
    await act(async () => {
      click(button, true);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(ask.mock.calls).toEqual([[{ type: 'openAddTenant', tenantId: northwind }]]);
    expect(status()).toBe('Handoff’s options opened in a new tab: name the tenant and add it.');
  });

  it('ignores a click a page script made', async () => {
    const { button, status } = mount();
    await act(async () => click(button, false));
    expect(ask).not.toHaveBeenCalled();
    expect(status()).toBe('');
  });

  it('says when the worker refused', async () => {
    ask.mockRejectedValue(new Error('A portal page may only read or change the tenant it shows.'));
    const { button, status } = mount();
    await act(async () => {
      click(button, true);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(status()).toBe('Could not open Handoff’s options: A portal page may only read or change the tenant it shows.');
  });
});
