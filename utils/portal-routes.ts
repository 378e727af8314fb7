import { z } from 'zod';
import { huntingTimeRanges, normalizeTenantId, portalIdPattern } from './portal/portal-url';

/**
 * URLs of the Microsoft Defender portal (security.microsoft.com): the schemas of what a URL means. The
 * parsing and link building live in portal/portal-url.ts (free of zod, for the content script's size)
 * and are re-exported here, so callers keep one import.
 */
export {
  advancedHuntingUrl,
  alertUrl,
  incidentIdFromHref,
  incidentUrl,
  isSafePortalId,
  normalizeTenantId,
  parsePortalUrl,
  queueUrl,
} from './portal/portal-url';

export const portalIdSchema = z.string().regex(portalIdPattern);
/** A tenant id as routes carry it: a GUID in lower case. */
export const portalTenantIdSchema = z
  .string()
  .refine((value) => normalizeTenantId(value) === value, { message: 'must be a lower-case GUID' });

export const portalRouteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('queue'), tenantId: portalTenantIdSchema.nullable() }),
  z.object({ kind: z.literal('incident'), incidentId: portalIdSchema, tenantId: portalTenantIdSchema.nullable() }),
  z.object({ kind: z.literal('alert'), alertId: portalIdSchema, tenantId: portalTenantIdSchema.nullable() }),
  z.object({ kind: z.literal('other'), tenantId: portalTenantIdSchema.nullable() }),
]);
export type PortalRoute = z.infer<typeof portalRouteSchema>;

export const huntingTimeRangeSchema = z.enum(huntingTimeRanges);
export type HuntingTimeRange = z.infer<typeof huntingTimeRangeSchema>;
