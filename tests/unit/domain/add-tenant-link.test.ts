import { describe, expect, it } from 'vitest';
import { addTenantHash, tenantIdFromAddTenantHash } from '@/utils/domain/add-tenant-link';
import { authorizeRequest } from '@/utils/background/authorize-request';
import { backgroundRequestSchema } from '@/utils/messages/background-requests';

const northwind = '16FD2706-8BAF-433B-82EB-8C7FADA847DA';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('the add-tenant link', () => {
  it('carries a GUID, lower case, and gives it back', () => {
    expect(addTenantHash(northwind)).toBe('#add-tenant=16fd2706-8baf-433b-82eb-8c7fada847da');
    expect(tenantIdFromAddTenantHash(addTenantHash(northwind))).toBe('16fd2706-8baf-433b-82eb-8c7fada847da');
  });

  it('refuses anything else on both sides', () => {
    expect(() => addTenantHash('contoso.example')).toThrow('Not a tenant id (GUID).');
    expect(() => addTenantHash(`${contoso}&x=1`)).toThrow();
    for (const hash of ['', '#add-tenant=', '#add-tenant=contoso.example', `#add-tenant=${contoso}x`, `#tenants=${contoso}`, `#add-tenant=${contoso}<b>`]) {
      expect(tenantIdFromAddTenantHash(hash), hash).toBeNull();
    }
  });
});

describe('openAddTenant from a portal tab', () => {
  const extension = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/' };
  const tab = (tid: string | null) => {
    const url = `https://security.microsoft.com/incidents/1002${tid ? `?tid=${tid}` : ''}`;
    return { id: extension.id, url, tabUrl: url };
  };

  it('is allowed for the tenant the tab shows, and only for it', () => {
    expect(authorizeRequest({ type: 'openAddTenant', tenantId: contoso }, tab(contoso), extension)).toEqual({ ok: true, from: 'portalTab' });
    expect(authorizeRequest({ type: 'openAddTenant', tenantId: contoso }, tab(northwind.toLowerCase()), extension).ok).toBe(false);
    expect(authorizeRequest({ type: 'openAddTenant', tenantId: contoso }, tab(null), extension).ok).toBe(false);
  });

  it('must name a GUID', () => {
    expect(backgroundRequestSchema.safeParse({ type: 'openAddTenant', tenantId: 'contoso.example' }).success).toBe(false);
    expect(backgroundRequestSchema.safeParse({ type: 'openAddTenant', tenantId: null }).success).toBe(false);
    expect(backgroundRequestSchema.safeParse({ type: 'openAddTenant', tenantId: contoso }).success).toBe(true);
  });
});
