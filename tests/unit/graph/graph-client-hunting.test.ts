// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { createGraphClient, type GraphClientOptions } from '@/utils/graph/graph-client';
import { useInstantTimers } from '../../support/instant-timers';

// Retry-After and backoff sleeps on fake timers, fired at once (tests/support/instant-timers.ts).
const timers = useInstantTimers();

/**
 * runHuntingQuery: v1.0 POST /security/runHuntingQuery with exactly { Query, Timespan }. The hunt runner
 * waits out 429s itself, so a hunting client (maxRetries 0) must hand every 429 back at once.
 */

interface Sent {
  method: string;
  url: string;
  contentType: string | null;
  body: unknown;
}

function clientAnswering(answers: Array<{ status: number; retryAfter?: string; body?: unknown }>, options: GraphClientOptions = { maxRetries: 0 }) {
  const sent: Sent[] = [];
  const graph = createGraphClient(
    {
      accessToken: async () => 'token',
      forgetToken: () => undefined,
      fetch: async (input, init) => {
        // As the platform's fetch: an aborted signal sends nothing.
        if (init?.signal?.aborted) throw init.signal.reason;
        const headers = new Headers(init?.headers as HeadersInit | undefined);
        sent.push({
          method: init?.method ?? 'GET',
          url: String(input),
          contentType: headers.get('content-type'),
          body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body,
        });
        const answer = answers.shift() ?? { status: 200 };
        const responseHeaders: Record<string, string> = { 'content-type': 'application/json' };
        if (answer.retryAfter !== undefined) responseHeaders['Retry-After'] = answer.retryAfter;
        return new Response(JSON.stringify(answer.body ?? {}), { status: answer.status, headers: responseHeaders });
      },
    },
    { retryDelaySeconds: 0, ...options },
  );
  return { graph, sent };
}

const results = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
  schema: [{ name: 'DeviceName', type: 'String' }],
  results: [{ DeviceName: 'pc-1' }],
};
const tooMany = {
  error: { code: 'TooManyRequests', message: 'Query execution was throttled: the number of calls per minute was exceeded.' },
};

describe('graph client: runHuntingQuery', () => {
  it('POSTs exactly Query and Timespan as JSON to v1.0 and answers Graph’s body unparsed', async () => {
    const { graph, sent } = clientAnswering([{ status: 200, body: results }]);
    const body = { Query: 'DeviceInfo | take 1', Timespan: 'P7D', extra: 'never sent' } as { Query: string; Timespan: string };
    await expect(graph.runHuntingQuery(body)).resolves.toEqual(results);
    expect(sent).toEqual([
      {
        method: 'POST',
        url: 'https://graph.microsoft.com/v1.0/security/runHuntingQuery',
        contentType: 'application/json',
        body: { Query: 'DeviceInfo | take 1', Timespan: 'P7D' },
      },
    ]);
  });

  it('with maxRetries 0 hands a 429 back at once, with its Retry-After and Graph’s message', async () => {
    const { graph, sent } = clientAnswering([{ status: 429, retryAfter: '3', body: tooMany }, { status: 200, body: results }]);
    const failure = await graph.runHuntingQuery({ Query: 'DeviceInfo', Timespan: 'P1D' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphRequestError);
    expect(failure).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterSeconds: 3, message: tooMany.error.message });
    expect(sent).toHaveLength(1);
    expect(timers.delays()).toEqual([]);
  });

  it('(the default client would have waited and sent it again: the option is what stops it)', async () => {
    const { graph, sent } = clientAnswering([{ status: 429, retryAfter: '1', body: tooMany }, { status: 200, body: results }], {});
    await expect(graph.runHuntingQuery({ Query: 'DeviceInfo', Timespan: 'P1D' })).resolves.toEqual(results);
    expect(sent).toHaveLength(2);
  });

  it('never sends the query again after a 500 or 503: it may have run (and used the tenant’s CPU quota)', async () => {
    for (const status of [500, 503]) {
      const { graph, sent } = clientAnswering([{ status, body: { error: { code: 'InternalServerError', message: 'boom' } } }, { status: 200, body: results }], {
        maxRetries: 0,
      });
      await expect(graph.runHuntingQuery({ Query: 'DeviceInfo', Timespan: 'P1D' })).rejects.toMatchObject({ status });
      expect(sent).toHaveLength(1);
    }
  });

  it('answers a 400 (a KQL error) with Graph’s own message', async () => {
    const bad = { error: { code: 'BadRequest', message: "Query could not be parsed at 'tak' on line [1,11]" } };
    const { graph } = clientAnswering([{ status: 400, body: bad }]);
    await expect(graph.runHuntingQuery({ Query: 'DeviceInfo | tak 1', Timespan: 'P1D' })).rejects.toMatchObject({
      status: 400,
      code: 'BadRequest',
      message: bad.error.message,
    });
  });

  it('rejects with the signal’s reason when aborted', async () => {
    const { graph, sent } = clientAnswering([{ status: 200, body: results }]);
    const controller = new AbortController();
    const reason = new Error('cancelled by the analyst');
    controller.abort(reason);
    await expect(graph.runHuntingQuery({ Query: 'DeviceInfo', Timespan: 'P1D' }, { signal: controller.signal })).rejects.toBe(reason);
    expect(sent).toEqual([]);
  });
});
