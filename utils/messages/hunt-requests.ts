import { z } from 'zod';
import { guidSchema } from '../domain/settings';
import { huntQueryTextSchema, huntSourceSchema, huntTimespanSchema, type HuntRun } from '../hunting/hunt-model';

/**
 * The Hunt page's requests (issue 16). Extension pages only, except `openHuntFromIncident`, which a tenant
 * portal tab may send for its own tenant: it names a query of the incident by position, and the worker
 * reads that query from Graph itself, so a page cannot make Handoff run a text of its choosing. A run
 * starts only from the Hunt page (an extension page), on the analyst's click.
 */
const runIdSchema = z.string().uuid();

export const huntRequestSchemas = [
  z.object({
    type: z.literal('startHunt'),
    query: huntQueryTextSchema,
    timespan: huntTimespanSchema,
    /** Handoff's tenant keys (GUID once known), in the order the page listed them. */
    tenantKeys: z.array(z.string().min(1).max(256)).min(1, 'Pick at least one tenant.').max(2000),
    source: huntSourceSchema.nullable(),
  }),
  z.object({ type: z.literal('cancelHunt'), runId: runIdSchema }),
  /** The run's state and every tenant's outcome (no rows: the page reads those from IndexedDB). */
  z.object({ type: z.literal('getHuntRun'), runId: runIdSchema }),
  /** Runs the query again in these tenants of a finished run (after consent was granted, a quota reset). */
  z.object({ type: z.literal('rerunHuntTenants'), runId: runIdSchema, tenantKeys: z.array(z.string().min(1).max(256)).min(1).max(2000) }),
  /** "Run in all my tenants" in the panel: opens the Hunt page with the incident's query `queryIndex` filled in. */
  z.object({
    type: z.literal('openHuntFromIncident'),
    tenantId: guidSchema.nullable(),
    incidentId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
    queryIndex: z.number().int().min(0).max(49),
  }),
  /** The Hunt page opened by openHuntFromIncident asks once for what to fill in. */
  z.object({ type: z.literal('getHuntDraft'), draftId: z.string().uuid() }),
] as const;

export const startHuntResponseSchema = z.object({ ok: z.literal(true), runId: runIdSchema });
/** rerunHuntTenants answers like startHunt, with the same run's id (it runs in place). */
export const rerunHuntTenantsResponseSchema = startHuntResponseSchema;
/** cancelled: false when the run was not going (already finished, or unknown). */
export const cancelHuntResponseSchema = z.object({ ok: z.literal(true), cancelled: z.boolean() });
/** openHuntFromIncident: the Hunt page was opened (portal-answers.ts types it for the content script). */
export const openHuntFromIncidentResponseSchema = z.object({ ok: z.literal(true) });

/** Not validated field by field: the page only renders it as text, and it comes from the worker. */
export const getHuntRunResponseSchema = z.object({ ok: z.literal(true), run: z.custom<HuntRun | null>((value) => value === null || typeof value === 'object') });

export const huntDraftSchema = z.object({
  query: z.string(),
  source: huntSourceSchema,
  tenantName: z.string(),
  incidentTitle: z.string().nullable(),
});
export type HuntDraft = z.infer<typeof huntDraftSchema>;
export const getHuntDraftResponseSchema = z.object({ ok: z.literal(true), draft: huntDraftSchema.nullable() });
