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

describe('tenantAccess', () => {
  it.each([
    [['Security Reader'], 'readOnly'],
    [['Security Reader', 'Security Operator'], 'readWrite'],
    [['Security Administrator'], 'readWrite'],
    [['Global Reader-ish'], 'none'],
    [[], 'unknown'],
  ] as const)('%j gives %s', (roles, access) => {
    expect(tenantAccess(roles)).toBe(access);
  });
});

describe('tenantReadiness', () => {
  it('allows quick actions with an operator role, quick actions on and the write scope granted', () => {
    const readiness = tenantReadiness(tenant(['Security Operator']), { quickActionsEnabled: true, grantedScopes: [writeScope] });
    expect(readiness.accessText).toBe('Read and write (Security Operator)');
    expect(readiness.quickActions.every((action) => action.allowed)).toBe(true);
    expect(readiness.gaps).toEqual([]);
  });

  it('says why quick actions are not possible, most fundamental reason first', () => {
    const reader = tenantReadiness(tenant(['Security Reader']), { quickActionsEnabled: true, grantedScopes: [writeScope] });
    expect(reader.quickActions[0]).toEqual({ action: 'Assign to me', allowed: false, reason: expect.stringContaining('Security Operator is needed') });
    const off = tenantReadiness(tenant(['Security Operator']), { quickActionsEnabled: false, grantedScopes: [writeScope] });
    expect(off.quickActions[0]?.reason).toContain('Quick actions are off');
    const notGranted = tenantReadiness(tenant(['Security Operator']), { quickActionsEnabled: true, grantedScopes: [] });
    expect(notGranted.quickActions[0]?.reason).toContain('has not been granted');
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
