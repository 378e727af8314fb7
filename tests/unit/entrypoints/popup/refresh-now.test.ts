import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshNow } from '@/entrypoints/popup/refresh-now';

describe("the popup's Refresh now", () => {
  beforeEach(() => fakeBrowser.reset());

  it('asks the worker for a round and accepts its ok', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true });
    await refreshNow();
    expect(send).toHaveBeenCalledWith({ type: 'refreshNow' });
  });

  it("says the worker's error, and refuses an answer of another shape", async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: false, error: 'Sign in first.' });
    await expect(refreshNow()).rejects.toThrow('Sign in first.');
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: 'yes' });
    await expect(refreshNow()).rejects.toThrow('unexpected answer');
  });
});
