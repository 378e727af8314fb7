import { z } from 'zod';
import { signedInAccountSchema } from '../domain/signed-in-account';
import { incidentStatusSchema } from '../domain/incident-schema';
import { incidentTaskActionStatusSchema, incidentTaskIdSchema, incidentTaskStatusSchema } from '../domain/incident-tasks';
import {
  commentMaxLength,
  isDeterminationOf,
  resolveClassifications,
} from '../portal/quick-action-rules';
import { guidSchema } from '../domain/settings';
import { huntRequestSchemas } from './hunt-requests';

/**
 * The typed requests the background answers. Popup and options may send any of them; a content script
 * only those in `contentScriptRequestTypes`, and only for the tenant of its own tab (checked against the
 * sender's tab URL, not against what the message claims).
 */
const incidentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** Which incident of which tenant: the tab's `tid` (null for the analyst's default tenant) and the id. */
const incidentTarget = {
  /** The tenant GUID from the tab's `tid`; null for the signed-in user's default tenant. */
  tenantId: guidSchema.nullable(),
  incidentId: incidentIdSchema,
};

/** The incident as the panel showed it: a write goes ahead only if Graph still has exactly this. */
export const shownIncidentVersionSchema = z.object({
  lastUpdateDateTime: z.string().max(64).nullable(),
  assignedTo: z.string().max(256).nullable(),
  status: incidentStatusSchema,
});

/** A task as the panel showed it: it is written (completed, run) only if Graph still has exactly this. */
export const shownIncidentTaskVersionSchema = z.object({
  status: incidentTaskStatusSchema,
  lastModifiedDateTime: z.string().max(64).nullable(),
  actionStatus: incidentTaskActionStatusSchema.nullable(),
});

const commentSchema = z.string().trim().min(1, 'Write a comment first.').max(commentMaxLength);

export const backgroundRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('refreshNow'),
    tenantKey: z.string().max(256).optional(),
    /** Also reconcile every tenant's cache with Graph's open incidents, due or not (extension pages only). */
    reconcile: z.boolean().optional(),
  }),
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
  /** The configured tenants' GUIDs and names, which the multitenant portal matches its rows' Tenant name to. */
  z.object({ type: z.literal('getTenantDirectory') }),
  // Quick actions from the incident panel: each re-reads the incident and writes only if it is unchanged.
  z.object({ type: z.literal('assignIncidentToMe'), ...incidentTarget, shown: shownIncidentVersionSchema }),
  z
    .object({
      type: z.literal('resolveIncident'),
      ...incidentTarget,
      shown: shownIncidentVersionSchema,
      classification: z.enum(resolveClassifications),
      determination: z.string().max(64),
      comment: commentSchema,
    })
    .refine((request) => isDeterminationOf(request.classification, request.determination), {
      message: 'That determination does not go with that classification.',
      path: ['determination'],
    }),
  z.object({ type: z.literal('commentOnIncident'), ...incidentTarget, shown: shownIncidentVersionSchema, comment: commentSchema }),
  /** "Mark reviewed" on a review: tags the incident "Handoff: reviewed" (customTags), with an optional comment. */
  z.object({
    type: z.literal('markIncidentReviewed'),
    ...incidentTarget,
    shown: shownIncidentVersionSchema,
    comment: commentSchema.optional(),
  }),
  /** Reads the incident from Graph now (no write): the panel's Refresh. */
  z.object({ type: z.literal('refreshIncident'), ...incidentTarget }),
  /** The incident's managed-response tasks (Graph beta). */
  z.object({ type: z.literal('getIncidentTasks'), ...incidentTarget }),
  /** Marks one open guided-response task completed, after re-reading it. */
  z.object({
    type: z.literal('completeIncidentTask'),
    ...incidentTarget,
    taskId: incidentTaskIdSchema,
    shown: shownIncidentTaskVersionSchema,
  }),
  /** Runs one open task's response action (executeResponseAction), after re-reading it. */
  z.object({
    type: z.literal('runIncidentTaskAction'),
    ...incidentTarget,
    taskId: incidentTaskIdSchema,
    shown: shownIncidentTaskVersionSchema,
  }),
  /** Defender Experts' recommended actions and hunting queries of the incident (Graph beta). */
  z.object({ type: z.literal('getHuntingGuidance'), ...incidentTarget }),
  /** Small UI state (utils/storage/ui-state-storage.ts): a portal tab reaches storage.local only through these. */
  z.object({ type: z.literal('getUiState') }),
  z.object({ type: z.literal('setUiState'), panelCollapsed: z.boolean() }),
  /** "Add this tenant to Handoff" on a portal page of a tenant Handoff does not know: opens the options, its id filled in. */
  z.object({ type: z.literal('openAddTenant'), tenantId: guidSchema }),
  // The confirm window (confirm.html) of a destructive write: extension pages only, never a portal tab.
  z.object({ type: z.literal('getPendingWrite'), token: z.string().uuid() }),
  z.object({ type: z.literal('answerPendingWrite'), token: z.string().uuid(), approved: z.boolean() }),
  // Hunting across tenants (issue 16): utils/messages/hunt-requests.ts.
  ...huntRequestSchemas,
]);
export type BackgroundRequest = z.infer<typeof backgroundRequestSchema>;
export type BackgroundRequestType = BackgroundRequest['type'];

/** What the confirm window is told and answered (utils/background/write-confirmations.ts). */
export const pendingWriteResponseSchema = z.object({
  ok: z.literal(true),
  pending: z
    .object({ title: z.string(), lines: z.array(z.string()), confirmLabel: z.string(), expiresAt: z.number() })
    .nullable(),
});
export const answerPendingWriteResponseSchema = z.object({ ok: z.literal(true), accepted: z.boolean() });

export const contentScriptRequestTypes: ReadonlySet<BackgroundRequestType> = new Set([
  'getIncidentHandoff',
  'getTenantHandoffs',
  'assignIncidentToMe',
  'resolveIncident',
  'commentOnIncident',
  'markIncidentReviewed',
  'refreshIncident',
  'getIncidentTasks',
  'completeIncidentTask',
  'runIncidentTaskAction',
  'getHuntingGuidance',
  'getUiState',
  'setUiState',
  'openAddTenant',
  'openHuntFromIncident',
]);

/**
 * What a tab of the multitenant portal (mto.security.microsoft.com) may send: reads only, never a quick
 * action or a task write (a write needs the one tenant of a tenant portal page), each read naming the
 * tenant of its row or link.
 */
export const multitenantPortalRequestTypes: ReadonlySet<BackgroundRequestType> = new Set(['getTenantDirectory', 'getTenantHandoffs']);

export const backgroundErrorSchema = z.object({ ok: z.literal(false), error: z.string() });
export type BackgroundError = z.infer<typeof backgroundErrorSchema>;

export const signInResultSchema = z.object({ ok: z.literal(true), account: signedInAccountSchema });
