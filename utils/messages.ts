import { z } from 'zod';
import { signedInAccountSchema } from './auth/auth-protocol';
import { guidSchema } from './settings';

/**
 * The typed requests the background answers. Popup and options may send any of them; a content script
 * only those in `contentScriptRequestTypes`, and only for the tenant of its own tab (checked against the
 * sender's tab URL, not against what the message claims).
 */
const incidentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

export const backgroundRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('refreshNow'), tenantKey: z.string().max(256).optional() }),
  z.object({ type: z.literal('signIn') }),
  z.object({ type: z.literal('signOut') }),
  z.object({ type: z.literal('listGdapCustomers') }),
  z.object({
    type: z.literal('getIncidentHandoff'),
    /** The tenant GUID from the tab's `tid`; null for the signed-in user's default tenant. */
    tenantId: guidSchema.nullable(),
    incidentId: incidentIdSchema,
  }),
  z.object({ type: z.literal('getTenantHandoffs'), tenantId: guidSchema.nullable() }),
]);
export type BackgroundRequest = z.infer<typeof backgroundRequestSchema>;
export type BackgroundRequestType = BackgroundRequest['type'];

export const contentScriptRequestTypes: ReadonlySet<BackgroundRequestType> = new Set([
  'getIncidentHandoff',
  'getTenantHandoffs',
]);

export const backgroundErrorSchema = z.object({ ok: z.literal(false), error: z.string() });
export type BackgroundError = z.infer<typeof backgroundErrorSchema>;

export const signInResultSchema = z.object({ ok: z.literal(true), account: signedInAccountSchema });
