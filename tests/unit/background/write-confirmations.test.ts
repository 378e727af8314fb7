import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWriteConfirmations } from '@/utils/background/write-confirmations';

const question = { title: 'Resolve incident 1002?', lines: ['Tenant: Contoso', 'Incident: 1002'], confirmLabel: 'Resolve incident' };

function setUp() {
  let time = 1_000_000;
  let tokens = 0;
  const deps = {
    openWindow: vi.fn(async (_token: string) => 7),
    closeWindow: vi.fn(async (_windowId: number) => undefined),
    newToken: () => `token-${++tokens}`,
    now: () => time,
    ttlMs: 60_000,
  };
  return { deps, confirmations: createWriteConfirmations(deps), advance: (ms: number) => (time += ms) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('write confirmations (the confirm window of resolve and run)', () => {
  it('opens the window for a fresh token, shows what the worker bound to it, and approves once', async () => {
    const { deps, confirmations } = setUp();
    const asked = confirmations.confirm(question);
    await vi.waitFor(() => expect(deps.openWindow).toHaveBeenCalledWith('token-1'));
    expect(confirmations.view('token-1')).toMatchObject(question);
    expect(confirmations.view('token-2')).toBeNull();
    expect(confirmations.answer('token-1', true)).toBe(true);
    await expect(asked).resolves.toBe(true);
    expect(deps.closeWindow).toHaveBeenCalledWith(7);
    // One-time: the token is spent.
    expect(confirmations.answer('token-1', true)).toBe(false);
    expect(confirmations.view('token-1')).toBeNull();
  });

  it('refuses on Cancel, on the window closed, on expiry, and a guessed token approves nothing', async () => {
    const { deps, confirmations, advance } = setUp();
    const cancelled = confirmations.confirm(question);
    expect(confirmations.answer('not-a-token', true)).toBe(false);
    confirmations.answer('token-1', false);
    await expect(cancelled).resolves.toBe(false);

    const closed = confirmations.confirm(question);
    await vi.waitFor(() => expect(deps.openWindow).toHaveBeenCalledTimes(2));
    await Promise.resolve();
    confirmations.windowClosed(7);
    await expect(closed).resolves.toBe(false);

    const expired = confirmations.confirm(question);
    advance(61_000);
    expect(confirmations.answer('token-3', true)).toBe(false);
    await expect(expired).resolves.toBe(false);

    const timedOut = confirmations.confirm(question);
    vi.advanceTimersByTime(60_000);
    await expect(timedOut).resolves.toBe(false);
  });

  it('refuses when the window cannot be opened', async () => {
    const { deps, confirmations } = setUp();
    deps.openWindow.mockRejectedValueOnce(new Error('no windows'));
    await expect(confirmations.confirm(question)).resolves.toBe(false);
  });
});
