import { z } from 'zod';
import { assigneeAliasesSchema } from './assignee-aliases';
import { expiringRelationshipSchema, heldSecurityRoleSchema } from './gdap';
import { tenantServiceSchema } from './responsibility-matrix';
import { guidPattern, tenantColors, tenantKey, type TenantColor } from './tenant-identity';

export { guidPattern, tenantColors, tenantKey, type TenantColor };
// A verified domain as Entra accepts it in an authority: labels of letters, digits and hyphens.
const domainPattern = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const guidSchema = z
  .string()
  .trim()
  .regex(guidPattern, 'Must be a GUID: 32 hexadecimal digits in groups of 8-4-4-4-12.')
  .transform((value) => value.toLowerCase());

/** A tenant as the analyst names it: its GUID or one of its verified domains (e.g. contoso.onmicrosoft.com). */
export const tenantReferenceSchema = z
  .string()
  .trim()
  .refine((value) => guidPattern.test(value) || domainPattern.test(value), {
    message: 'Enter the tenant ID (a GUID) or a verified domain such as contoso.onmicrosoft.com.',
  })
  .transform((value) => value.toLowerCase());

export const incidentSeverityLevels = ['informational', 'low', 'medium', 'high'] as const;
export const minimumSeveritySchema = z.enum(incidentSeverityLevels);
export type MinimumSeverity = z.infer<typeof minimumSeveritySchema>;

export const teamsChannelUrlSchema = z
  .string()
  .trim()
  .url('Must be a link.')
  .refine((value) => new URL(value).protocol === 'https:' && new URL(value).hostname === 'teams.microsoft.com', {
    message: 'Teams channel links start with https://teams.microsoft.com/.',
  });

export const tenantColorSchema = z.enum(Object.keys(tenantColors) as [TenantColor, ...TenantColor[]]);

export const tenantConfigSchema = z.object({
  /** What the analyst entered (GUID or domain); the authority Handoff asks tokens from. */
  tenantId: tenantReferenceSchema,
  /** The GUID Entra answered for that tenant, once known (the portal's `tid`). */
  resolvedTenantId: guidSchema.nullable().default(null),
  displayName: z.string().trim().min(1, 'Enter a display name.').max(80, 'Keep the display name under 80 characters.'),
  service: tenantServiceSchema,
  teamsChannelUrl: teamsChannelUrlSchema.nullable().default(null),
  minimumNotificationSeverity: minimumSeveritySchema.default('informational'),
  color: tenantColorSchema.default('blue'),
  /**
   * The security roles the partner's GDAP relationships REQUEST there (from the GDAP import): what whoever
   * the partner assigns may get, not what the analyst holds.
   */
  securityRoles: z.array(z.string().max(80)).max(20).default([]),
  /** The security roles the analyst HOLDS there through GDAP access assignments, and via which groups; null: not known. */
  heldSecurityRoles: z.array(heldSecurityRoleSchema).max(20).nullable().default(null),
  /** GDAP relationships there in status `expiring` (still active, end date near), from the GDAP import. */
  expiringRelationships: z.array(expiringRelationshipSchema).max(20).default([]),
  /** The partner is in the customer's Defender Experts Teams channel (an Entra B2B guest there). */
  inTeamsChannel: z.boolean().default(false),
  /** The partner is on the customer's Defender Experts email notification contacts. */
  onEmailContacts: z.boolean().default(false),
});
export type TenantConfig = z.infer<typeof tenantConfigSchema>;
export type TenantConfigInput = z.input<typeof tenantConfigSchema>;

export const pollIntervalBounds = { min: 1, max: 60 } as const;
/** How often each tenant's cached open incidents are checked against Graph's list (sync/reconcile-tenant.ts). */
export const reconcileIntervalBounds = { min: 15, max: 24 * 60 } as const;

export const settingsSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  clientId: guidSchema.nullable().default(null),
  tenants: z.array(tenantConfigSchema).default([]),
  pollIntervalMinutes: z.number().int().min(pollIntervalBounds.min).max(pollIntervalBounds.max).default(2),
  reconcileIntervalMinutes: z.number().int().min(reconcileIntervalBounds.min).max(reconcileIntervalBounds.max).default(60),
  notificationsEnabled: z.boolean().default(true),
  badgeIncludesReviews: z.boolean().default(false),
  badgeIncludesUnassigned: z.boolean().default(false),
  quickActionsEnabled: z.boolean().default(false),
  /** The portal's chips also mark closed and merged incidents (nobody's move); off: only open handoffs. */
  chipsOnClosedIncidents: z.boolean().default(false),
  extraAssigneeAliases: assigneeAliasesSchema.default({ defenderExperts: [], customer: [] }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});


/**
 * Settings from storage, keeping everything that is still valid: a field that no longer parses (a newer
 * version wrote it, or it was damaged) falls back to its default, and an unreadable tenant is left out
 * while the others stay. Never throws.
 */
export function salvageSettings(stored: unknown): Settings {
  const whole = settingsSchema.safeParse(stored ?? {});
  if (whole.success) return whole.data;
  const raw = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const fields: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(settingsSchema.shape)) {
    if (name === 'tenants') continue;
    const field = schema.safeParse(raw[name]);
    if (field.success) fields[name] = field.data;
  }
  const tenants = Array.isArray(raw.tenants)
    ? raw.tenants.flatMap((tenant) => {
        const parsed = tenantConfigSchema.safeParse(tenant);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  return settingsSchema.parse({ ...fields, tenants });
}
