import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyManagedPolicy } from '@/utils/domain/managed-policy';
import { readManagedPolicy, watchManagedPolicy } from '@/utils/storage/managed-policy-storage';

const policyClientId = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';

describe('managed policy storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reads storage.managed through the policy parser', async () => {
    await fakeBrowser.storage.managed.set({ clientId: policyClientId, pollIntervalMinutes: 0 });
    const policy = await readManagedPolicy();
    expect(policy.fields).toEqual({ clientId: policyClientId });
    expect(policy.warnings.map((warning) => warning.field)).toEqual(['pollIntervalMinutes']);
  });

  it('reads "no policy" when the browser throws (Firefox without a policy for the add-on)', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    expect(await readManagedPolicy()).toEqual(emptyManagedPolicy);
  });

  it('tells the watcher of managed changes only, until stopped', async () => {
    const onChange = vi.fn();
    const stop = watchManagedPolicy(onChange);
    await fakeBrowser.storage.local.set({ other: 1 });
    expect(onChange).not.toHaveBeenCalled();
    await fakeBrowser.storage.managed.set({ clientId: policyClientId });
    expect(onChange).toHaveBeenCalledTimes(1);
    stop();
    await fakeBrowser.storage.managed.set({ clientId: null });
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});
