/**
 * Every request the fake cloud receives, in arrival order, so tests can assert on what the extension
 * really sent (headers, $filter, the Prefer header, token grants) and how the fake answered.
 */
import type { FakeRequest, HostKind } from './fake-http';
import type { FaultKind } from './fault-script';

export interface RecordedRequest {
  /** Arrival time (real time, not the fake clock). */
  readonly time: Date;
  readonly method: string;
  readonly host: HostKind;
  /** Host header without port, e.g. graph.microsoft.com */
  readonly hostname: string;
  /** Path without the query, e.g. /v1.0/security/incidents */
  readonly path: string;
  /** The full public URL, e.g. https://graph.microsoft.com/v1.0/security/incidents?$top=50 */
  readonly url: string;
  readonly query: URLSearchParams;
  /** Header names lowercased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
  /** The body parsed as JSON, when it was JSON. */
  readonly bodyJson?: unknown;
  /** The body parsed as a form, when it was application/x-www-form-urlencoded. */
  readonly bodyForm?: URLSearchParams;
  /** The status code answered; undefined while pending or when the socket was dropped. */
  status?: number;
  /** The scripted fault applied to this request, if any. */
  fault?: FaultKind;
  /** When the answer was sent (undefined while pending or when the socket was dropped). */
  answeredAt?: Date;
  /** Answered 429 by the fake's throttling (graph-load.ts), not by a scripted fault. */
  throttled?: boolean;
}

export class RequestLog {
  /** Live array: `clear()` empties it in place, so references stay valid. */
  readonly entries: RecordedRequest[] = [];

  record(request: FakeRequest): RecordedRequest {
    const contentType = (request.headers['content-type'] ?? '').toLowerCase();
    let bodyJson: unknown;
    let bodyForm: URLSearchParams | undefined;
    if (request.bodyText && contentType.includes('json')) {
      try {
        bodyJson = JSON.parse(request.bodyText);
      } catch {
        bodyJson = undefined;
      }
    }
    if (contentType.startsWith('application/x-www-form-urlencoded')) bodyForm = new URLSearchParams(request.bodyText);
    const entry: RecordedRequest = {
      time: new Date(),
      method: request.method,
      host: request.host,
      hostname: request.hostname,
      path: request.url.pathname,
      url: request.url.href,
      query: new URLSearchParams(request.url.search),
      headers: request.headers,
      bodyText: request.bodyText,
      ...(bodyJson === undefined ? {} : { bodyJson }),
      ...(bodyForm === undefined ? {} : { bodyForm }),
    };
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** Requests to one host, CORS preflights left out. */
  byHost(host: HostKind): RecordedRequest[] {
    return this.entries.filter((entry) => entry.host === host && entry.method !== 'OPTIONS');
  }
}
