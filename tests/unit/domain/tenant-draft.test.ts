import { describe, expect, it } from 'vitest';
import { tenantConfigSchema } from '@/utils/domain/settings';
import { validateTenantDraft } from '@/utils/domain/tenant-draft';

const contoso = tenantConfigSchema.parse({
  tenantId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
  displayName: 'Contoso',
  service: 'xdr',
});

const draft = (overrides: Partial<Record<string, string | boolean>> = {}) => ({
  tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  displayName: 'Fabrikam',
  service: 'hunting',
  teamsChannelUrl: '',
  color: 'teal',
  minimumNotificationSeverity: 'medium',
  inTeamsChannel: false,
  onEmailContacts: true,
  ...overrides,
});

describe('validateTenantDraft', () => {
  it('accepts a GUID, normalised to lower case, with no Teams link', () => {
    const result = validateTenantDraft(draft({ tenantId: ' 7C9E6679-7425-40DE-944B-E07FC1F90AE7 ' }), [contoso]);
    expect(result).toEqual({
      ok: true,
      tenant: expect.objectContaining({
        tenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
        resolvedTenantId: null,
        teamsChannelUrl: null,
        service: 'hunting',
      }),
    });
  });

  it('accepts a verified domain', () => {
    expect(validateTenantDraft(draft({ tenantId: 'fabrikam.onmicrosoft.com' }), []).ok).toBe(true);
  });

  it.each([
    ['not-a-tenant', 'tenantId'],
    ['', 'tenantId'],
    ['javascript:alert(1)', 'tenantId'],
  ])('refuses the tenant id %j', (tenantId, field) => {
    const result = validateTenantDraft(draft({ tenantId }), []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field as 'tenantId']).toMatch(/GUID|domain/);
  });

  it('refuses an empty display name and a Teams link elsewhere than teams.microsoft.com', () => {
    const result = validateTenantDraft(
      draft({ displayName: '  ', teamsChannelUrl: 'https://evil.example/l/channel' }),
      [],
    );
    expect(result).toEqual({
      ok: false,
      errors: { displayName: 'Enter a display name.', teamsChannelUrl: expect.stringContaining('teams.microsoft.com') },
    });
  });

  it('refuses an unknown service', () => {
    expect(validateTenantDraft(draft({ service: 'gold' }), []).ok).toBe(false);
  });

  it('edits a tenant in place: the id stays, the rest changes, it is not its own duplicate', () => {
    const result = validateTenantDraft(
      draft({ tenantId: 'ignored.example.com', displayName: 'Contoso EU', service: 'hunting', color: 'purple' }),
      [contoso],
      contoso,
    );
    expect(result).toEqual({
      ok: true,
      tenant: {
        ...contoso,
        displayName: 'Contoso EU',
        service: 'hunting',
        color: 'purple',
        minimumNotificationSeverity: 'medium',
        onEmailContacts: true,
      },
    });
  });

  it('refuses a colour or severity outside the lists', () => {
    const result = validateTenantDraft(draft({ color: 'url(javascript:x)', minimumNotificationSeverity: 'critical' }), []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['color', 'minimumNotificationSeverity']);
  });

  it('refuses a tenant that is already added', () => {
    const result = validateTenantDraft(draft({ tenantId: contoso.tenantId.toUpperCase() }), [contoso]);
    expect(result).toEqual({ ok: false, errors: { tenantId: expect.stringContaining('Contoso') } });
  });
});
