import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readTenantDirectory } from '@/utils/background/portal/tenant-directory';
import { tenantDirectoryResponseSchema } from '@/utils/messages/portal-answers';

const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('readTenantDirectory: the names the multitenant portal matches rows to', () => {
  beforeEach(() => fakeBrowser.reset());

  it('gives each configured tenant’s GUID (lower case; null until a domain is resolved) and display name, nothing else', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        clientId: '11111111-2222-4333-8444-555555555555',
        tenants: [
          { tenantId: contoso.toUpperCase(), displayName: 'Contoso', service: 'xdr', teamsChannelUrl: 'https://teams.microsoft.com/l/channel/x' },
          { tenantId: 'fabrikam.example', displayName: 'Fabrikam', service: 'hunting' },
          { tenantId: 'northwind.example', resolvedTenantId: fabrikam, displayName: '<b>Northwind</b>', service: 'none' },
        ],
      },
    });
    const answer = await readTenantDirectory();
    expect(tenantDirectoryResponseSchema.parse(answer)).toEqual(answer);
    expect(answer).toEqual({
      ok: true,
      tenants: [
        { tenantId: contoso, displayName: 'Contoso' },
        { tenantId: null, displayName: 'Fabrikam' },
        { tenantId: fabrikam, displayName: '<b>Northwind</b>' },
      ],
    });
  });

  it('is empty without tenants', async () => {
    expect(await readTenantDirectory()).toEqual({ ok: true, tenants: [] });
  });
});
