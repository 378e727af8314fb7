import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import type { RequestOutcome } from '@/utils/sync/adaptive-concurrency';
import { observedGraph } from '@/utils/sync/observed-graph';
import type { ReconcileGraph } from '@/utils/sync/reconcile-tenant';

function clockOf(times: number[]) {
  return () => times.shift() ?? Number.NaN;
}

describe('observedGraph', () => {
  it('times each page from asking to having it, and passes the pages through unchanged', async () => {
    const graph: ReconcileGraph = {
      async *listIncidents() {
        yield [{ id: '1' }];
        yield [{ id: '2' }, { id: '3' }];
      },
    };
    const seen: RequestOutcome[] = [];
    const observed = observedGraph(graph, clockOf([100, 340, 400, 410, 500, 500]), (outcome) => seen.push(outcome));
    const pages: unknown[][] = [];
    for await (const page of observed.listIncidents()) pages.push(page);
    expect(pages).toEqual([[{ id: '1' }], [{ id: '2' }, { id: '3' }]]);
    expect(seen).toEqual([{ latencyMs: 240 }, { latencyMs: 10 }]);
  });

  it('notes a 429 as throttled and rethrows it', async () => {
    const throttled = new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'Too many requests.' });
    const graph: ReconcileGraph = {
      // eslint-disable-next-line require-yield
      async *listIncidents() {
        throw throttled;
      },
    };
    const seen: RequestOutcome[] = [];
    const observed = observedGraph(graph, clockOf([0, 50]), (outcome) => seen.push(outcome));
    await expect(observed.listIncidents().next()).rejects.toBe(throttled);
    expect(seen).toEqual([{ latencyMs: 50, throttled: true }]);
  });

  it("passes Graph's answer time through, so the poll's watermark can move with it", () => {
    let answered: number | null = null;
    const graph: ReconcileGraph = {
      async *listIncidents() {},
      lastAnswerDate: () => answered,
    };
    const observed = observedGraph(graph, () => 0, () => undefined);
    expect(observed.lastAnswerDate?.()).toBeNull();
    answered = Date.parse('2026-12-02T10:00:00Z');
    expect(observed.lastAnswerDate?.()).toBe(answered);
    const without = observedGraph({ async *listIncidents() {} }, () => 0, () => undefined);
    expect(without.lastAnswerDate).toBeUndefined();
  });
});
