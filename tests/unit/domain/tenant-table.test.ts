import { describe, expect, it } from 'vitest';
import { filterTenants, matchesTenantQuery, tenantFlagCounts, tenantFlags, type FlaggedTenant, type TenantFlagInput } from '@/utils/domain/tenant-table';

const base: TenantFlagInput = { access: 'readWrite', service: 'xdr', teamsChannelUrl: 'https://teams.microsoft.com/l/channel/x', expiringCount: 0, syncState: 'ok' };

describe('tenant flags', () => {
  it('gives a ready tenant no badge', () => {
    expect(tenantFlags(base)).toEqual([]);
  });

  it('names the sync problem once, the access, a missing Teams link for XDR only, and expiring GDAP', () => {
    expect(tenantFlags({ ...base, syncState: 'needsConsent', access: 'readOnly', teamsChannelUrl: null, expiringCount: 2 })).toEqual([
      'needsConsent',
      'readOnly',
      'noTeamsLink',
      'expiring',
    ]);
    expect(tenantFlags({ ...base, syncState: 'needsSignIn', access: 'none' })).toEqual(['needsSignIn', 'noRole']);
    for (const state of ['missingRole', 'throttled', 'error'] as const) expect(tenantFlags({ ...base, syncState: state })).toEqual(['syncFailing']);
    expect(tenantFlags({ ...base, syncState: 'neverSynced', access: 'unknown' })).toEqual(['accessUnknown']);
    expect(tenantFlags({ ...base, syncState: null })).toEqual([]);
  });

  it('asks for a Teams link only where Defender Experts for XDR has a channel', () => {
    expect(tenantFlags({ ...base, service: 'hunting', teamsChannelUrl: null })).toEqual([]);
    expect(tenantFlags({ ...base, service: 'none', teamsChannelUrl: '' })).toEqual([]);
    expect(tenantFlags({ ...base, teamsChannelUrl: '' })).toEqual(['noTeamsLink']);
  });
});

const tenant = (key: string, displayName: string, flags: FlaggedTenant['flags']): FlaggedTenant => ({ key, displayName, tenantId: key, flags });
const tenants = [
  tenant('3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'Contoso', ['readOnly', 'noTeamsLink']),
  tenant('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Fabrikam', ['needsConsent', 'readOnly']),
  tenant('northwind.onmicrosoft.com', 'Northwind Traders', []),
  tenant('16fd2706-8baf-433b-82eb-8c7fada847da', 'Contoso EMEA', ['noTeamsLink', 'noTeamsLink']),
];

describe('the filter chips', () => {
  it('counts each flag once per tenant, in the fixed order, leaving out flags no tenant has', () => {
    expect(tenantFlagCounts(tenants)).toEqual([
      { flag: 'needsConsent', label: 'Needs consent', count: 1 },
      { flag: 'readOnly', label: 'Read-only', count: 2 },
      { flag: 'noTeamsLink', label: 'No Teams link', count: 2 },
    ]);
    expect(tenantFlagCounts([])).toEqual([]);
  });

  it('a chip shows exactly the tenants it counted', () => {
    for (const { flag, count } of tenantFlagCounts(tenants)) expect(filterTenants(tenants, { query: '', flag })).toHaveLength(count);
    expect(filterTenants(tenants, { query: '', flag: 'readOnly' }).map((t) => t.displayName)).toEqual(['Contoso', 'Fabrikam']);
    expect(filterTenants(tenants, { query: '', flag: 'expiring' })).toEqual([]);
  });
});

describe('the search', () => {
  it('matches the name or id, any case, trimmed; blank matches all', () => {
    expect(filterTenants(tenants, { query: '  contoso ', flag: null }).map((t) => t.displayName)).toEqual(['Contoso', 'Contoso EMEA']);
    expect(filterTenants(tenants, { query: '7C9E6679', flag: null }).map((t) => t.displayName)).toEqual(['Fabrikam']);
    expect(filterTenants(tenants, { query: 'onmicrosoft', flag: null }).map((t) => t.displayName)).toEqual(['Northwind Traders']);
    expect(filterTenants(tenants, { query: '', flag: null })).toHaveLength(4);
    expect(matchesTenantQuery(tenants[0]!, 'woodgrove')).toBe(false);
  });

  it('combines with a chip', () => {
    expect(filterTenants(tenants, { query: 'emea', flag: 'noTeamsLink' }).map((t) => t.displayName)).toEqual(['Contoso EMEA']);
    expect(filterTenants(tenants, { query: 'emea', flag: 'readOnly' })).toEqual([]);
  });
});
