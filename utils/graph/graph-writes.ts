import { z } from 'zod';
import { writableClassificationSchema, writableDeterminationSchema } from '../domain/incident-schema';

/**
 * The bodies of the only writes Handoff makes, as strict schemas: the client validates every write
 * against them before it leaves, so no code path can send a field Handoff never meant to change.
 */

/**
 * The incident properties Handoff changes (PATCH /security/incidents/{id}). Graph lets a client set the
 * status to active, resolved or redirected; Handoff sets active or resolved only, and never awaitingAction,
 * which is Defender Experts' alone (graph-security-api.md).
 */
export const incidentPatchSchema = z
  .object({
    status: z.enum(['active', 'resolved']),
    assignedTo: z.string().max(256),
    classification: writableClassificationSchema,
    // Any string may come in; only a member of Microsoft's v1.0 enum goes out.
    determination: z.string().max(64).pipe(writableDeterminationSchema),
    resolvingComment: z.string().max(10_000),
    // The whole collection (PATCH replaces it): "Mark reviewed" sends the incident's tags plus its own.
    customTags: z.array(z.string().min(1).max(256)).max(100),
  })
  .partial()
  .strict();
/** What a caller may hand in (determination as any string; the schema refuses one Graph's enum lacks). */
export type IncidentPatch = z.input<typeof incidentPatchSchema>;

/** The one change Handoff makes to an incident task (PATCH /beta/security/incidentTasks/{id}). */
export const incidentTaskPatchSchema = z.object({ status: z.literal('completed') }).strict();
export type IncidentTaskPatch = z.infer<typeof incidentTaskPatchSchema>;
