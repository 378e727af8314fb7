import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/** The fetch the Graph client sends through: the platform's by default; tests and the bench reach the fake cloud. */
export type FetchImplementation = (url: string, init: RequestInit) => Promise<Response>;

/** The platform fetch, called unbound-safe (browsers throw "Illegal invocation" for a detached `fetch`). */
export const platformFetch: FetchImplementation = (url, init) => fetch(url, init);

function requestUrl(request: RequestInfo): string {
  return typeof request === 'string' ? request : request.url;
}

/** Statuses whose responses must not have a body (the Response constructor throws otherwise). */
const nullBodyStatuses: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * The last middleware of the chain, in place of the library's HTTPMessageHandler (which always calls the
 * global fetch): sends the request with the injected fetch and reads the whole body here, so a
 * connection dropped halfway through a page fails inside the chain (as fetch's TypeError, which
 * TransientFailureRetryHandler retries) instead of later, in the library's JSON parsing, where nothing
 * retries it. Pages are small (at most $top incidents), so buffering costs little.
 *
 * Every request is `cache: 'no-store'`: Graph's answers are one analyst's tenant data and must not land
 * in the browser's HTTP disk cache, and Chromium's cache lock lets only one request per URL at a time
 * through a cacheable GET, so tenants polled at once with the same $filter (same watermark) queued one
 * behind another (the browser bench saw 1.0 request in flight with 9 tenants started together).
 */
export class FetchHandler implements Middleware {
  constructor(
    private readonly fetchImplementation: FetchImplementation = platformFetch,
    /** Told Graph's clock (its `Date` header, whole seconds) at every answer that carries one. */
    private readonly onAnswerDate?: (graphTimeMs: number) => void,
  ) {}

  async execute(context: Context): Promise<void> {
    const send = this.fetchImplementation;
    const response = await send(requestUrl(context.request), { ...context.options, cache: 'no-store' });
    const graphTime = Date.parse(response.headers.get('date') ?? '');
    if (this.onAnswerDate && Number.isFinite(graphTime)) this.onAnswerDate(graphTime);
    const body = nullBodyStatuses.has(response.status) ? null : await response.arrayBuffer();
    context.response = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
}
