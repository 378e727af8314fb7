import { describe, expect, it } from 'vitest';
import * as settings from '@/utils/domain/settings';
import { guidPattern, tenantColors, tenantKey } from '@/utils/domain/tenant-identity';

describe('tenant identity (zod-free)', () => {
  it('keys a tenant by its GUID once known, else by what was entered', () => {
    expect(tenantKey({ tenantId: 'contoso.onmicrosoft.com', resolvedTenantId: null })).toBe('contoso.onmicrosoft.com');
    expect(tenantKey({ tenantId: 'contoso.onmicrosoft.com', resolvedTenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' })).toBe(
      '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    );
  });

  it('matches GUIDs only, and names the seven colours the settings accept', () => {
    expect(guidPattern.test('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe(true);
    expect(guidPattern.test('3f2504e0-4f89-41d3-9a0c-0305e82c330')).toBe(false);
    expect(Object.keys(tenantColors)).toEqual(['blue', 'teal', 'green', 'purple', 'orange', 'red', 'gray']);
    expect(settings.tenantColorSchema.options).toEqual(Object.keys(tenantColors));
  });

  it('is what settings.ts exports under the same names (one definition)', () => {
    expect(settings.tenantKey).toBe(tenantKey);
    expect(settings.guidPattern).toBe(guidPattern);
    expect(settings.tenantColors).toBe(tenantColors);
  });
});
