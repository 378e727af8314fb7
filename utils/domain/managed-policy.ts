import { z } from 'zod';
import { assigneeAliasesSchema } from './assignee-aliases';
import { tenantServiceSchema } from './responsibility-matrix';
import {
  guidSchema,
  minimumSeveritySchema,
  pollIntervalBounds,
  settingsSchema,
  teamsChannelUrlSchema,
  tenantColorSchema,
  tenantConfigSchema,
  tenantKey,
  type MinimumSeverity,
  type Settings,
  type TenantConfig,
} from './settings';

/**
 * The organisation's policy (storage.managed: Chromium's `3rdparty.extensions.<id>`, Firefox's
 * `3rdparty.Extensions.<id>`), parsed field by field: a value that fails validation is ignored with a
 * warning naming it and why, and the rest of the policy still applies. Managed values win over the
 * analyst's own (`effectiveSettings`); writes never store them (`localSettingsToStore`).
 * The names here are the policy's keys, documented in README ("Managed configuration") and declared
 * for Chromium in assets/public/managed_schema.json.
 */

export const managedTenantSchema = z.object({
  tenantId: guidSchema,
  displayName: z.string().trim().min(1, 'Needs a display name.').max(80, 'Keep the display name under 80 characters.'),
  service: tenantServiceSchema,
  color: tenantColorSchema.default('blue'),
  teamsChannelUrl: teamsChannelUrlSchema.nullable().default(null),
  /** Run on remediation tasks in this tenant; false forbids it whatever the global value. */
  responseActionsAllowed: z.boolean().default(true),
});
export type ManagedTenant = z.infer<typeof managedTenantSchema>;

/** Every policy key but `tenants` (parsed tenant by tenant), each on its own. */
const policyFieldSchemas = {
  clientId: guidSchema,
  allowUserTenants: z.boolean(),
  gdapImportAllowed: z.boolean(),
  /** 'allowed': the analyst chooses; 'off': off, and the analyst cannot turn them on. */
  quickActions: z.enum(['allowed', 'off']),
  responseActionsAllowed: z.boolean(),
  pollIntervalMinutes: z.number().int().min(pollIntervalBounds.min).max(pollIntervalBounds.max),
  badgeIncludesReviews: z.boolean(),
  badgeIncludesUnassigned: z.boolean(),
  notificationsEnabled: z.boolean(),
  minimumNotificationSeverity: minimumSeveritySchema,
  assigneeAliases: assigneeAliasesSchema,
} as const;
type PolicyFields = { [Key in keyof typeof policyFieldSchemas]: z.infer<(typeof policyFieldSchemas)[Key]> };

export interface PolicyWarning {
  /** The policy key, e.g. `pollIntervalMinutes` or `tenants[1].tenantId`. */
  field: string;
  message: string;
}

export interface ManagedPolicy {
  fields: Partial<PolicyFields>;
  /** null: the policy sets no tenant list. */
  tenants: ManagedTenant[] | null;
  warnings: PolicyWarning[];
}

export const emptyManagedPolicy: ManagedPolicy = { fields: {}, tenants: null, warnings: [] };

function issueText(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0];
  return { path: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? 'Not valid.' };
}

function parseTenants(raw: unknown, warnings: PolicyWarning[]): ManagedTenant[] {
  if (!Array.isArray(raw)) {
    warnings.push({ field: 'tenants', message: 'Must be a list of tenants; the list was ignored.' });
    return [];
  }
  const tenants: ManagedTenant[] = [];
  raw.forEach((entry, index) => {
    const parsed = managedTenantSchema.safeParse(entry);
    if (!parsed.success) {
      const { path, message } = issueText(parsed.error);
      warnings.push({ field: `tenants[${index}]${path ? `.${path}` : ''}`, message: `${message} This tenant was ignored.` });
    } else if (tenants.some((tenant) => tenant.tenantId === parsed.data.tenantId)) {
      warnings.push({ field: `tenants[${index}].tenantId`, message: `${parsed.data.tenantId} is listed twice; the first was kept.` });
    } else tenants.push(parsed.data);
  });
  return tenants;
}

/** The raw managed storage value (an object, or anything a policy file may hold) as a policy. Never throws. */
export function parseManagedPolicy(raw: unknown): ManagedPolicy {
  if (raw === null || raw === undefined) return emptyManagedPolicy;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ...emptyManagedPolicy, warnings: [{ field: '(policy)', message: 'The policy is not an object; it was ignored.' }] };
  }
  const record = raw as Record<string, unknown>;
  const warnings: PolicyWarning[] = [];
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    if (name === 'tenants') continue;
    const schema = (policyFieldSchemas as Record<string, z.ZodType>)[name];
    if (!schema) {
      warnings.push({ field: name, message: 'Not a Handoff policy; ignored.' });
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) fields[name] = parsed.data;
    else {
      const { path, message } = issueText(parsed.error);
      warnings.push({ field: path ? `${name}.${path}` : name, message: `${message} Ignored: your own setting applies.` });
    }
  }
  const tenants = 'tenants' in record ? parseTenants(record.tenants, warnings) : null;
  return { fields: fields as Partial<PolicyFields>, tenants, warnings };
}

/** Settings fields a policy can lock (the tenant list has its own rules). */
export type LockedField =
  | 'clientId'
  | 'quickActionsEnabled'
  | 'pollIntervalMinutes'
  | 'badgeIncludesReviews'
  | 'badgeIncludesUnassigned'
  | 'notificationsEnabled'
  | 'extraAssigneeAliases';

/** What the policy decides beyond the settings' values: shown in the options, enforced by the worker. */
export interface ManagedState {
  locked: LockedField[];
  /** The tenants' keys (GUIDs) the policy lists: shown read-only, never removed by the analyst. */
  managedTenantKeys: string[];
  /** Every tenant's minimum notification severity is the policy's. */
  severityLocked: boolean;
  userTenantsAllowed: boolean;
  gdapImportAllowed: boolean;
  responseActionsAllowed: boolean;
  /** Tenants (keys) where the policy forbids response actions, whatever the global value. */
  responseActionsBlockedTenants: string[];
  warnings: PolicyWarning[];
}

export interface EffectiveSettings {
  settings: Settings;
  managed: ManagedState;
}

/** The tenant fields a policy tenant sets; the others (GDAP roles, channel membership) stay the analyst's. */
function managedTenantOver(tenant: ManagedTenant, local: TenantConfig | undefined, severity: MinimumSeverity | undefined): TenantConfig {
  const base = local ?? tenantConfigSchema.parse({ tenantId: tenant.tenantId, displayName: tenant.displayName, service: tenant.service });
  return {
    ...base,
    tenantId: tenant.tenantId,
    resolvedTenantId: tenant.tenantId,
    displayName: tenant.displayName,
    service: tenant.service,
    color: tenant.color,
    teamsChannelUrl: tenant.teamsChannelUrl,
    ...(severity !== undefined && { minimumNotificationSeverity: severity }),
  };
}

/** The local settings with the policy laid over them: what the whole extension reads. */
export function effectiveSettings(local: Settings, policy: ManagedPolicy): EffectiveSettings {
  const { fields } = policy;
  const settings: Settings = { ...local };
  const locked: LockedField[] = [];
  const lock = <Field extends LockedField>(field: Field, value: Settings[Field] | undefined) => {
    if (value === undefined) return;
    settings[field] = value;
    locked.push(field);
  };
  lock('clientId', fields.clientId);
  lock('quickActionsEnabled', fields.quickActions === 'off' ? false : undefined);
  lock('pollIntervalMinutes', fields.pollIntervalMinutes);
  lock('badgeIncludesReviews', fields.badgeIncludesReviews);
  lock('badgeIncludesUnassigned', fields.badgeIncludesUnassigned);
  lock('notificationsEnabled', fields.notificationsEnabled);
  lock('extraAssigneeAliases', fields.assigneeAliases);

  const severity = fields.minimumNotificationSeverity;
  const userTenantsAllowed = fields.allowUserTenants !== false;
  const managedTenants = policy.tenants ?? [];
  const managedKeys = new Set(managedTenants.map((tenant) => tenant.tenantId));
  const localByKey = new Map(local.tenants.map((tenant) => [tenantKey(tenant), tenant]));
  const own = userTenantsAllowed ? local.tenants.filter((tenant) => !managedKeys.has(tenantKey(tenant))) : [];
  settings.tenants = [
    ...managedTenants.map((tenant) => managedTenantOver(tenant, localByKey.get(tenant.tenantId), severity)),
    ...own.map((tenant) => (severity === undefined ? tenant : { ...tenant, minimumNotificationSeverity: severity })),
  ];
  return {
    settings: settingsSchema.parse(settings),
    managed: {
      locked,
      managedTenantKeys: [...managedKeys],
      severityLocked: severity !== undefined,
      userTenantsAllowed,
      gdapImportAllowed: fields.gdapImportAllowed !== false,
      responseActionsAllowed: fields.responseActionsAllowed !== false,
      responseActionsBlockedTenants: managedTenants.filter((tenant) => !tenant.responseActionsAllowed).map((tenant) => tenant.tenantId),
      warnings: policy.warnings,
    },
  };
}

/**
 * What to store after the analyst changed the effective settings to `next`: never a managed value.
 * A locked field keeps what was stored before; a policy tenant is stored only where the analyst had it
 * already (its policy fields as they were, the analyst's own fields as changed); with own tenants
 * forbidden, the stored ones stay as they were and none is added.
 */
export function localSettingsToStore(next: Settings, previousLocal: Settings, managed: ManagedState): Settings {
  const stored: Settings = { ...next };
  for (const field of managed.locked) (stored as Record<string, unknown>)[field] = previousLocal[field];
  const managedKeys = new Set(managed.managedTenantKeys);
  const nextByKey = new Map(next.tenants.map((tenant) => [tenantKey(tenant), tenant]));
  const keepPolicyFields = (changed: TenantConfig, before: TenantConfig): TenantConfig => ({
    ...changed,
    tenantId: before.tenantId,
    resolvedTenantId: before.resolvedTenantId,
    displayName: before.displayName,
    service: before.service,
    color: before.color,
    teamsChannelUrl: before.teamsChannelUrl,
    ...(managed.severityLocked && { minimumNotificationSeverity: before.minimumNotificationSeverity }),
  });
  const previousManaged = previousLocal.tenants
    .filter((tenant) => managedKeys.has(tenantKey(tenant)))
    .map((before) => {
      const changed = nextByKey.get(tenantKey(before));
      return changed ? keepPolicyFields(changed, before) : before;
    });
  const previousOwn = previousLocal.tenants.filter((tenant) => !managedKeys.has(tenantKey(tenant)));
  const nextOwn = next.tenants.filter((tenant) => !managedKeys.has(tenantKey(tenant)));
  const own = managed.userTenantsAllowed
    ? nextOwn.map((tenant) => {
        const before = previousOwn.find((candidate) => tenantKey(candidate) === tenantKey(tenant));
        return managed.severityLocked && before ? { ...tenant, minimumNotificationSeverity: before.minimumNotificationSeverity } : tenant;
      })
    : previousOwn;
  stored.tenants = [...previousManaged, ...own];
  return settingsSchema.parse(stored);
}

/** Why Run (a remediation task's response action) is not allowed in a tenant by policy, or null. */
export function responseActionsRefusal(managed: Pick<ManagedState, 'responseActionsAllowed' | 'responseActionsBlockedTenants'>, key: string): string | null {
  if (!managed.responseActionsAllowed) return 'Your organisation does not allow response actions from Handoff: run them in the portal.';
  if (managed.responseActionsBlockedTenants.includes(key)) {
    return 'Your organisation does not allow response actions from Handoff in this tenant: run them in the portal.';
  }
  return null;
}
