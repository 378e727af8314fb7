/**
 * Microsoft's contract for the Graph objects the fake cloud serves, the demo tenants hold and the bench
 * generates: Microsoft's own generated typings (`@microsoft/microsoft-graph-types` 2.43.1 for v1.0,
 * `@microsoft/microsoft-graph-types-beta` 0.44.0-preview for beta; types only, nothing reaches a bundle),
 * plus the few things Graph sends that the typings leave out, each listed in `GraphVariants` with why.
 *
 * Use: `satisfies GraphIncidentJson` on object literals and `: GraphIncidentJson` as builders' return
 * types, so a field Microsoft's types do not have (an invented or misspelled one) fails `npm run
 * typecheck`. Where the typings and the docs disagree we follow the typings and add the variant here.
 */
import type * as GraphV1 from '@microsoft/microsoft-graph-types';
import type * as GraphBeta from '@microsoft/microsoft-graph-types-beta';
import type { SecurityNamespace as V1Security } from '@microsoft/microsoft-graph-types';

export type { GraphV1, GraphBeta, V1Security };

/** OData annotations Graph puts on any object (the typings model entities, not the wire format). */
export interface ODataAnnotations {
  '@odata.type'?: string;
  '@odata.context'?: string;
  '@odata.etag'?: string;
}

/**
 * What Graph sends that the typings do not (yet) carry. One line per variant, with the source.
 */
export interface GraphVariants {
  /**
   * incident.priorityScore: in Graph's v1.0 $metadata for microsoft.graph.security.incident (0–100),
   * missing from microsoft-graph-types 2.43.1 (which has priorityScore only on vulnerabilities).
   */
  incidentPriorityScore: { priorityScore?: number | null };
  /**
   * incidentTask.source is an evolvable enum: the documented List incidentTasks example
   * (security-list-incidenttasks.md) answers "defenderExpertsXDR", which IncidentTaskSource does not list.
   * Unknown values must be kept, never dropped.
   */
  incidentTaskSource: GraphBeta.SecurityNamespace.IncidentTaskSource | 'defenderExpertsXDR';
  /**
   * alert.evidence is polymorphic: each item is a derived type (deviceEvidence, userEvidence, ...) told
   * apart by its `@odata.type`, as in the List incidents $expand=alerts example
   * (security-list-incidents.md); the typings type the collection as the base AlertEvidence only, which
   * would reject every derived field. Evidence types not listed here are added when a fixture needs one.
   */
  alertEvidence: GraphAlertEvidenceJson;
  /**
   * runHuntingQuery's schema items spelled `Name`/`Type` (capitalised), in an answer without
   * @odata.context: the last response example of the v1.0 runHuntingQuery page (microsoft-graph-docs-contrib
   * api-reference/v1.0/api/security-security-runhuntingquery.md; the older Defender API's Schema is spelled
   * so too). The typings (SinglePropertySchema) and the page's first two examples say name/type. A reader
   * must accept both.
   */
  huntingSchemaCapitalised: { Name?: string | null; Type?: string | null };
}

type Evidence<Name extends string, T> = T & { '@odata.type': `#microsoft.graph.security.${Name}` };

/** One item of alert.evidence, discriminated by @odata.type (see GraphVariants['alertEvidence']). */
export type GraphAlertEvidenceJson =
  | Evidence<'deviceEvidence', V1Security.DeviceEvidence>
  | Evidence<'userEvidence', V1Security.UserEvidence>
  | Evidence<'fileEvidence', V1Security.FileEvidence>
  | Evidence<'processEvidence', V1Security.ProcessEvidence>
  | Evidence<'ipEvidence', V1Security.IpEvidence>
  | Evidence<'urlEvidence', V1Security.UrlEvidence>
  | Evidence<'mailboxEvidence', V1Security.MailboxEvidence>
  | Evidence<'analyzedMessageEvidence', V1Security.AnalyzedMessageEvidence>
  | Evidence<'cloudApplicationEvidence', V1Security.CloudApplicationEvidence>;

/** A v1.0 alert as listed under an incident ($expand=alerts). */
export type GraphAlertJson = Omit<GraphV1.SecurityNamespace.Alert, 'evidence'> &
  ODataAnnotations & { evidence?: GraphVariants['alertEvidence'][] | null };

/** A v1.0 incident as Graph sends it, with its alerts when expanded. */
export type GraphIncidentJson = Omit<GraphV1.SecurityNamespace.Incident, 'alerts'> &
  ODataAnnotations &
  GraphVariants['incidentPriorityScore'] & { alerts?: GraphAlertJson[] | null };

/** A beta incident: v1.0's plus recommendedActions and recommendedHuntingQueries. */
export type BetaIncidentJson = Omit<GraphBeta.SecurityNamespace.Incident, 'alerts'> &
  ODataAnnotations &
  GraphVariants['incidentPriorityScore'] & { alerts?: (GraphBeta.SecurityNamespace.Alert & ODataAnnotations)[] | null };

/**
 * An incident as the fake cloud stores it: one record serves both versions, so it is a v1.0 incident
 * plus the beta-only properties (recommendedActions, recommendedHuntingQueries) that the fake leaves out
 * of v1.0 answers.
 */
export type StoredIncidentJson = GraphIncidentJson &
  Pick<GraphBeta.SecurityNamespace.Incident, 'recommendedActions' | 'recommendedHuntingQueries'>;

/** True when two string unions have exactly the same members. */
type SameMembers<A extends string, B extends string> = [Exclude<A, B> | Exclude<B, A>] extends [never] ? true : false;

/**
 * Microsoft's v1.0 AlertDetermination members at runtime (for the fake's checks and the tests): the
 * `satisfies` and the SameMembers check make tsc fail if this list and the typings ever differ. The
 * property descriptions in the docs still show older names (compromisedUser, confirmedUserActivity,
 * clean, insufficientData): the enum is the truth.
 */
export const v1AlertDeterminations = [
  'unknown',
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
  'unknownFutureValue',
] as const satisfies readonly V1Security.AlertDetermination[];
true satisfies SameMembers<(typeof v1AlertDeterminations)[number], V1Security.AlertDetermination>;

/** Microsoft's v1.0 AlertClassification members at runtime (checked like v1AlertDeterminations). */
export const v1AlertClassifications = [
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
  'unknownFutureValue',
] as const satisfies readonly V1Security.AlertClassification[];
true satisfies SameMembers<(typeof v1AlertClassifications)[number], V1Security.AlertClassification>;

/**
 * Deliberately malformed Graph JSON (e.g. a status that is a number), to exercise parse-error paths:
 * the one sanctioned way around the contract, so every such object is named and easy to find.
 */
export function deliberatelyMalformed<T>(json: Record<string, unknown>): T {
  return json as unknown as T;
}

/** The typed response action of a task (each action type has its own subtype, told apart by @odata.type). */
export type IncidentTaskResponseActionJson = ODataAnnotations &
  (
    | GraphBeta.SecurityNamespace.IsolateDeviceIncidentTaskResponseAction
    | GraphBeta.SecurityNamespace.StopAndQuarantineFileIncidentTaskResponseAction
    | GraphBeta.SecurityNamespace.IncidentTaskResponseAction
  );

/** A beta incident task as Graph sends it: the parent as `incident: { id }`, no incidentId. */
export type IncidentTaskJson = Omit<GraphBeta.SecurityNamespace.IncidentTask, 'source' | 'incident' | 'responseAction'> &
  ODataAnnotations & {
    source?: GraphVariants['incidentTaskSource'];
    incident?: ({ id?: string } & ODataAnnotations) | null;
    responseAction?: IncidentTaskResponseActionJson | null;
  };

export type DelegatedAdminRelationshipJson = GraphV1.DelegatedAdminRelationship & ODataAnnotations;
export type DelegatedAdminAccessAssignmentJson = GraphV1.DelegatedAdminAccessAssignment & ODataAnnotations;

/**
 * One value of an advanced hunting row: KQL scalars as JSON (datetime as an ISO 8601 string, long and
 * int as numbers, bool, dynamic as any JSON).
 */
export type HuntingCellJson = string | number | boolean | null | HuntingCellJson[] | { [key: string]: HuntingCellJson };

/** One row of runHuntingQuery's results: Microsoft's HuntingRowResult is an open type, keyed by column name. */
export type HuntingRowJson = V1Security.HuntingRowResult & Record<string, HuntingCellJson>;

/** One column of runHuntingQuery's schema (singlePropertySchema: name, type). */
export type HuntingSchemaColumnJson = V1Security.SinglePropertySchema;

/** runHuntingQuery's 200 answer, huntingQueryResults (security-huntingqueryresults.md), as the typings describe it. */
export type HuntingQueryResultsJson = Omit<V1Security.HuntingQueryResults, 'results'> &
  ODataAnnotations & { results?: HuntingRowJson[] | null };

/** The same answer in the documented example's capitalised spelling (GraphVariants['huntingSchemaCapitalised']). */
export type HuntingQueryResultsCapitalisedJson = ODataAnnotations & {
  schema?: GraphVariants['huntingSchemaCapitalised'][] | null;
  results?: HuntingRowJson[] | null;
};
