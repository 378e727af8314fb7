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
}

export interface IncidentTaskLister {
  /** Beta only: the incident tasks matching `filter`, all pages, unparsed (see domain/incident-tasks.ts). */
  listIncidentTasks(filter: string, options?: { signal?: AbortSignal }): Promise<unknown[]>;
}
