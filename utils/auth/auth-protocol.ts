import { z } from 'zod';
import { authFailureKindSchema } from '../domain/token-unavailable-error';
import { signedInAccountSchema } from '../domain/signed-in-account';

/**
 * The messages between the service worker (which runs identity.launchWebAuthFlow) and the MSAL host
 * (the offscreen document on Chromium). Tokens travel only on this channel, never to content scripts:
 * the host accepts messages from the background script alone.
 */
export const authHostTarget = 'handoff-auth-host';

const clientIdField = z.string().uuid();
const scopesField = z.array(z.string().min(1)).min(1);

export const authHostRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('beginRedirect'),
    clientId: clientIdField,
    redirectUri: z.string().url(),
    scopes: scopesField,
    /** null: the home ('organizations') authority for sign-in; a tenant id for a customer tenant. */
    tenantId: z.string().nullable(),
    prompt: z.enum(['select_account', 'consent', 'none']).optional(),
    /** Who to sign in silently when MSAL has no account (its cache died with the browser's key). */
    loginHint: z.string().min(1).optional(),
  }),
  z.object({
    type: z.literal('completeRedirect'),
    clientId: clientIdField,
    redirectUri: z.string().url(),
    responseUrl: z.string(),
  }),
  z.object({
    type: z.literal('acquireSilent'),
    clientId: clientIdField,
    redirectUri: z.string().url(),
    scopes: scopesField,
    tenantId: z.string(),
    /** Graph refused the cached access token (401): skip MSAL's token cache and redeem the refresh token. */
    forceRefresh: z.boolean().default(false),
  }),
  z.object({ type: z.literal('account'), clientId: clientIdField, redirectUri: z.string().url() }),
  z.object({ type: z.literal('signOut'), clientId: clientIdField, redirectUri: z.string().url() }),
  /** Tenants removed from the settings: their access and ID tokens leave MSAL's cache. */
  z.object({
    type: z.literal('forgetTenants'),
    clientId: clientIdField,
    redirectUri: z.string().url(),
    tenantIds: z.array(z.string().min(1)).min(1),
  }),
]);
export type AuthHostRequest = z.infer<typeof authHostRequestSchema>;


export const accessTokenSchema = z.object({
  accessToken: z.string().min(1),
  expiresOn: z.number(),
  tenantId: z.string(),
  scopes: z.array(z.string()),
  account: signedInAccountSchema,
});
export type AccessToken = z.infer<typeof accessTokenSchema>;

export const authHostResponseSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    authorizeUrl: z.string().url().optional(),
    token: accessTokenSchema.optional(),
    account: signedInAccountSchema.nullable().optional(),
  }),
  z.object({ ok: z.literal(false), kind: authFailureKindSchema, message: z.string() }),
]);
export type AuthHostResponse = z.infer<typeof authHostResponseSchema>;
