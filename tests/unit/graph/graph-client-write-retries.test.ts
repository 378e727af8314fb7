// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createGraphClient } from '@/utils/graph/graph-client';
import { useInstantTimers } from '../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
useInstantTimers();

/**
 * A write is sent again only where Graph guarantees it was not taken (429, or 503 with Retry-After):
 * otherwise a comment could be posted twice. Reads are retried as before.
 */
function clientAnswering(answers: Array<{ status: number; retryAfter?: string }>) {
  const sent: string[] = [];
  const graph = createGraphClient(
    {
      accessToken: async () => 'token',
      forgetToken: () => undefined,
      fetch: async (input, init) => {
        sent.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        const answer = answers.shift() ?? { status: 200 };
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (answer.retryAfter !== undefined) headers['Retry-After'] = answer.retryAfter;
        const body = answer.status < 300 ? { id: '1' } : { error: { code: 'ServiceUnavailable', message: 'busy' } };
        return new Response(JSON.stringify(body), { status: answer.status, headers });
      },
    },
    { retryDelaySeconds: 0, maxRetries: 3 },
  );
  return { graph, sent };
}

describe('graph client: writes are never retried into duplicates', () => {
  it('sends a comment once when Graph answers 503 without Retry-After (it may have been taken)', async () => {
    const { graph, sent } = clientAnswering([{ status: 503 }, { status: 201 }]);
    await expect(graph.addIncidentComment('1', 'note')).rejects.toMatchObject({ status: 503 });
    expect(sent).toEqual(['POST /v1.0/security/incidents/1/comments']);
  });

  it('sends a PATCH again after a 503 with Retry-After, and after a 429: Graph did not take it', async () => {
    const { graph, sent } = clientAnswering([{ status: 503, retryAfter: '0' }, { status: 429, retryAfter: '0' }, { status: 200 }]);
    await expect(graph.patchIncident('1', { assignedTo: 'a@b.example' })).resolves.toBeDefined();
    expect(sent).toEqual(Array(3).fill('PATCH /v1.0/security/incidents/1'));
  });

  it('still retries a read after a 503 without Retry-After', async () => {
    const { graph, sent } = clientAnswering([{ status: 503 }, { status: 200 }]);
    await expect(graph.getIncident('1')).resolves.toMatchObject({ id: '1' });
    expect(sent).toHaveLength(2);
  });
});
