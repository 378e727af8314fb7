import { matrixRow, type TenantService } from './responsibility-matrix';
import type { TenantConfig } from './settings';

export type TenantAccess = 'readWrite' | 'readOnly' | 'none' | 'unknown';

export interface QuickActionReadiness {
  action: string;
  allowed: boolean;
  /** Why not, in the analyst's terms; empty when allowed. */
  reason: string;
}

export interface TenantReadiness {
  access: TenantAccess;
  accessText: string;
  quickActions: QuickActionReadiness[];
  /** Onboarding steps the reference says only the customer can do. */
  customerOnlySteps: string[];
  /** What would help the partner (channel, contacts), one line each. */
  gaps: string[];
}

const writeRoles = ['Security Operator', 'Security Administrator'];
const readRoles = ['Security Reader', ...writeRoles];
const writeScope = 'securityincident.readwrite.all';

const quickActionNames = ['Assign to me', 'Resolve', 'Add comment', 'Mark task completed'] as const;

/** The partner's access from its GDAP roles there: Security Operator (or Administrator) writes, Reader reads. */
export function tenantAccess(securityRoles: readonly string[]): TenantAccess {
  if (securityRoles.some((role) => writeRoles.includes(role))) return 'readWrite';
  if (securityRoles.some((role) => readRoles.includes(role))) return 'readOnly';
  return securityRoles.length === 0 ? 'unknown' : 'none';
}

const accessTexts: Record<TenantAccess, string> = {
  readWrite: 'Read and write',
  readOnly: 'Read only',
  none: 'No security role for incidents',
  unknown: 'Not known: import from GDAP to see your roles',
};

/**
 * What the partner can really do in a tenant: the access its GDAP roles give, what that allows of the
 * quick actions given the scopes granted, and the onboarding steps only the customer can take (from the
 * reference's onboarding row for the tenant's service).
 */
export function tenantReadiness(
  tenant: Pick<TenantConfig, 'service' | 'securityRoles' | 'inTeamsChannel' | 'onEmailContacts' | 'teamsChannelUrl'>,
  account: { quickActionsEnabled: boolean; grantedScopes: readonly string[] },
): TenantReadiness {
  const access = tenantAccess(tenant.securityRoles);
  const writeGranted = account.grantedScopes.some((scope) => scope.toLowerCase().endsWith(writeScope));
  const blocker =
    access === 'readOnly' || access === 'none'
      ? `Your role here (${tenant.securityRoles.join(', ') || 'none'}) cannot change incidents: Security Operator is needed.`
      : !account.quickActionsEnabled
        ? 'Quick actions are off (Account: Enable quick actions).'
        : !writeGranted
          ? 'SecurityIncident.ReadWrite.All has not been granted yet: sign in again to consent.'
          : '';
  const quickActions = quickActionNames.map((action) => ({ action, allowed: blocker === '', reason: blocker }));
  return {
    access,
    accessText: `${accessTexts[access]}${tenant.securityRoles.length > 0 ? ` (${tenant.securityRoles.join(', ')})` : ''}`,
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
