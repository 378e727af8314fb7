/**
 * A fetch for Node that sends https://login.microsoftonline.com/..., https://graph.microsoft.com/... to the
 * fake Microsoft cloud on 127.0.0.1:PORT, with the real hostname as Host header and TLS server name, and
 * its self-signed certificate accepted: the Node counterpart of Chromium's --host-resolver-rules and
 * --ignore-certificate-errors. Built on node:https (no extra dependency); the body is read completely
 * before the Response is made, and a dropped connection rejects with a TypeError like the platform fetch.
 */
import { Agent, request as httpsRequest } from 'node:https';

export type NodeFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** What one exchange cost, for measurements (bench) and assertions. */
export interface FetchRecord {
  method: string;
  url: string;
  status: number;
  /** Response body bytes as received. */
  responseBytes: number;
}

export interface FakeCloudFetchOptions {
  /** Called after every completed response. */
  onResponse?: (record: FetchRecord) => void;
  /** Sockets kept open per host (default 8). */
  maxSockets?: number;
}

const nullBodyStatuses: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

function bodyText(body: RequestInit['body']): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('fakeCloudFetch sends string or URLSearchParams bodies only');
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

export function fakeCloudFetch(cloud: { port: number }, options: FakeCloudFetchOptions = {}): NodeFetch & { close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 8, rejectUnauthorized: false });

  const send: NodeFetch = (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const method = (init.method ?? 'GET').toUpperCase();
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      headers['host'] = url.host;
      const body = bodyText(init.body);
      const request = httpsRequest(
        {
          host: '127.0.0.1',
          port: cloud.port,
          method,
          path: url.pathname + url.search,
          servername: url.hostname,
          agent,
          headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const buffer = Buffer.concat(chunks);
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (value === undefined) continue;
              for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
            }
            options.onResponse?.({ method, url: url.href, status, responseBytes: buffer.length });
            resolve(
              new Response(nullBodyStatuses.has(status) ? null : buffer, {
                status,
                statusText: response.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      request.on('error', (error) => {
        reject(signal?.aborted ? abortError(signal) : new TypeError('fetch failed', { cause: error }));
      });
      signal?.addEventListener('abort', () => request.destroy(), { once: true });
      if (body !== undefined) request.write(body);
      request.end();
    });

  return Object.assign(send, { close: () => agent.destroy() });
}
