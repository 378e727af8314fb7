import { matrixRow, type TenantService } from './responsibility-matrix';
import { gdapAccess, writeSecurityRoles, type GdapAccess, type HeldSecurityRole } from './gdap';
import type { TenantConfig } from './settings';

export type TenantAccess = GdapAccess;

export interface QuickActionReadiness {
  action: string;
  allowed: boolean;
  /** Why not, in the analyst's terms; empty when allowed. */
  reason: string;
}

export interface TenantReadiness {
  access: TenantAccess;
  accessText: string;
  /** The security roles the analyst holds there through GDAP, and via which groups; null when not known. */
  heldRoles: HeldSecurityRole[] | null;
  /** Roles the GDAP relationships request there that the analyst does not (or not known to) hold. */
  requestedOnly: string[];
  /** Expiring GDAP relationships (still active, end date near), one line each. */
  expiring: string[];
  quickActions: QuickActionReadiness[];
  /** Onboarding steps the reference says only the customer can do. */
  customerOnlySteps: string[];
  /** What would help the partner (channel, contacts), one line each. */
  gaps: string[];
}

/** What readiness reads of a tenant; the GDAP fields are optional (absent: not imported). */
export type ReadinessTenant = Pick<TenantConfig, 'service' | 'securityRoles' | 'inTeamsChannel' | 'onEmailContacts' | 'teamsChannelUrl'> &
  Partial<Pick<TenantConfig, 'heldSecurityRoles' | 'expiringRelationships'>>;

const writeScope = 'securityincident.readwrite.all';

const quickActionNames = ['Assign to me', 'Resolve', 'Add comment', 'Mark task completed'] as const;

/**
 * The analyst's access in a tenant: from the roles held through GDAP when known (Security Operator or
 * Administrator writes, Reader reads); otherwise only what the requested roles rule out (none requested
 * that writes: read-only at most). Nothing known (no GDAP: in-house SOC, direct tenant): unknown.
 */
export function tenantAccess(tenant: Pick<ReadinessTenant, 'securityRoles' | 'heldSecurityRoles'>): TenantAccess {
  const held = tenant.heldSecurityRoles ?? null;
  if (!held && tenant.securityRoles.length === 0) return 'unknown';
  return gdapAccess(tenant.securityRoles, held);
}

/** "Security Reader (via SOC readers)", joined. */
export function heldRolesText(held: readonly HeldSecurityRole[]): string {
  return held.map(({ role, via }) => (via.length > 0 ? `${role} via ${via.join(', ')}` : role)).join('; ');
}

const accessTexts: Record<TenantAccess, string> = {
  readWrite: 'Read and write',
  readOnly: 'Read only',
  none: 'No security role for incidents',
  unknown: 'Not known: import from GDAP to see your roles',
};

function accessTextFor(access: TenantAccess, tenant: ReadinessTenant): string {
  const held = tenant.heldSecurityRoles ?? null;
  if (held) return `${accessTexts[access]}${held.length > 0 ? ` (${heldRolesText(held)})` : ''}`;
  if (tenant.securityRoles.length === 0) return accessTexts[access];
  const requested = tenant.securityRoles.join(', ');
  return access === 'unknown'
    ? `Not known: your GDAP relationship requests ${requested}; import from GDAP again to see the roles you hold`
    : `${accessTexts[access]} (requested: ${requested})`;
}

function dateOnly(value: string | null): string | null {
  return value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

/**
 * What the partner can really do in a tenant: the access its GDAP roles give, what that allows of the
 * quick actions given the scopes granted, and the onboarding steps only the customer can take (from the
 * reference's onboarding row for the tenant's service).
 */
export function tenantReadiness(
  tenant: ReadinessTenant,
  account: { quickActionsEnabled: boolean; grantedScopes: readonly string[] },
): TenantReadiness {
  const access = tenantAccess(tenant);
  const heldRoles = tenant.heldSecurityRoles ?? null;
  const heldNames = new Set(heldRoles?.map((entry) => entry.role) ?? []);
  const requestedOnly = tenant.securityRoles.filter((role) => !heldNames.has(role));
  const writeGranted = account.grantedScopes.some((scope) => scope.toLowerCase().endsWith(writeScope));
  const rolesText = heldRoles ? [...heldNames].join(', ') : tenant.securityRoles.join(', ');
  const requestedWrite = requestedOnly.filter((role) => writeSecurityRoles.has(role));
  const blocker =
    access === 'readOnly' || access === 'none'
      ? `Your role here (${rolesText || 'none'}) cannot change incidents: Security Operator is needed.${
          requestedWrite.length > 0
            ? ` Your GDAP relationship requests ${requestedWrite.join(', ')}, but you are not in a group it is assigned to.`
            : ''
        }`
      : !account.quickActionsEnabled
        ? 'Quick actions are off (Account: Enable quick actions).'
        : !writeGranted
          ? 'SecurityIncident.ReadWrite.All has not been granted yet: sign in again to consent.'
          : '';
  const quickActions = quickActionNames.map((action) => ({ action, allowed: blocker === '', reason: blocker }));
  return {
    access,
    accessText: accessTextFor(access, tenant),
    heldRoles: heldRoles ? heldRoles.map((entry) => ({ role: entry.role, via: [...entry.via] })) : null,
    requestedOnly,
    expiring: (tenant.expiringRelationships ?? []).map(({ displayName, endDateTime }) => {
      const ends = dateOnly(endDateTime);
      return `GDAP relationship "${displayName}" is expiring${ends ? ` (ends ${ends})` : ''}: still active until then.`;
    }),
    quickActions,
    customerOnlySteps: customerOnlyOnboardingSteps(tenant.service),
    gaps: [
      ...(tenant.service !== 'xdr'
        ? []
        : [
            ...(tenant.inTeamsChannel
              ? []
              : ['Not in the Defender Experts Teams channel: the customer can add you as an Entra B2B guest.']),
            ...(tenant.teamsChannelUrl ? [] : ['No Teams channel link saved for this tenant.']),
          ]),
      ...(tenant.service === 'none' || tenant.onEmailContacts
        ? []
        : ['Not on the Defender Experts email contacts: only the customer can add you.']),
    ],
  };
}

/**
 * The reference's onboarding duties of the customer, in its words: its partner note says only the customer
 * user can do them (XDR: every onboarding step; Hunting: adding notification contacts).
 */
export function customerOnlyOnboardingSteps(service: TenantService): string[] {
  if (service === 'none') return [];
  return [...(matrixRow(service, 'onboarding')?.partner ?? [])];
}
