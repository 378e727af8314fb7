import { describe, expect, it } from 'vitest';
import { defaultSettings, salvageSettings } from '@/utils/domain/settings';

const contoso = { tenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', displayName: 'Contoso', service: 'xdr' };

describe('salvageSettings', () => {
  it('reads valid settings as they are, with defaults for what is missing', () => {
    expect(salvageSettings({ tenants: [contoso], pollIntervalMinutes: 10 })).toMatchObject({
      pollIntervalMinutes: 10,
      notificationsEnabled: true,
      tenants: [{ ...contoso, color: 'blue', resolvedTenantId: null }],
    });
  });

  it('keeps the valid tenants and fields when some are damaged', () => {
    const salvaged = salvageSettings({
      clientId: 'not a guid',
      pollIntervalMinutes: 5000,
      notificationsEnabled: false,
      tenants: [contoso, { tenantId: 'x', displayName: '', service: 'platinum' }, null],
    });
    expect(salvaged.tenants.map((tenant) => tenant.displayName)).toEqual(['Contoso']);
    expect(salvaged.clientId).toBeNull();
    expect(salvaged.pollIntervalMinutes).toBe(defaultSettings.pollIntervalMinutes);
    expect(salvaged.notificationsEnabled).toBe(false);
  });

  it('falls back to the defaults for anything that is not settings at all', () => {
    for (const junk of [undefined, null, 'text', 42, [1, 2]]) expect(salvageSettings(junk)).toEqual(defaultSettings);
  });
});
