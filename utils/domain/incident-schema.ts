import { z } from 'zod';

/**
 * The Graph security incident (v1.0 /security/incidents?$expand=alerts) and its alerts, as the extension
 * reads them. Tolerant where Graph may change under us: unknown enum values become 'unknownFutureValue',
 * missing or null optional fields get a default (null, or [] for lists), unknown properties are dropped.
 * Strict where the extension would otherwise act on nonsense: ids are non-empty strings, dates are ISO
 * 8601 date-times. Property list: docs/reference/graph-security-api.md.
 */

export const incidentStatusSchema = z.enum([
  'active',
  'inProgress',
  'awaitingAction',
  'resolved',
  'redirected',
  'unknownFutureValue',
]);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

export const incidentSeveritySchema = z.enum([
  'unknown',
  'informational',
  'low',
  'medium',
  'high',
  'unknownFutureValue',
]);
export type IncidentSeverity = z.infer<typeof incidentSeveritySchema>;

export const incidentClassificationSchema = z.enum([
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
  'unknownFutureValue',
]);
export type IncidentClassification = z.infer<typeof incidentClassificationSchema>;
/** The classifications a client may write when it resolves an incident (Graph refuses the other two). */
export const writableClassificationSchema = incidentClassificationSchema.exclude(['unknown', 'unknownFutureValue']);

/**
 * The determinations a client may write: the members of Microsoft's v1.0 AlertDetermination enum (less
 * unknown and unknownFutureValue). The docs' property text still shows older names (compromisedUser,
 * confirmedUserActivity, clean, insufficientData), which Graph's v1.0 enum does not have: the enum is the
 * truth (tests/unit/contract/zod-accepts-microsoft.test.ts checks this list against Microsoft's typings).
 */
export const writableDeterminationSchema = z.enum([
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
]);
export type WritableDetermination = z.infer<typeof writableDeterminationSchema>;

export const alertStatusSchema = z.enum(['new', 'inProgress', 'resolved', 'unknownFutureValue']);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

/**
 * A string enum that never rejects a string: a value this version doesn't know becomes `unrecognized`
 * (Graph adds members over time; 'unknownFutureValue' is its own name for them), and null or absent
 * becomes `absent`. Non-strings are still errors.
 */
function tolerantEnum<T extends string>(known: z.ZodType<T>, unrecognized: T, absent: T) {
  return z
    .string()
    .nullish()
    .transform((raw): T => {
      if (raw === null || raw === undefined) return absent;
      const parsed = known.safeParse(raw);
      return parsed.success ? parsed.data : unrecognized;
    });
}

export const graphIdSchema = z.string().min(1).max(256);
const optionalString = z.string().nullable().default(null);
const isoDateTimeSchema = z.iso.datetime({ offset: true });
const optionalDateTime = isoDateTimeSchema.nullable().default(null);
const stringList = z
  .array(z.string())
  .nullish()
  .transform((list) => list ?? []);

export const incidentCommentSchema = z.object({
  comment: optionalString,
  createdByDisplayName: optionalString,
  createdDateTime: optionalDateTime,
});
export type IncidentComment = z.infer<typeof incidentCommentSchema>;

/** Beta only, like `recommendedActions`: the extension works without it. */
export const recommendedHuntingQuerySchema = z.object({ kqlText: z.string() });
export type RecommendedHuntingQuery = z.infer<typeof recommendedHuntingQuerySchema>;

export const graphAlertSchema = z.object({
  id: graphIdSchema,
  providerAlertId: optionalString,
  incidentId: optionalString,
  title: optionalString,
  description: optionalString,
  status: tolerantEnum(alertStatusSchema, 'unknownFutureValue', 'unknownFutureValue'),
  severity: tolerantEnum(incidentSeveritySchema, 'unknownFutureValue', 'unknown'),
  classification: tolerantEnum(incidentClassificationSchema, 'unknownFutureValue', 'unknown'),
  determination: optionalString,
  // Open strings: their enums grow often and only 'microsoftThreatExperts' matters here.
  serviceSource: optionalString,
  detectionSource: optionalString,
  productName: optionalString,
  category: optionalString,
  assignedTo: optionalString,
  alertWebUrl: optionalString,
  recommendedActions: optionalString,
  mitreTechniques: stringList,
  createdDateTime: optionalDateTime,
  lastUpdateDateTime: optionalDateTime,
  firstActivityDateTime: optionalDateTime,
  lastActivityDateTime: optionalDateTime,
  resolvedDateTime: optionalDateTime,
});
export type GraphAlert = z.infer<typeof graphAlertSchema>;

/** A list Graph may send as null or leave out: read as []. */
export const listOf = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((list) => list ?? []);

export const graphIncidentSchema = z.object({
  id: graphIdSchema,
  tenantId: optionalString,
  displayName: optionalString,
  description: optionalString,
  summary: optionalString,
  // Absent status is unknown, and unknown statuses are treated as open, so the partner still sees it.
  status: tolerantEnum(incidentStatusSchema, 'unknownFutureValue', 'unknownFutureValue'),
  severity: tolerantEnum(incidentSeveritySchema, 'unknownFutureValue', 'unknown'),
  classification: tolerantEnum(incidentClassificationSchema, 'unknownFutureValue', 'unknown'),
  // Open string: the documentation and the metadata disagree on its members.
  determination: optionalString,
  /** Free text; null when unassigned. See assignee-aliases.ts. */
  assignedTo: optionalString,
  createdDateTime: isoDateTimeSchema,
  lastUpdateDateTime: optionalDateTime,
  lastModifiedBy: optionalString,
  incidentWebUrl: optionalString,
  redirectIncidentId: optionalString,
  resolvingComment: optionalString,
  customTags: stringList,
  systemTags: stringList,
  comments: listOf(incidentCommentSchema),
  /** 0-100 per the documentation; nullable and sometimes absent. */
  priorityScore: z.number().nullable().default(null),
  alerts: listOf(graphAlertSchema),
  recommendedActions: optionalString,
  recommendedHuntingQueries: listOf(recommendedHuntingQuerySchema),
});
export type GraphIncident = z.infer<typeof graphIncidentSchema>;
