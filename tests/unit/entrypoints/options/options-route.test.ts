import { describe, expect, it } from 'vitest';
import { optionsRoute, tenantDetailsHash } from '@/entrypoints/options/options-route';

describe('the options page route', () => {
  it('opens each page by its hash, and Account (with Get started) for none or an unknown one', () => {
    for (const page of ['account', 'tenants', 'sync', 'audit', 'about'] as const) expect(optionsRoute(`#${page}`)).toEqual({ page, tenantKey: null });
    expect(optionsRoute('')).toEqual({ page: 'account', tenantKey: null });
    expect(optionsRoute('#nothing')).toEqual({ page: 'account', tenantKey: null });
  });

  it('keeps the links others open: #tenants, #add-tenant=<guid>, and the old anchors', () => {
    expect(optionsRoute('#add-tenant=16fd2706-8baf-433b-82eb-8c7fada847da').page).toBe('tenants');
    expect(optionsRoute('#readiness').page).toBe('tenants');
    expect(optionsRoute('#who-does-what').page).toBe('about');
    expect(optionsRoute('#reports').page).toBe('audit');
  });

  it('opens a tenant’s details by its key, round-tripping the hash', () => {
    expect(optionsRoute(tenantDetailsHash('contoso.onmicrosoft.com'))).toEqual({ page: 'tenants', tenantKey: 'contoso.onmicrosoft.com' });
    expect(tenantDetailsHash('a b')).toBe('#tenant=a%20b');
    expect(optionsRoute('#tenant=%E0%A4%A')).toEqual({ page: 'tenants', tenantKey: null });
  });
});
