import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { purgeAfterSignOut } from '@/utils/background/sign-out-purge';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('purgeAfterSignOut', () => {
  beforeEach(() => fakeBrowser.reset());

  it('leaves no tenant data, notification or cache key behind, and keeps the settings', async () => {
    await fakeBrowser.storage.session.set({
      msalCacheKey: { id: '6f1c2a5e-8d0b-4c1e-9a7f-3b2d1e0f4a5b', key: 'A'.repeat(43) },
      notificationClickTargets: { n1: 'https://security.microsoft.com/incidents/1' },
    });
    await fakeBrowser.storage.local.set({
      settings: { clientId: null },
      [`tenantCache:${contoso}`]: { unreadable: true },
      tenantSummaries: { schemaVersion: 1, tenants: {} },
      pendingNotifications: [{ id: 'n2' }],
      [`writeRefusal:${contoso}`]: { refusedAt: new Date().toISOString(), message: 'Forbidden' },
    });
    await purgeAfterSignOut();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ settings: { clientId: null } });
    const session = await fakeBrowser.storage.session.get(null);
    expect(session['msalCacheKey']).toBeUndefined();
    expect(session['notificationClickTargets'] ?? {}).toEqual({});
  });
});
