import { describe, expect, it } from 'vitest';
import { responsibilityMatrix } from '@/utils/domain/responsibility-matrix';
import { customerOnlyOnboardingSteps, tenantAccess, tenantReadiness } from '@/utils/domain/tenant-readiness';

const writeScope = 'https://graph.microsoft.com/SecurityIncident.ReadWrite.All';
const tenant = (securityRoles: string[], extra: Record<string, unknown> = {}) => ({
  service: 'xdr' as const,
  securityRoles,
  inTeamsChannel: true,
  onEmailContacts: true,
  teamsChannelUrl: 'https://teams.microsoft.com/l/channel/x',
  ...extra,
});
const operatorTenant = (extra: Record<string, unknown> = {}) =>
  tenant(['Security Operator'], { heldSecurityRoles: [{ role: 'Security Operator', via: ['SOC operators'] }], ...extra });

describe('tenantAccess', () => {
  it.each([
    [['Security Reader'], 'readOnly'],
    // Requested is not held: without the held roles, a requested Operator says nothing.
    [['Security Reader', 'Security Operator'], 'unknown'],
    [['Security Administrator'], 'unknown'],
    [['Global Reader-ish'], 'none'],
    [[], 'unknown'],
  ] as const)('requested %j, held not known, gives %s', (roles, access) => {
    expect(tenantAccess({ securityRoles: [...roles], heldSecurityRoles: null })).toBe(access);
  });

  it('uses the held roles when known', () => {
    const requested = ['Security Reader', 'Security Operator'];
    expect(tenantAccess({ securityRoles: requested, heldSecurityRoles: [{ role: 'Security Reader', via: ['SOC readers'] }] })).toBe('readOnly');
    expect(tenantAccess({ securityRoles: requested, heldSecurityRoles: [{ role: 'Security Operator', via: ['SOC'] }] })).toBe('readWrite');
    expect(tenantAccess({ securityRoles: requested, heldSecurityRoles: [] })).toBe('none');
  });
});

describe('tenantReadiness', () => {
  const account = { quickActionsEnabled: true, grantedScopes: [writeScope] };

  it('allows quick actions with an operator role held, quick actions on and the write scope granted', () => {
    const readiness = tenantReadiness(operatorTenant(), account);
    expect(readiness.accessText).toBe('Read and write (Security Operator via SOC operators)');
    expect(readiness.heldRoles).toEqual([{ role: 'Security Operator', via: ['SOC operators'] }]);
    expect(readiness.requestedOnly).toEqual([]);
    expect(readiness.quickActions.every((action) => action.allowed)).toBe(true);
    expect(readiness.gaps).toEqual([]);
  });

  it('reads only with the reader group, though the relationship requests Operator, and says why', () => {
    const readiness = tenantReadiness(
      tenant(['Security Reader', 'Security Operator'], { heldSecurityRoles: [{ role: 'Security Reader', via: ['SOC readers'] }] }),
      account,
    );
    expect(readiness.access).toBe('readOnly');
    expect(readiness.accessText).toBe('Read only (Security Reader via SOC readers)');
    expect(readiness.requestedOnly).toEqual(['Security Operator']);
    expect(readiness.quickActions[0]).toEqual({
      action: 'Assign to me',
      allowed: false,
      reason:
        'Your role here (Security Reader) cannot change incidents: Security Operator is needed. Your GDAP relationship requests Security Operator, but you are not in a group it is assigned to.',
    });
  });

  it('does not block when the held roles are unknown, and says the roles are only requested', () => {
    const readiness = tenantReadiness(tenant(['Security Operator']), account);
    expect(readiness.access).toBe('unknown');
    expect(readiness.accessText).toBe(
      'Not known: your GDAP relationship requests Security Operator; import from GDAP again to see the roles you hold',
    );
    expect(readiness.heldRoles).toBeNull();
    expect(readiness.requestedOnly).toEqual(['Security Operator']);
    expect(readiness.quickActions.every((action) => action.allowed)).toBe(true);
    // No GDAP at all (in-house SOC, direct tenant).
    expect(tenantReadiness(tenant([]), account).accessText).toBe('Not known: import from GDAP to see your roles');
  });

  it('says why quick actions are not possible, most fundamental reason first', () => {
    const reader = tenantReadiness(tenant(['Security Reader']), account);
    expect(reader.quickActions[0]).toEqual({ action: 'Assign to me', allowed: false, reason: expect.stringContaining('Security Operator is needed') });
    const off = tenantReadiness(operatorTenant(), { quickActionsEnabled: false, grantedScopes: [writeScope] });
    expect(off.quickActions[0]?.reason).toContain('Quick actions are off');
    const notGranted = tenantReadiness(operatorTenant(), { quickActionsEnabled: true, grantedScopes: [] });
    expect(notGranted.quickActions[0]?.reason).toContain('has not been granted');
  });

  it('names expiring relationships (still active)', () => {
    const readiness = tenantReadiness(
      operatorTenant({ expiringRelationships: [{ displayName: 'Northwind SOC', endDateTime: '2026-12-09T10:00:00Z' }] }),
      account,
    );
    expect(readiness.expiring).toEqual(['GDAP relationship "Northwind SOC" is expiring (ends 2026-12-09): still active until then.']);
    expect(readiness.access).toBe('readWrite');
  });

  it('lists the gaps in the Defender Experts channels', () => {
    const readiness = tenantReadiness(
      tenant(['Security Operator'], { inTeamsChannel: false, onEmailContacts: false, teamsChannelUrl: null }),
      { quickActionsEnabled: false, grantedScopes: [] },
    );
    expect(readiness.gaps).toHaveLength(3);
  });
});

describe('customerOnlyOnboardingSteps', () => {
  it('are the onboarding duties of the customer for XDR, straight from the matrix', () => {
    const steps = customerOnlyOnboardingSteps('xdr');
    expect(steps).toEqual(responsibilityMatrix.xdr.find((row) => row.area === 'onboarding')?.partner);
    expect(steps.some((step) => step.includes('Apply Defender Experts license'))).toBe(true);
  });

  it('is adding notification contacts for Hunting, and nothing without a service', () => {
    expect(customerOnlyOnboardingSteps('hunting')).toEqual([expect.stringContaining('MSSP partners can be added as notification contacts')]);
    expect(customerOnlyOnboardingSteps('none')).toEqual([]);
  });
});
