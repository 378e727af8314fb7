import { z } from 'zod';
import type { WriteAccess } from '../portal/quick-action-rules';
import { heldRolesText, tenantAccess } from './tenant-readiness';
import type { TenantConfig } from './settings';

/**
 * Whether Handoff may write (quick actions) in one tenant, and why not: the rules in order, first
 * match wins. What Handoff can know without writing: the setting, the sign-in, the scopes Entra granted
 * and the roles the GDAP import saw: the roles the analyst holds there (access assignments to the groups
 * they are in) when known, else only what the relationships request rules out; nothing known (no GDAP:
 * in-house SOCs, direct tenants) never blocks. What it cannot: the role the tenant really gives (Graph tells only by
 * refusing a write with 403), so a refusal is remembered for a while and disables the actions too.
 */

const writeScope = 'securityincident.readwrite.all';

/** Graph refused a write in a tenant (403), remembered per tenant. */
export const writeRefusalSchema = z.object({
  refusedAt: z.iso.datetime({ offset: true }),
  message: z.string().max(2000),
});
export type WriteRefusal = z.infer<typeof writeRefusalSchema>;

/** How long a refusal stands before Handoff offers the actions again (roles change rarely; sign-in clears it). */
export const writeRefusalMemoryMs = 12 * 3600_000;

export interface WriteAccessInput {
  quickActionsEnabled: boolean;
  signedIn: boolean;
  /** The scopes of the last interactive sign-in; empty when unknown (signed in before Handoff kept them). */
  grantedScopes: readonly string[];
  tenant: Pick<TenantConfig, 'displayName' | 'securityRoles'> & Partial<Pick<TenantConfig, 'heldSecurityRoles'>>;
  refusal: WriteRefusal | null;
  now: Date;
}

function grantsWrite(scopes: readonly string[]): boolean {
  return scopes.some((scope) => scope.toLowerCase().replace('https://graph.microsoft.com/', '') === writeScope);
}

export function writeAccessFor(input: WriteAccessInput): WriteAccess {
  const refuse = (reason: string): WriteAccess => ({ allowed: false, reason });
  const name = input.tenant.displayName;
  if (!input.quickActionsEnabled) {
    return refuse("Quick actions are off: turn them on in Handoff's options (Handoff then asks for write access).");
  }
  if (!input.signedIn) return refuse('Sign in to Handoff first.');
  if (input.grantedScopes.length > 0 && !grantsWrite(input.grantedScopes)) {
    return refuse("Handoff was granted read access only: sign in again from Handoff's options to allow changes.");
  }
  const access = tenantAccess(input.tenant);
  if (access === 'readOnly' || access === 'none') {
    const held = input.tenant.heldSecurityRoles ?? null;
    const roles = held ? heldRolesText(held) || 'none' : input.tenant.securityRoles.join(', ');
    return refuse(
      `Read-only in ${name}: your GDAP roles (${roles}) cannot change incidents; Security Operator or Security Administrator can.`,
    );
  }
  const refusal = input.refusal;
  if (refusal && input.now.getTime() - Date.parse(refusal.refusedAt) < writeRefusalMemoryMs) {
    return refuse(
      `Read-only in ${name}: Microsoft Graph refused a change (403). Changing incidents needs Security Operator or Security Administrator.`,
    );
  }
  return { allowed: true, reason: null };
}

/**
 * The write scopes (any `…ReadWrite…` permission) a sign-in's token carries although quick actions are
 * off: that token could change incidents Handoff never means to change. The options page says so and
 * points to a read-only application registration (README). Empty when quick actions are on.
 */
export function unneededWriteScopes(grantedScopes: readonly string[], quickActionsEnabled: boolean): string[] {
  if (quickActionsEnabled) return [];
  return grantedScopes.filter((scope) => /readwrite/i.test(scope.replace(/^https:\/\/graph\.microsoft\.com\//i, '')));
}
