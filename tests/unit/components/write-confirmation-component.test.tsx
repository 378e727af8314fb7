// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WriteConfirmation, type PendingWrite } from '@/components/WriteConfirmation';

const pending: PendingWrite = {
  title: 'Resolve incident 1002?',
  lines: ['Tenant: Contoso', 'Comment: <img src=x onerror="globalThis.pwned=1">'],
  confirmLabel: 'Resolve incident',
  expiresAt: 2_000,
};

async function mount(load: () => Promise<PendingWrite | null>, now = 1_000) {
  const container = document.createElement('div');
  document.body.append(container);
  const answer = vi.fn(async (_approved: boolean) => undefined);
  await act(async () => {
    render(<WriteConfirmation load={load} answer={answer} close={vi.fn()} now={() => now} />, container);
  });
  await act(async () => undefined);
  return { container, answer };
}

// The window re-asks the worker every 10 s: on fake timers, so no real interval outlives a test.
beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('WriteConfirmation (the confirm window)', () => {
  it('shows what the worker bound to the token, as text, and answers yes or no', async () => {
    const { container, answer } = await mount(async () => pending);
    expect(container.querySelector('h1')?.textContent).toBe('Resolve incident 1002?');
    expect([...container.querySelectorAll('li')].map((item) => item.textContent)).toEqual(pending.lines);
    expect(container.querySelector('img')).toBeNull();
    const [confirm, cancel] = [...container.querySelectorAll('button')];
    expect(confirm?.textContent).toBe('Resolve incident');
    expect(cancel?.textContent).toBe('Cancel');
    await act(async () => confirm?.click());
    expect(answer).toHaveBeenCalledWith(true);
  });

  it('says so when the request expired or was answered, and offers no yes', async () => {
    for (const load of [async () => null, async () => pending]) {
      const { container } = await mount(load, 5_000);
      expect(container.querySelector('[role="alert"]')?.textContent).toContain('expired or was already answered');
      expect([...container.querySelectorAll('button')].map((button) => button.textContent)).toEqual(['Close']);
      document.body.replaceChildren();
    }
  });
});
