import { z } from 'zod';
import { handoffSchema } from '../domain/classify-handoff';
import {
  incidentTaskActionStatusSchema,
  incidentTaskActionTypes,
  incidentTaskStatusSchema,
} from '../domain/incident-tasks';
import type { IncidentTaskView } from '../domain/incident-task-views';
import { tenantServiceSchema } from '../domain/responsibility-matrix';
import type { StepDutiesView } from '../domain/step-duties';
import { slimIncidentSchema } from '../sync/cached-incident';
import { quickActionIds } from '../portal/quick-action-rules';

/**
 * What the background answers a portal tab (the content script), and what it pushes to one. The
 * background's handlers are typed by these schemas and the unit tests parse their real answers with
 * them. The content script imports TYPES only (`import type`): a value import would pull zod into its
 * bundle, which must stay small (tests/e2e/portal-bundle.spec.ts checks). Validation sits where trust
 * changes: the background validates every request from a page (background-requests.ts); its answers come from
 * this extension's own code.
 *
 * A portal tab learns only its own tenant's names and state: never tokens, never other tenants.
 */

/** Who within the partner has the incident (portal/assignee-who.ts): you, a colleague (named), nobody. */
export const assigneeWhoSchema = z.object({ kind: z.enum(['you', 'colleague', 'unassigned']), name: z.string().nullable() });

/** The slice of a Handoff the portal shows, and who in the team has it (absent: nobody). */
export const portalHandoffSchema = handoffSchema
  .pick({
    incidentId: true,
    owner: true,
    area: true,
    inDefenderExpertsScope: true,
    partnerAction: true,
    redirectIncidentId: true,
    stepSince: true,
  })
  .extend({ assignee: assigneeWhoSchema.optional() });
export type PortalHandoff = z.infer<typeof portalHandoffSchema>;

/** Who does what at one step, from the responsibility matrix of the tenant's service. */
export const stepDutiesSchema = z.object({
  title: z.string(),
  defenderExperts: z.array(z.string()),
  partner: z.array(z.string()),
  /** The reference's "Notes for MSSP partners", when the service has this step. */
  partnerNote: z.string().nullable(),
  portalOnly: z.boolean(),
}) satisfies z.ZodType<StepDutiesView>;
export type { StepDutiesView };

export const portalTenantSchema = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  service: tenantServiceSchema,
  teamsChannelUrl: z.string().nullable(),
  /** The tenant's marker colour (#rrggbb from a fixed palette), so the analyst never acts in the wrong tenant. */
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
});
export type PortalTenant = z.infer<typeof portalTenantSchema>;

export const portalSyncStatusSchema = z.object({ state: z.string(), message: z.string().nullable() });

export const tenantHandoffsResponseSchema = z.object({
  ok: z.literal(true),
  /** Null: the tab's tenant is not one the analyst set up in Handoff. */
  tenant: portalTenantSchema.nullable(),
  status: portalSyncStatusSchema.nullable(),
  /** By incident id. */
  handoffs: z.record(z.string(), portalHandoffSchema),
  /** By area (every area a handoff above is in). */
  duties: z.record(z.string(), stepDutiesSchema),
});
export type TenantHandoffsResponse = z.infer<typeof tenantHandoffsResponseSchema>;

/** The slice of a cached incident (sync/cached-incident.ts) the panel shows. Text is Graph's, rendered as text. */
export const portalIncidentSchema = slimIncidentSchema.pick({
  id: true,
  displayName: true,
  status: true,
  severity: true,
  classification: true,
  determination: true,
  assignedTo: true,
  createdDateTime: true,
  lastUpdateDateTime: true,
  redirectIncidentId: true,
  customTags: true,
  description: true,
  recommendedActions: true,
  recommendedHuntingQueries: true,
});
export type PortalIncident = z.infer<typeof portalIncidentSchema>;

export const portalCommentSchema = z.object({
  comment: z.string().nullable(),
  createdByDisplayName: z.string().nullable(),
  createdDateTime: z.string().nullable(),
});
export type PortalComment = z.infer<typeof portalCommentSchema>;

export const writeAccessSchema = z.object({ allowed: z.boolean(), reason: z.string().nullable() });

/** Everything the incident panel shows, as one answer. */
export const incidentViewSchema = z.object({
  tenant: portalTenantSchema.nullable(),
  status: portalSyncStatusSchema.nullable(),
  incident: z.object({ incident: portalIncidentSchema, handoff: portalHandoffSchema }).nullable(),
  duties: stepDutiesSchema.nullable(),
  writeAccess: writeAccessSchema,
  /** The signed-in analyst (UPN), or null when signed out. */
  username: z.string().nullable(),
  /** The latest comments, newest last; null when this answer came from the cache (which keeps none). */
  comments: z.array(portalCommentSchema).nullable(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

export const incidentHandoffResponseSchema = incidentViewSchema.extend({ ok: z.literal(true) });
export type IncidentHandoffResponse = z.infer<typeof incidentHandoffResponseSchema>;

/**
 * done: written (or, for refresh, read) and the cache updated; conflict: the incident changed since it
 * was shown, nothing written; refused: the rules or Graph (403) did not allow it, nothing written.
 */
/**
 * done; conflict (changed since shown: nothing written); refused (not allowed: nothing written); unknown
 * (Graph did not confirm the write — it may or may not have been made: refresh before trying again).
 */
export const quickActionOutcomeSchema = z.enum(['done', 'conflict', 'refused', 'unknown']);
export type QuickActionOutcome = z.infer<typeof quickActionOutcomeSchema>;

export const quickActionResponseSchema = z.object({
  ok: z.literal(true),
  action: z.enum(quickActionIds),
  outcome: quickActionOutcomeSchema,
  /** For people: what happened. */
  message: z.string(),
  /** The incident as it is now (after the write, or as re-read when nothing was written). */
  view: incidentViewSchema,
});
export type QuickActionResponse = z.infer<typeof quickActionResponseSchema>;

/** One remediation task as the panel shows it (domain/incident-task-views.ts incidentTaskViewOf). Text only. */
export const portalIncidentTaskSchema = z.object({
  id: z.string(),
  action: z.string(),
  description: z.string().nullable(),
  actionType: z.enum(incidentTaskActionTypes),
  actionText: z.string(),
  targetText: z.string().nullable(),
  status: incidentTaskStatusSchema,
  statusText: z.string(),
  actionStatus: incidentTaskActionStatusSchema.nullable(),
  actionStatusText: z.string().nullable(),
  ownerText: z.string(),
  createdBy: z.string().nullable(),
  createdDateTime: z.string().nullable(),
  lastModifiedBy: z.string().nullable(),
  lastModifiedDateTime: z.string().nullable(),
  canMarkCompleted: z.boolean(),
  canRun: z.boolean(),
}) satisfies z.ZodType<IncidentTaskView>;
export type PortalIncidentTask = z.infer<typeof portalIncidentTaskSchema>;

/** Beta features answer "not available" (beta 403/404 or failing) instead of an error: the panel goes on. */
const unavailableSchema = z.object({ ok: z.literal(true), available: z.literal(false), reason: z.string() });

export const incidentTasksResponseSchema = z.discriminatedUnion('available', [
  z.object({ ok: z.literal(true), available: z.literal(true), tasks: z.array(portalIncidentTaskSchema) }),
  unavailableSchema,
]);
export type IncidentTasksResponse = z.infer<typeof incidentTasksResponseSchema>;

export const completeIncidentTaskResponseSchema = z.object({
  ok: z.literal(true),
  outcome: quickActionOutcomeSchema,
  message: z.string(),
  /** The incident's tasks as they are now (after a run: with the action's progress, actionStatus). */
  tasks: incidentTasksResponseSchema,
});
export type CompleteIncidentTaskResponse = z.infer<typeof completeIncidentTaskResponseSchema>;

export const huntingGuidanceResponseSchema = z.discriminatedUnion('available', [
  z.object({
    ok: z.literal(true),
    available: z.literal(true),
    recommendedActions: z.string().nullable(),
    /** KQL text of each recommended hunting query. */
    huntingQueries: z.array(z.string()),
  }),
  unavailableSchema,
]);
export type HuntingGuidanceResponse = z.infer<typeof huntingGuidanceResponseSchema>;

/** The configured tenants, for the multitenant portal's rows: a GUID (null until known) and the display name. */
export const tenantDirectoryResponseSchema = z.object({
  ok: z.literal(true),
  tenants: z.array(z.object({ tenantId: z.string().nullable(), displayName: z.string() })),
});
export type TenantDirectoryResponse = z.infer<typeof tenantDirectoryResponseSchema>;

/** Pushed by the background to portal tabs when a tenant's cache changed (a poll, a quick action). */
export const cacheChangedMessageSchema = z.object({
  type: z.literal('handoffCacheChanged'),
  /** The tenant's key in Handoff (its GUID once known). */
  tenant: z.string(),
});
export type CacheChangedMessage = z.infer<typeof cacheChangedMessageSchema>;

/** Pushed by the background to the active portal tab on the keyboard shortcut (manifest `commands`): focus the panel. */
export const focusPanelMessageSchema = z.object({ type: z.literal('handoffFocusPanel') });
export type FocusPanelMessage = z.infer<typeof focusPanelMessageSchema>;

/** The small UI state a portal tab may read and change (utils/storage/ui-state-storage.ts). */
export const uiStateResponseSchema = z.object({ ok: z.literal(true), panelCollapsed: z.boolean() });
export type UiStateResponse = z.infer<typeof uiStateResponseSchema>;

/** What the background answers each request a portal tab may send. */
export interface PortalAnswers {
  getTenantHandoffs: TenantHandoffsResponse;
  getTenantDirectory: TenantDirectoryResponse;
  getIncidentHandoff: IncidentHandoffResponse;
  assignIncidentToMe: QuickActionResponse;
  resolveIncident: QuickActionResponse;
  commentOnIncident: QuickActionResponse;
  markIncidentReviewed: QuickActionResponse;
  refreshIncident: QuickActionResponse;
  getIncidentTasks: IncidentTasksResponse;
  completeIncidentTask: CompleteIncidentTaskResponse;
  runIncidentTaskAction: CompleteIncidentTaskResponse;
  getHuntingGuidance: HuntingGuidanceResponse;
  getUiState: UiStateResponse;
  setUiState: UiStateResponse;
  openAddTenant: { ok: true };
  /** "Run in all my tenants": the worker opened the Hunt page with the incident's query (issue 16). */
  openHuntFromIncident: { ok: true };
}
export type PortalRequestType = keyof PortalAnswers;
