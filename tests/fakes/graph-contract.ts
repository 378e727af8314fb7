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

export type { GraphV1, GraphBeta };

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
}

/** A v1.0 alert as listed under an incident ($expand=alerts). */
export type GraphAlertJson = GraphV1.SecurityNamespace.Alert & ODataAnnotations;

/** A v1.0 incident as Graph sends it, with its alerts when expanded. */
export type GraphIncidentJson = Omit<GraphV1.SecurityNamespace.Incident, 'alerts'> &
  ODataAnnotations &
  GraphVariants['incidentPriorityScore'] & { alerts?: GraphAlertJson[] | null };

/** A beta incident: v1.0's plus recommendedActions and recommendedHuntingQueries. */
export type BetaIncidentJson = Omit<GraphBeta.SecurityNamespace.Incident, 'alerts'> &
  ODataAnnotations &
  GraphVariants['incidentPriorityScore'] & { alerts?: (GraphBeta.SecurityNamespace.Alert & ODataAnnotations)[] | null };

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
