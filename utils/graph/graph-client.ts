import {
  AuthenticationHandler,
  Client,
  GraphClientError,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { FetchHandler } from './fetch-handler';
import type { GraphClient, GraphClientOptions, GraphClientPorts, GraphRequestOptions } from './graph-client-contract';
import { GraphRequestError, parseRetryAfterSeconds } from '../domain/graph-request-error';
import { tokenProvider, toGraphRequestError } from './graph-client-errors';
import { incidentPatchSchema, incidentTaskPatchSchema, type IncidentPatch, type IncidentTaskPatch } from './graph-writes';
import { maxIncidentPageSize, type IncidentListQuery } from '../sync/graph-reads';
import { incidentTaskPageSize } from '../domain/incident-tasks';
import { TokenRefreshHandler } from './token-refresh-handler';
import { TransientFailureRetryHandler } from './transient-failure-retry-handler';

/**
 * Graph access for ONE tenant (one token port), through @microsoft/microsoft-graph-client v3 with this
 * middleware chain, outermost first:
 *
 *   TokenRefreshHandler           ours: a 401 drops the token (forgetToken) and sends once more
 *   AuthenticationHandler         library: Authorization from the injected accessToken() port
 *   RetryHandler                  library: 429/503/504, honours Retry-After (seconds or date); we cap
 *                                 how long it may wait, a longer Retry-After surfaces as an error
 *   TransientFailureRetryHandler  ours: 500/502 and dropped connections, bounded backoff with jitter
 *   FetchHandler                  ours: the injected fetch (tests and the bench reach the fake cloud)
 *
 * No window or DOM is needed (the service worker has neither): the library needs only a global fetch
 * and Promise. Every failure reaches callers as a GraphRequestError, except the token port's own errors
 * (e.g. TokenUnavailableError), which pass through unchanged, and an abort, which rejects with the
 * signal's reason.
 */

export type { GraphClient, GraphClientOptions, GraphClientPorts, GraphRequestOptions, IncidentListQuery, IncidentPatch, IncidentTaskPatch };

/** awaitingAction is an evolvable enum member: without this header Graph answers unknownFutureValue. */
export const preferUnknownEnumMembers = 'include-unknown-enum-members';
export const defaultIncidentPageSize = maxIncidentPageSize;

/** The $top to send for incidents: a whole number in 1..50 whatever the caller asked (default 50). */
export function incidentPageSize(top: number | undefined): number {
  if (top === undefined || !Number.isFinite(top)) return defaultIncidentPageSize;
  return Math.min(maxIncidentPageSize, Math.max(1, Math.floor(top)));
}

const collectionPageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().nullish(),
});

const defaults = {
  baseUrl: 'https://graph.microsoft.com',
  version: 'v1.0',
  maxRetries: 2,
  retryDelaySeconds: 1,
  maxRetryAfterSeconds: 10,
  transientRetries: 2,
  backoff: { baseMs: 500, maxMs: 8000 },
  maxPages: 200,
} as const;

export function createGraphClient(ports: GraphClientPorts, options: GraphClientOptions = {}): GraphClient {
  const baseUrl = (options.baseUrl ?? defaults.baseUrl).replace(/\/+$/, '');
  const version = options.version ?? defaults.version;
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? defaults.maxRetryAfterSeconds;
  const maxPages = options.maxPages ?? defaults.maxPages;

  const retryOptions = new RetryHandlerOptions(
    options.retryDelaySeconds ?? defaults.retryDelaySeconds,
    options.maxRetries ?? defaults.maxRetries,
    (_delay, _attempt, _request, requestOptions, response) => {
      // A write is sent again only where Graph says it was not taken: 429, or 503 with a Retry-After.
      // A 504, or a 503 without Retry-After, may have been applied, and sending it again could post a
      // comment twice. Dropped connections are never retried for writes (TransientFailureRetryHandler).
      const method = (requestOptions?.method ?? 'GET').toUpperCase();
      const wait = parseRetryAfterSeconds(response.headers.get('Retry-After'), Date.now());
      const isWrite = method !== 'GET' && method !== 'HEAD';
      if (isWrite && !(response.status === 429 || (response.status === 503 && wait !== undefined))) return false;
      return wait === undefined || wait <= maxRetryAfterSeconds;
    },
  );
  /** Graph's clock at its latest answer to this client (the `Date` header), for the sync's watermark. */
  let lastAnswerDate: number | null = null;
  const client = Client.initWithMiddleware({
    baseUrl,
    defaultVersion: version,
    middleware: [
      new TokenRefreshHandler(() => ports.forgetToken()),
      new AuthenticationHandler(tokenProvider(ports)),
      new RetryHandler(retryOptions),
      new TransientFailureRetryHandler({
        maxRetries: options.transientRetries ?? defaults.transientRetries,
        backoff: options.backoff ?? defaults.backoff,
        ...(options.random ? { random: options.random } : {}),
      }),
      new FetchHandler(ports.fetch, (graphTime) => {
        lastAnswerDate = graphTime;
      }),
    ],
  });

  type Send = { method: 'get' } | { method: 'patch'; body: object } | { method: 'post'; body?: object };

  async function request(
    pathOrUrl: string,
    query: Record<string, string | number>,
    signal: AbortSignal | undefined,
    send: Send = { method: 'get' },
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    let call = client.api(pathOrUrl).header('Prefer', preferUnknownEnumMembers);
    for (const [name, value] of Object.entries(headers)) call = call.header(name, value);
    if (Object.keys(query).length > 0) call = call.query(query);
    if (signal) call = call.option('signal', signal);
    try {
      if (send.method === 'get') return (await call.get()) as unknown;
      // The library sends objects as JSON with Content-Type application/json.
      return (await (send.method === 'patch' ? call.patch(send.body) : call.post(send.body))) as unknown;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof GraphClientError && error.customError !== undefined) throw error.customError;
      throw toGraphRequestError(error);
    }
  }

  const get = (pathOrUrl: string, query: Record<string, string | number>, signal?: AbortSignal, headers?: Record<string, string>) =>
    request(pathOrUrl, query, signal, { method: 'get' }, headers);
  const incidentPath = (id: string) => `/security/incidents/${encodeURIComponent(id)}`;
  const incidentTaskPath = (id: string) => `/security/incidentTasks/${encodeURIComponent(id)}`;

  function invalidResponse(message: string): GraphRequestError {
    return new GraphRequestError({ status: 200, code: 'invalidResponse', message });
  }

  /** Every page of a collection, following @odata.nextLink (only back to the same Graph). */
  async function* pages(
    path: string,
    query: Record<string, string | number>,
    signal?: AbortSignal,
    headers?: Record<string, string>,
  ): AsyncGenerator<unknown[], void, undefined> {
    let nextLink: string | null = null;
    let count = 0;
    do {
      const body = nextLink === null ? await get(path, query, signal, headers) : await get(nextLink, {}, signal, headers);
      const page = collectionPageSchema.safeParse(body);
      if (!page.success) throw invalidResponse(`Graph answered ${path} with something other than a collection page`);
      count += 1;
      yield page.data.value;
      nextLink = page.data['@odata.nextLink'] ?? null;
      if (nextLink !== null && !nextLink.startsWith(`${baseUrl}/`)) {
        throw invalidResponse('Graph returned a next link to another host; paging stopped');
      }
      if (nextLink !== null && count >= maxPages) {
        throw new GraphRequestError({
          status: 200,
          code: 'tooManyPages',
          message: `Stopped after ${maxPages} pages of ${path}`,
        });
      }
    } while (nextLink !== null);
  }

  return {
    lastAnswerDate: () => lastAnswerDate,

    listIncidents(query = {}) {
      // A client may be kept across polls (the sync's are): its answer time is this listing's or none.
      lastAnswerDate = null;
      const params: Record<string, string | number> = {
        $expand: 'alerts',
        $top: incidentPageSize(query.top),
      };
      // The library puts query values into the URL as given: encode, so quotes, '+' and '&' stay data.
      if (query.filter !== undefined) params['$filter'] = encodeURIComponent(query.filter);
      return pages('/security/incidents', params, query.signal);
    },

    listIncidentIds(query) {
      const params = {
        $select: 'id,status,lastUpdateDateTime',
        $top: defaultIncidentPageSize,
        $filter: encodeURIComponent(query.filter),
      };
      return pages('/security/incidents', params, query.signal);
    },

    async getIncident(id, requestOptions = {}) {
      return get(incidentPath(id), { $expand: 'alerts' }, requestOptions.signal);
    },

    async patchIncident(id, changes, requestOptions = {}) {
      // Validated here too: whatever a caller builds, awaitingAction and unknown properties never go out.
      const body = incidentPatchSchema.parse(changes);
      return request(incidentPath(id), {}, requestOptions.signal, { method: 'patch', body });
    },

    async addIncidentComment(id, comment, requestOptions = {}) {
      const body = { '@odata.type': 'microsoft.graph.security.alertComment', comment };
      return request(`${incidentPath(id)}/comments`, {}, requestOptions.signal, { method: 'post', body });
    },

    async listIncidentTasks(filter, requestOptions = {}) {
      const all: unknown[] = [];
      const params: Record<string, string | number> = { $top: incidentTaskPageSize };
      if (filter !== undefined) params['$filter'] = encodeURIComponent(filter);
      for await (const page of pages('/security/incidentTasks', params, requestOptions.signal)) all.push(...page);
      return all;
    },

    async getIncidentTask(id, requestOptions = {}) {
      return get(incidentTaskPath(id), {}, requestOptions.signal);
    },

    async patchIncidentTask(id, changes, requestOptions = {}) {
      const body = incidentTaskPatchSchema.parse(changes);
      return request(incidentTaskPath(id), {}, requestOptions.signal, { method: 'patch', body });
    },

    async executeIncidentTaskResponseAction(id, requestOptions = {}) {
      await request(`${incidentTaskPath(id)}/executeResponseAction`, {}, requestOptions.signal, { method: 'post' });
    },

    async listDelegatedAdminRelationships(requestOptions = {}) {
      const all: unknown[] = [];
      for await (const page of pages('/tenantRelationships/delegatedAdminRelationships', {}, requestOptions.signal)) {
        all.push(...page);
      }
      return all;
    },

    async listDelegatedAdminAccessAssignments(relationshipId, requestOptions = {}) {
      const all: unknown[] = [];
      const path = `/tenantRelationships/delegatedAdminRelationships/${encodeURIComponent(relationshipId)}/accessAssignments`;
      for await (const page of pages(path, {}, requestOptions.signal)) all.push(...page);
      return all;
    },

    async runHuntingQuery(body, requestOptions = {}) {
      // Only Query and Timespan go out, whatever the caller's object carries. A POST is never sent again by
      // this chain except on a 429 within maxRetries: a hunting client is built with maxRetries 0, so its
      // 429s reach the hunt runner, which waits them out itself (utils/hunting/).
      const sent = { Query: body.Query, Timespan: body.Timespan };
      return request('/security/runHuntingQuery', {}, requestOptions.signal, { method: 'post', body: sent });
    },

    async listMyGroups(requestOptions = {}) {
      // An OData cast on transitiveMemberOf is an advanced query: ConsistencyLevel and $count are required
      // (docs/reference/graph-security-api.md, GDAP). Page size: default 100, at most 999.
      const all: unknown[] = [];
      const query = { $select: 'id,displayName', $top: 999, $count: 'true' };
      const headers = { ConsistencyLevel: 'eventual' };
      for await (const page of pages('/me/transitiveMemberOf/microsoft.graph.group', query, requestOptions.signal, headers)) {
        all.push(...page);
      }
      return all;
    },
  };
}
