// @vitest-environment node
import type { Context } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { FetchHandler, type FetchImplementation } from '@/utils/graph/fetch-handler';

function recordingFetch(answer: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchImplementation = async (url, init) => {
    calls.push({ url, init });
    return answer();
  };
  return { fetch, calls };
}

const contextFor = (request: string, options: RequestInit = {}): Context => ({ request, options }) as Context;

describe('FetchHandler', () => {
  it('sends every request with cache "no-store", keeping its method, headers and body', async () => {
    // Tenant data must not reach the HTTP disk cache, and a cacheable GET makes Chromium queue requests
    // for one URL behind each other (tenants with the same watermark were polled one at a time).
    const { fetch, calls } = recordingFetch(() => new Response('{"value":[]}', { status: 200 }));
    const handler = new FetchHandler(fetch);
    const headers = { Authorization: 'Bearer x', Prefer: 'include-unknown-enum-members' };
    await handler.execute(contextFor('https://graph.microsoft.com/v1.0/security/incidents?$top=50', { method: 'GET', headers }));
    await handler.execute(contextFor('https://graph.microsoft.com/v1.0/security/incidents/1', { method: 'PATCH', headers, body: '{"status":"resolved"}' }));
    expect(calls.map((call) => call.init)).toEqual([
      { method: 'GET', headers, cache: 'no-store' },
      { method: 'PATCH', headers, body: '{"status":"resolved"}', cache: 'no-store' },
    ]);
    expect(calls.map((call) => call.url)).toEqual([
      'https://graph.microsoft.com/v1.0/security/incidents?$top=50',
      'https://graph.microsoft.com/v1.0/security/incidents/1',
    ]);
  });

  it("tells Graph's clock (the Date header) of every answer that has one, and nothing otherwise", async () => {
    const dates: number[] = [];
    const dated = recordingFetch(() => new Response('{}', { status: 200, headers: { date: 'Wed, 02 Dec 2026 10:15:30 GMT' } }));
    await new FetchHandler(dated.fetch, (graphTime) => dates.push(graphTime)).execute(contextFor('https://graph.microsoft.com/v1.0/me'));
    expect(dates).toEqual([Date.parse('2026-12-02T10:15:30Z')]);
    const undated = recordingFetch(() => new Response('{}', { status: 200, headers: { date: 'not a date' } }));
    await new FetchHandler(undated.fetch, (graphTime) => dates.push(graphTime)).execute(contextFor('https://graph.microsoft.com/v1.0/me'));
    expect(dates).toHaveLength(1);
  });

  it('overrides a cache mode set by a caller', async () => {
    const { fetch, calls } = recordingFetch(() => new Response('{}', { status: 200 }));
    await new FetchHandler(fetch).execute(contextFor('https://graph.microsoft.com/v1.0/me', { cache: 'force-cache' }));
    expect(calls[0]?.init.cache).toBe('no-store');
  });

  it('buffers the body into the context response and answers a 204 without one', async () => {
    const ok = recordingFetch(() => new Response('{"id":"1"}', { status: 200, headers: { 'content-type': 'application/json' } }));
    const context = contextFor('https://graph.microsoft.com/v1.0/security/incidents/1');
    await new FetchHandler(ok.fetch).execute(context);
    expect(context.response?.status).toBe(200);
    expect(await context.response?.json()).toEqual({ id: '1' });
    expect(context.response?.headers.get('content-type')).toBe('application/json');

    const empty = recordingFetch(() => new Response(null, { status: 204 }));
    const noContent = contextFor('https://graph.microsoft.com/v1.0/security/incidents/1');
    await new FetchHandler(empty.fetch).execute(noContent);
    expect(noContent.response?.status).toBe(204);
    expect(noContent.response?.body).toBeNull();
  });
});
