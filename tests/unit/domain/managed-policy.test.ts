import { describe, expect, it } from 'vitest';
import {
  effectiveSettings,
  emptyManagedPolicy,
  localSettingsToStore,
  parseManagedPolicy,
  responseActionsRefusal,
} from '@/utils/domain/managed-policy';
import { defaultSettings, salvageSettings, tenantKey } from '@/utils/domain/settings';

const contosoId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikamId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const northwindId = '16fd2706-8baf-433b-82eb-8c7fada847da';
const policyClientId = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const ownClientId = '11111111-2222-4333-8444-555555555555';

const contoso = { tenantId: contosoId, displayName: 'Contoso', service: 'xdr' };
const fabrikam = { tenantId: fabrikamId, displayName: 'Fabrikam', service: 'hunting', color: 'teal' };

describe('parseManagedPolicy', () => {
  it('reads every policy key', () => {
    const policy = parseManagedPolicy({
      clientId: policyClientId.toUpperCase(),
      tenants: [contoso, fabrikam],
      allowUserTenants: false,
      gdapImportAllowed: false,
      quickActions: 'off',
      responseActionsAllowed: false,
      pollIntervalMinutes: 10,
      badgeIncludesReviews: true,
      badgeIncludesUnassigned: true,
      notificationsEnabled: false,
      minimumNotificationSeverity: 'high',
      assigneeAliases: { defenderExperts: ['MDE Team'], customer: [] },
    });
    expect(policy.warnings).toEqual([]);
    expect(policy.fields).toMatchObject({ clientId: policyClientId, pollIntervalMinutes: 10, quickActions: 'off', minimumNotificationSeverity: 'high' });
    expect(policy.tenants?.map((tenant) => [tenant.tenantId, tenant.color, tenant.responseActionsAllowed])).toEqual([
      [contosoId, 'blue', true],
      [fabrikamId, 'teal', true],
    ]);
  });

  it('ignores each invalid field with a warning naming it and why, and keeps the rest', () => {
    const policy = parseManagedPolicy({
      clientId: policyClientId,
      pollIntervalMinutes: 'soon',
      quickActions: 'sometimes',
      notificationsEnabled: false,
      colour: 'red',
    });
    expect(policy.fields).toEqual({ clientId: policyClientId, notificationsEnabled: false });
    expect(policy.warnings.map((warning) => warning.field)).toEqual(['pollIntervalMinutes', 'quickActions', 'colour']);
    expect(policy.warnings[0]?.message).toMatch(/Ignored: your own setting applies/);
    expect(policy.warnings[2]?.message).toMatch(/Not a Handoff policy/);
  });

  it('ignores a tenant with a bad GUID or field, and a duplicate, keeping the others', () => {
    const policy = parseManagedPolicy({
      tenants: [contoso, { ...fabrikam, tenantId: 'not-a-guid' }, { ...fabrikam, service: 'platinum' }, { ...contoso, displayName: 'Again' }, fabrikam],
    });
    expect(policy.tenants?.map((tenant) => tenant.displayName)).toEqual(['Contoso', 'Fabrikam']);
    expect(policy.warnings.map((warning) => warning.field)).toEqual(['tenants[1].tenantId', 'tenants[2].service', 'tenants[3].tenantId']);
    expect(policy.warnings[0]?.message).toMatch(/GUID.*This tenant was ignored/);
  });

  it('never throws: no policy, a non-object, or a tenant list that is not a list', () => {
    expect(parseManagedPolicy(undefined)).toEqual(emptyManagedPolicy);
    expect(parseManagedPolicy({})).toEqual(emptyManagedPolicy);
    expect(parseManagedPolicy('text').warnings).toHaveLength(1);
    expect(parseManagedPolicy([1]).warnings).toHaveLength(1);
    const policy = parseManagedPolicy({ tenants: 'contoso' });
    expect(policy.tenants).toEqual([]);
    expect(policy.warnings).toEqual([{ field: 'tenants', message: expect.stringMatching(/list/) }]);
  });
});

describe('effectiveSettings', () => {
  const local = salvageSettings({
    clientId: ownClientId,
    pollIntervalMinutes: 3,
    quickActionsEnabled: true,
    tenants: [
      { tenantId: northwindId, displayName: 'Northwind (mine)', service: 'none' },
      // The analyst had Contoso before the policy listed it: their GDAP roles stay, the policy's fields win.
      { ...contoso, resolvedTenantId: contosoId, displayName: 'Old name', color: 'red', inTeamsChannel: true, securityRoles: ['Security Operator'] },
    ],
  });

  it('without a policy, is the local settings and locks nothing', () => {
    const { settings, managed } = effectiveSettings(local, emptyManagedPolicy);
    expect(settings).toEqual(local);
    expect(managed).toMatchObject({ locked: [], managedTenantKeys: [], userTenantsAllowed: true, gdapImportAllowed: true, responseActionsAllowed: true });
  });

  it('lets managed values win and says which fields they lock', () => {
    const { settings, managed } = effectiveSettings(
      local,
      parseManagedPolicy({ clientId: policyClientId, pollIntervalMinutes: 15, quickActions: 'off', assigneeAliases: { defenderExperts: ['X'], customer: [] } }),
    );
    expect(settings.clientId).toBe(policyClientId);
    expect(settings.pollIntervalMinutes).toBe(15);
    expect(settings.quickActionsEnabled).toBe(false);
    expect(settings.extraAssigneeAliases.defenderExperts).toEqual(['X']);
    expect(managed.locked.sort()).toEqual(['clientId', 'extraAssigneeAliases', 'pollIntervalMinutes', 'quickActionsEnabled']);
  });

  it("'allowed' quick actions leave the analyst's choice alone", () => {
    const { settings, managed } = effectiveSettings(local, parseManagedPolicy({ quickActions: 'allowed' }));
    expect(settings.quickActionsEnabled).toBe(true);
    expect(managed.locked).toEqual([]);
  });

  it("merges the policy's tenants (first, locked) with the analyst's own, the policy's fields winning", () => {
    const { settings, managed } = effectiveSettings(local, parseManagedPolicy({ tenants: [contoso, fabrikam] }));
    expect(settings.tenants.map((tenant) => [tenantKey(tenant), tenant.displayName, tenant.color])).toEqual([
      [contosoId, 'Contoso', 'blue'],
      [fabrikamId, 'Fabrikam', 'teal'],
      [northwindId, 'Northwind (mine)', 'blue'],
    ]);
    // The analyst's own facts about Contoso (GDAP roles, channel membership) are kept.
    expect(settings.tenants[0]).toMatchObject({ resolvedTenantId: contosoId, inTeamsChannel: true, securityRoles: ['Security Operator'] });
    expect(managed.managedTenantKeys).toEqual([contosoId, fabrikamId]);
  });

  it('drops the analyst’s own tenants when the policy forbids them', () => {
    const { settings, managed } = effectiveSettings(local, parseManagedPolicy({ tenants: [fabrikam], allowUserTenants: false }));
    expect(settings.tenants.map((tenant) => tenant.displayName)).toEqual(['Fabrikam']);
    expect(managed.userTenantsAllowed).toBe(false);
  });

  it('sets every tenant’s minimum severity from the policy', () => {
    const { settings, managed } = effectiveSettings(local, parseManagedPolicy({ tenants: [fabrikam], minimumNotificationSeverity: 'medium' }));
    expect(settings.tenants.map((tenant) => tenant.minimumNotificationSeverity)).toEqual(['medium', 'medium', 'medium']);
    expect(managed.severityLocked).toBe(true);
  });
});

describe('localSettingsToStore', () => {
  const local = salvageSettings({
    clientId: ownClientId,
    pollIntervalMinutes: 3,
    tenants: [{ tenantId: northwindId, displayName: 'Northwind', service: 'none' }, { ...contoso, displayName: 'Mine' }],
  });
  const policy = parseManagedPolicy({ clientId: policyClientId, pollIntervalMinutes: 15, tenants: [contoso, fabrikam] });

  it('never stores a managed value: locked fields keep what was stored, policy-only tenants are not stored', () => {
    const { settings, managed } = effectiveSettings(local, policy);
    const stored = localSettingsToStore({ ...settings, pollIntervalMinutes: 20, badgeIncludesReviews: true }, local, managed);
    expect(stored.clientId).toBe(ownClientId);
    expect(stored.pollIntervalMinutes).toBe(3);
    expect(stored.badgeIncludesReviews).toBe(true);
    expect(stored.tenants.map((tenant) => [tenant.tenantId, tenant.displayName])).toEqual([
      [contosoId, 'Mine'],
      [northwindId, 'Northwind'],
    ]);
  });

  it('keeps a policy tenant the analyst had, with its policy fields as stored and their own changes', () => {
    const { settings, managed } = effectiveSettings(local, policy);
    const next = {
      ...settings,
      tenants: settings.tenants.map((tenant) => ({ ...tenant, displayName: 'Renamed', securityRoles: ['Security Reader'] })),
    };
    const stored = localSettingsToStore(next, local, managed);
    expect(stored.tenants.find((tenant) => tenant.tenantId === contosoId)).toMatchObject({ displayName: 'Mine', securityRoles: ['Security Reader'] });
    expect(stored.tenants.find((tenant) => tenant.tenantId === northwindId)?.displayName).toBe('Renamed');
  });

  it('does not let a policy tenant be removed from storage, nor an own tenant be added when they are forbidden', () => {
    const forbidding = parseManagedPolicy({ tenants: [contoso], allowUserTenants: false });
    const { settings, managed } = effectiveSettings(local, forbidding);
    const added = salvageSettings({ tenants: [fabrikam] }).tenants[0]!;
    const stored = localSettingsToStore({ ...settings, tenants: [added] }, local, managed);
    expect(stored.tenants.map((tenant) => tenant.displayName)).toEqual(['Mine', 'Northwind']);
  });

  it('with no policy, stores exactly what was changed', () => {
    const { managed } = effectiveSettings(local, emptyManagedPolicy);
    const next = { ...local, pollIntervalMinutes: 9 };
    expect(localSettingsToStore(next, local, managed)).toEqual(next);
  });
});

describe('responseActionsRefusal', () => {
  it('refuses everywhere when the policy forbids response actions, or in the tenants it names', () => {
    const everywhere = effectiveSettings(defaultSettings, parseManagedPolicy({ responseActionsAllowed: false })).managed;
    expect(responseActionsRefusal(everywhere, contosoId)).toMatch(/does not allow response actions/);
    const perTenant = effectiveSettings(
      defaultSettings,
      parseManagedPolicy({ tenants: [{ ...contoso, responseActionsAllowed: false }, fabrikam] }),
    ).managed;
    expect(responseActionsRefusal(perTenant, contosoId)).toMatch(/in this tenant/);
    expect(responseActionsRefusal(perTenant, fabrikamId)).toBeNull();
    expect(responseActionsRefusal(effectiveSettings(defaultSettings, emptyManagedPolicy).managed, contosoId)).toBeNull();
  });
});
