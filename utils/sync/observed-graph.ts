import { GraphRequestError } from '../domain/graph-request-error';
import type { IncidentListQuery } from './graph-reads';
import type { ReconcileGraph } from './reconcile-tenant';
import type { RequestOutcome } from './adaptive-concurrency';

/**
 * A tenant's Graph reads, each request timed (a page of a list: from asking for it to having it) and a
 * 429 noted, for the adaptive concurrency (adaptive-concurrency.ts) and the bench. Only what passes
 * through is observed: the client's own retries are inside one request's time.
 */
export function observedGraph(graph: ReconcileGraph, clock: () => number, observe: (outcome: RequestOutcome) => void): ReconcileGraph {
  const settle = (started: number, error?: unknown) =>
    observe({
      latencyMs: clock() - started,
      ...(error instanceof GraphRequestError && error.status === 429 ? { throttled: true } : {}),
    });

  async function* timedPages(pages: AsyncGenerator<unknown[], void, undefined>): AsyncGenerator<unknown[], void, undefined> {
    for (;;) {
      const started = clock();
      let step: IteratorResult<unknown[], void>;
      try {
        step = await pages.next();
      } catch (error) {
        settle(started, error);
        throw error;
      }
      if (step.done) return;
      settle(started);
      yield step.value;
    }
  }

  const observed: ReconcileGraph = {
    listIncidents: (query?: IncidentListQuery) => timedPages(graph.listIncidents(query)),
  };
  const { listIncidentIds, getIncident, lastAnswerDate } = graph;
  // Graph's clock passes through untouched: the poll's watermark moves with it (poll-tenant.ts nextWatermark).
  if (lastAnswerDate) observed.lastAnswerDate = () => lastAnswerDate.call(graph);
  if (listIncidentIds) observed.listIncidentIds = (query) => timedPages(listIncidentIds.call(graph, query));
  if (getIncident) {
    observed.getIncident = async (id, options) => {
      const started = clock();
      try {
        const incident = await getIncident.call(graph, id, options);
        settle(started);
        return incident;
      } catch (error) {
        // A 404 (an incident gone) is an answer, not a failure; a 429 lowers the concurrency.
        settle(started, error);
        throw error;
      }
    };
  }
  return observed;
}
