import { describe, expect, it } from 'vitest';
import { tenantConfigSchema } from '@/utils/domain/settings';
import { removeTenant, restoreTenant } from '@/utils/domain/tenant-removal';

const make = (tenantId: string, displayName: string) => tenantConfigSchema.parse({ tenantId, displayName, service: 'xdr' });
const contoso = tenantConfigSchema.parse({
  tenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  displayName: 'Contoso',
  service: 'hunting',
  color: 'purple',
  teamsChannelUrl: 'https://teams.microsoft.com/l/channel/19%3aabc/Contoso',
  minimumNotificationSeverity: 'high',
});
const fabrikam = make('7c9e6679-7425-40de-944b-e07fc1f90ae7', 'Fabrikam');
const northwind = make('16fd2706-8baf-433b-82eb-8c7fada847da', 'Northwind');

describe('remove and undo', () => {
  it('removes by key and remembers where the tenant was', () => {
    const { tenants, removed } = removeTenant([fabrikam, contoso, northwind], contoso.tenantId);
    expect(tenants).toEqual([fabrikam, northwind]);
    expect(removed).toEqual({ tenant: contoso, index: 1 });
    expect(removeTenant([fabrikam], contoso.tenantId)).toEqual({ tenants: [fabrikam], removed: null });
  });

  it('undo puts it back at its place with every setting', () => {
    const { tenants, removed } = removeTenant([fabrikam, contoso, northwind], contoso.tenantId);
    expect(restoreTenant(tenants, removed!)).toEqual([fabrikam, contoso, northwind]);
  });

  it('undo after the list shrank appends; after it was added again it changes nothing', () => {
    expect(restoreTenant([fabrikam], { tenant: contoso, index: 5 })).toEqual([fabrikam, contoso]);
    const again = { ...contoso, displayName: 'Contoso again' };
    expect(restoreTenant([again, fabrikam], { tenant: contoso, index: 0 })).toEqual([again, fabrikam]);
  });
});
