import { z } from 'zod';
import type { AssigneeAliases } from '../domain/assignee-aliases';
import { classifyHandoff, handoffSchema, type Handoff } from '../domain/classify-handoff';
import {
  graphAlertSchema,
  incidentClassificationSchema,
  incidentSeveritySchema,
  incidentStatusSchema,
  recommendedHuntingQuerySchema,
  type GraphIncident,
} from '../domain/incident-schema';
import type { TenantService } from '../domain/responsibility-matrix';

/**
 * The slim form of an incident kept in the per-tenant cache: only what the popup, the in-page panel,
 * notifications and the classifier read. Alerts are not stored; what the classifier takes from them
 * (is any alert from Defender Experts hunting?) is kept as `huntingGenerated`, and expandCachedIncident
 * turns the slim form back into a GraphIncident the classifier answers the same for.
 */

/** Long free text is cut here: enough for a popup line or a panel paragraph, not a report. */
export const cachedTextLimit = 1000;
export const cachedHuntingQueryLimit = 10;

const nullableText = z.string().max(cachedTextLimit + 1).nullable();

export const slimIncidentSchema = z.object({
  id: z.string().min(1),
  tenantId: z.string().nullable(),
  displayName: z.string().nullable(),
  status: incidentStatusSchema,
  severity: incidentSeveritySchema,
  classification: incidentClassificationSchema,
  determination: z.string().nullable(),
  assignedTo: z.string().nullable(),
  createdDateTime: z.iso.datetime({ offset: true }),
  lastUpdateDateTime: z.iso.datetime({ offset: true }).nullable(),
  incidentWebUrl: z.string().nullable(),
  redirectIncidentId: z.string().nullable(),
  systemTags: z.array(z.string()),
  customTags: z.array(z.string()),
  /** Cut to cachedTextLimit characters (an ellipsis marks the cut). */
  description: nullableText,
  /** Beta only; null on v1.0. Cut like description. */
  recommendedActions: nullableText,
  /** Beta only; at most cachedHuntingQueryLimit. */
  recommendedHuntingQueries: z.array(recommendedHuntingQuerySchema).max(cachedHuntingQueryLimit),
  /** An alert's detectionSource is microsoftThreatExperts: Defender Experts hunting found it. */
  huntingGenerated: z.boolean(),
});
export type SlimIncident = z.infer<typeof slimIncidentSchema>;

export const cachedIncidentSchema = z.object({ incident: slimIncidentSchema, handoff: handoffSchema });
export type CachedIncident = z.infer<typeof cachedIncidentSchema>;

/** The alert detectionSource of Defender Experts hunting (docs/reference/graph-security-api.md). */
const huntingDetectionSource = 'microsoftThreatExperts';

function cut(text: string | null): string | null {
  if (text === null || text.length <= cachedTextLimit) return text;
  return `${text.slice(0, cachedTextLimit)}…`;
}

export function slimIncident(incident: GraphIncident): SlimIncident {
  return {
    id: incident.id,
    tenantId: incident.tenantId,
    displayName: incident.displayName,
    status: incident.status,
    severity: incident.severity,
    classification: incident.classification,
    determination: incident.determination,
    assignedTo: incident.assignedTo,
    createdDateTime: incident.createdDateTime,
    lastUpdateDateTime: incident.lastUpdateDateTime,
    incidentWebUrl: incident.incidentWebUrl,
    redirectIncidentId: incident.redirectIncidentId,
    systemTags: incident.systemTags,
    customTags: incident.customTags,
    description: cut(incident.description),
    recommendedActions: cut(incident.recommendedActions),
    recommendedHuntingQueries: incident.recommendedHuntingQueries.slice(0, cachedHuntingQueryLimit),
    huntingGenerated: incident.alerts.some(
      (alert) => alert.detectionSource?.toLowerCase() === huntingDetectionSource.toLowerCase(),
    ),
  };
}

/**
 * A GraphIncident the classifier answers the same for as for the original: the fields not kept are
 * empty, and a hunting-generated incident gets one stand-in alert carrying the hunting detection source.
 */
export function expandCachedIncident(slim: SlimIncident): GraphIncident {
  const { huntingGenerated, ...fields } = slim;
  return {
    ...fields,
    summary: null,
    lastModifiedBy: null,
    resolvingComment: null,
    comments: [],
    priorityScore: null,
    alerts: huntingGenerated
      ? [graphAlertSchema.parse({ id: `${slim.id}-hunting`, incidentId: slim.id, detectionSource: huntingDetectionSource })]
      : [],
  };
}

export function classifyCachedIncident(
  slim: SlimIncident,
  service: TenantService,
  now: Date,
  aliases?: AssigneeAliases,
): Handoff {
  return classifyHandoff(expandCachedIncident(slim), service, now, aliases ? { aliases } : {});
}
