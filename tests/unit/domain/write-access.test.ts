import { describe, expect, it } from 'vitest';
import { writeAccessFor, writeRefusalMemoryMs, type WriteAccessInput } from '@/utils/domain/write-access';

const now = new Date('2026-11-27T12:00:00Z');
const allowedInput: WriteAccessInput = {
  quickActionsEnabled: true,
  signedIn: true,
  grantedScopes: ['https://graph.microsoft.com/SecurityIncident.ReadWrite.All', 'openid'],
  tenant: { displayName: 'Contoso', securityRoles: ['Security Operator'] },
  refusal: null,
  now,
};

describe('write access for quick actions', () => {
  it('allows writes when quick actions are on, the analyst signed in with the write scope and the roles allow', () => {
    expect(writeAccessFor(allowedInput)).toEqual({ allowed: true, reason: null });
    // Unknown scopes (signed in before Handoff kept them) and unknown roles (not imported from GDAP) don't block.
    expect(writeAccessFor({ ...allowedInput, grantedScopes: [], tenant: { displayName: 'Contoso', securityRoles: [] } }).allowed).toBe(true);
  });

  it('explains each reason, in order: setting, sign-in, scope, GDAP roles, Graph’s refusal', () => {
    const reason = (input: Partial<WriteAccessInput>) => writeAccessFor({ ...allowedInput, ...input }).reason;
    expect(reason({ quickActionsEnabled: false, signedIn: false })).toMatch(/^Quick actions are off/);
    expect(reason({ signedIn: false })).toBe('Sign in to Handoff first.');
    expect(reason({ grantedScopes: ['https://graph.microsoft.com/SecurityIncident.Read.All'] })).toMatch(/granted read access only/);
    expect(reason({ tenant: { displayName: 'Fabrikam', securityRoles: ['Security Reader'] } })).toBe(
      'Read-only in Fabrikam: your GDAP roles (Security Reader) cannot change incidents; Security Operator or Security Administrator can.',
    );
    expect(reason({ tenant: { displayName: 'Contoso', securityRoles: ['Security Reader', 'Security Administrator'] } })).toBeNull();
    expect(reason({ refusal: { refusedAt: '2026-11-27T11:00:00.000Z', message: 'Forbidden' } })).toMatch(
      /^Read-only in Contoso: Microsoft Graph refused a change \(403\)/,
    );
  });

  it('uses the roles held through GDAP when known: the reader group reads only, though Operator is requested', () => {
    const requested = ['Security Reader', 'Security Operator'];
    const reason = (heldSecurityRoles: WriteAccessInput['tenant']['heldSecurityRoles']) =>
      writeAccessFor({ ...allowedInput, tenant: { displayName: 'Fabrikam', securityRoles: requested, heldSecurityRoles } }).reason;
    expect(reason([{ role: 'Security Reader', via: ['SOC readers'] }])).toBe(
      'Read-only in Fabrikam: your GDAP roles (Security Reader via SOC readers) cannot change incidents; Security Operator or Security Administrator can.',
    );
    expect(reason([])).toMatch(/^Read-only in Fabrikam: your GDAP roles \(none\)/);
    expect(reason([{ role: 'Security Operator', via: ['SOC operators'] }])).toBeNull();
    // Held roles not known (old import, groups unreadable): a requested Operator does not block.
    expect(reason(null)).toBeNull();
  });

  it('lets a 403 from Graph win over held roles that allow writes', () => {
    const tenant = { displayName: 'Contoso', securityRoles: ['Security Operator'], heldSecurityRoles: [{ role: 'Security Operator', via: ['SOC'] }] };
    const refusal = { refusedAt: '2026-11-27T11:00:00.000Z', message: 'Forbidden' };
    expect(writeAccessFor({ ...allowedInput, tenant, refusal }).reason).toMatch(/Microsoft Graph refused a change \(403\)/);
  });

  it('forgets Graph’s refusal after a while (roles change), so the actions come back', () => {
    const refusedAt = new Date(now.getTime() - writeRefusalMemoryMs - 1).toISOString();
    expect(writeAccessFor({ ...allowedInput, refusal: { refusedAt, message: 'Forbidden' } }).allowed).toBe(true);
  });
});
