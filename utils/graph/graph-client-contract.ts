import type { FetchImplementation } from './fetch-handler';
import type { IncidentPatch, IncidentTaskPatch } from './graph-writes';
import type { BackoffPolicy } from './retry-backoff';
import type { IncidentLister, IncidentReconcileReads, IncidentTaskLister } from '../sync/graph-reads';

/** What a Graph client for one tenant offers, and what it is built from (graph-client.ts builds it). */

export interface GraphClientPorts {
  /** A Graph access token for this tenant (the token broker, bound to the tenant). */
  accessToken(): Promise<string>;
  /** Drops the token Graph refused (401), so the next accessToken() fetches a fresh one. */
  forgetToken(): void;
  /** Default: the platform fetch. */
  fetch?: FetchImplementation;
}

export interface GraphClientOptions {
  /** Default https://graph.microsoft.com */
  baseUrl?: string;
  /** Default v1.0. recommendedActions and recommendedHuntingQueries exist only in beta. */
  version?: 'v1.0' | 'beta';
  /** The library RetryHandler's retries of 429/503/504 (default 2, at most 10). */
  maxRetries?: number;
  /** The library's wait in seconds before a retry without Retry-After (default 1; it adds up to 1 s of jitter). */
  retryDelaySeconds?: number;
  /**
   * The longest Retry-After waited out in place (default 10 s). A service worker is stopped when idle,
   * so a longer wait is not slept through: the error surfaces with retryAfterSeconds and the next poll
   * is scheduled after it.
   */
  maxRetryAfterSeconds?: number;
  /** Retries of 500/502 and dropped connections (default 2). */
  transientRetries?: number;
  /** Backoff of those retries (default 0.5 s doubling, at most 8 s). */
  backoff?: BackoffPolicy;
  /** A listing that goes on longer than this many pages fails (default 200 pages). */
  maxPages?: number;
  random?: () => number;
}

export interface GraphRequestOptions {
  signal?: AbortSignal;
}


export interface GraphClient extends IncidentLister, IncidentReconcileReads, IncidentTaskLister {
  // listIncidents, listIncidentIds, getIncident (one incident with its alerts, unparsed) and
  // listIncidentTasks: see sync/graph-reads.ts.
  /** Graph's clock at its latest answer to this client (its Date header), null before any. */
  lastAnswerDate(): number | null;
  /** The partner's GDAP relationships, all pages, unparsed (see domain/gdap.ts). Needs a home-tenant token. */
  listDelegatedAdminRelationships(options?: GraphRequestOptions): Promise<unknown[]>;
  /** One GDAP relationship's access assignments (roles given to partner security groups), all pages, unparsed. */
  listDelegatedAdminAccessAssignments(relationshipId: string, options?: GraphRequestOptions): Promise<unknown[]>;
  /** The signed-in user's groups, direct and transitive (id, displayName), all pages, unparsed. Needs User.Read. */
  listMyGroups(options?: GraphRequestOptions): Promise<unknown[]>;
  /** PATCH one incident (needs SecurityIncident.ReadWrite.All and a Security Operator role); Graph's answer, unparsed. */
  patchIncident(id: string, changes: IncidentPatch, options?: GraphRequestOptions): Promise<unknown>;
  /** POST a comment to one incident (same permissions as patchIncident); Graph's answer, unparsed. */
  addIncidentComment(id: string, comment: string, options?: GraphRequestOptions): Promise<unknown>;
  /** Beta only: one incident task, unparsed. */
  getIncidentTask(id: string, options?: GraphRequestOptions): Promise<unknown>;
  /** Beta only: PATCH one incident task; Handoff only ever marks a task completed. */
  patchIncidentTask(id: string, changes: IncidentTaskPatch, options?: GraphRequestOptions): Promise<unknown>;
  /**
   * Beta only: POST .../incidentTasks/{id}/executeResponseAction (no body; 204): runs the task's response
   * action (executable action types only, domain/incident-tasks.ts). Never retried (see the retry options).
   */
  executeIncidentTaskResponseAction(id: string, options?: GraphRequestOptions): Promise<void>;
  /**
   * v1.0 POST /security/runHuntingQuery (advanced hunting; ThreatHunting.Read.All): one KQL query in this
   * tenant, Graph's answer (huntingQueryResults) unparsed (utils/hunting/ parses it). Build the client with
   * `maxRetries: 0` when the caller handles 429 itself (the hunt runner does).
   */
  runHuntingQuery(body: { Query: string; Timespan: string }, options?: GraphRequestOptions): Promise<unknown>;
}
