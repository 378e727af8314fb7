/**
 * The Graph reads the sync needs, as ports: the sync stays pure (no HTTP client in this folder) and
 * utils/graph/graph-client.ts implements them (its GraphClient is checked against these types there).
 */

export interface IncidentListQuery {
  /** An OData $filter, e.g. "lastUpdateDateTime ge 2026-11-27T10:00:00Z". */
  filter?: string;
  /** Page size (default 50). */
  top?: number;
  signal?: AbortSignal;
}

export interface IncidentLister {
  /**
   * The incidents matching `filter`, $expand=alerts, one page (the raw `value` items) at a time,
   * following @odata.nextLink. Items are unparsed Graph JSON: parseIncidents decides what is usable.
   */
  listIncidents(query?: IncidentListQuery): AsyncGenerator<unknown[], void, undefined>;
  /**
   * Graph's own clock at its latest answer (the HTTP `Date` header, ms since the epoch), or null when no
   * answer carried one. Read right after a page arrives, it says up to when that listing is complete.
   */
  lastAnswerDate?(): number | null;
}

/** Graph's incident list answers 400 to a $top above this ("The limit of '50' for Top query has been exceeded"). */
export const maxIncidentPageSize = 50;

export interface IncidentReconcileReads {
  /**
   * The incidents matching `filter` with only $select=id,status,lastUpdateDateTime (no alerts), one page
   * (the raw `value` items) at a time, following @odata.nextLink; pages of at most maxIncidentPageSize.
   */
  listIncidentIds(query: { filter: string; signal?: AbortSignal }): AsyncGenerator<unknown[], void, undefined>;
  /** One incident with its alerts, unparsed; a GraphRequestError with status 404 when Graph has none by that id. */
  getIncident(id: string, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export interface IncidentTaskLister {
  /**
   * Beta only: the incident tasks matching `filter` (every task without one), $top=500 (Graph's maximum),
   * all pages, unparsed (see domain/incident-tasks.ts).
   */
  listIncidentTasks(filter?: string, options?: { signal?: AbortSignal }): Promise<unknown[]>;
}
