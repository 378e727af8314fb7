/**
 * Small HTTP building blocks shared by the fake services: which Microsoft host a request is for, the
 * request as the fakes see it, body and cookie parsing, JSON/HTML/redirect answers and CORS headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

export const LOGIN_HOSTNAME = 'login.microsoftonline.com';
export const GRAPH_HOSTNAME = 'graph.microsoft.com';
export const PORTAL_HOSTNAME = 'security.microsoft.com';
/** Microsoft Defender multitenant management: the fake portal answers it too (its own fixture pages). */
export const MTO_PORTAL_HOSTNAME = 'mto.security.microsoft.com';

/** The hosts the fake answers, by role. `other` is anything else (answered with 421). */
export type HostKind = 'login' | 'graph' | 'portal' | 'other';

export const HOSTNAMES: Record<Exclude<HostKind, 'other'>, string> = {
  login: LOGIN_HOSTNAME,
  graph: GRAPH_HOSTNAME,
  portal: PORTAL_HOSTNAME,
};

/** Every host the fake answers (Chromium's --host-resolver-rules map each of them to it). */
export const FAKE_HOSTNAMES: readonly string[] = [...Object.values(HOSTNAMES), MTO_PORTAL_HOSTNAME];

export function hostKindOf(hostname: string): HostKind {
  switch (hostname.toLowerCase()) {
    case LOGIN_HOSTNAME:
      return 'login';
    case GRAPH_HOSTNAME:
      return 'graph';
    case PORTAL_HOSTNAME:
    case MTO_PORTAL_HOSTNAME:
      return 'portal';
    default:
      return 'other';
  }
}

/** A request, read completely, as the fake services see it. */
export interface FakeRequest {
  readonly method: string;
  readonly host: HostKind;
  /** Host header without the port, lowercased. */
  readonly hostname: string;
  /** The public URL the client meant, e.g. https://graph.microsoft.com/v1.0/security/incidents?$top=5 */
  readonly url: URL;
  /** Header names lowercased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
}

export type FakeHandler = (request: FakeRequest, response: ServerResponse) => void | Promise<void>;

export function flattenHeaders(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

export function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  // Strip a port; IPv6 literals keep their brackets.
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader.trim());
  return (match?.[1] ?? hostHeader).toLowerCase();
}

export async function readBody(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}

export function isFormBody(request: FakeRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

export function sendHtml(
  response: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string | string[]> = {},
): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(html);
}

export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(text);
}

export function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  response.writeHead(302, { location, 'cache-control': 'no-store', ...headers });
  response.end();
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface CorsPolicy {
  allowMethods: string;
  exposeHeaders?: string;
}

/**
 * CORS answer headers for a request: the request's Origin echoed (or `*` without one), the requested
 * headers allowed. Both Entra's token endpoint and Graph answer browser requests from any origin.
 */
export function corsHeaders(request: FakeRequest, policy: CorsPolicy): Record<string, string> {
  const origin = request.headers['origin'];
  const headers: Record<string, string> = {
    'access-control-allow-origin': origin ?? '*',
    'access-control-allow-methods': policy.allowMethods,
    'access-control-max-age': '86400',
  };
  if (origin) headers['vary'] = 'Origin';
  const requested = request.headers['access-control-request-headers'];
  headers['access-control-allow-headers'] = requested ?? 'authorization, content-type, prefer, client-request-id';
  if (policy.exposeHeaders) headers['access-control-expose-headers'] = policy.exposeHeaders;
  return headers;
}

export function isPreflight(request: FakeRequest): boolean {
  return request.method === 'OPTIONS';
}

export function newRequestId(): string {
  return randomUUID();
}
