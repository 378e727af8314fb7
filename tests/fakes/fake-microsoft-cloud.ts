/**
 * The fake Microsoft cloud: ONE local HTTPS server (self-signed certificate made at start) that answers
 * for three Microsoft hosts, dispatching on the Host header:
 *
 *   login.microsoftonline.com  fake Entra ID  (fake-entra.ts)   authorize, sign-in/consent pages, token (code + refresh)
 *   graph.microsoft.com        fake Graph     (fake-graph.ts)   security incidents, incident tasks (beta), GDAP
 *   security.microsoft.com     fake portal    (fake-portal.ts)  saved Defender portal pages from tests/fixtures/portal
 *   mto.security.microsoft.com fake portal    (fake-portal.ts)  the multitenant portal's saved pages (mto-*.html)
 *
 * Chromium reaches it with `chromiumArgs`:
 *   --host-resolver-rules=MAP login.microsoftonline.com 127.0.0.1:PORT,MAP graph.microsoft.com 127.0.0.1:PORT,...
 *   --ignore-certificate-errors (and --ignore-certificate-errors-spki-list=<this certificate>)
 * so the sign-in window, the offscreen document and the service worker all use the real URLs.
 *
 * Every request is recorded (`requests`); `addFault()` scripts 429/500/503 answers, dropped sockets and
 * delays. By default the server starts seeded with the demo world (tests/fixtures/demo-tenants.ts).
 *
 *   const cloud = await startFakeMicrosoftCloud();
 *   cloud.graph.tenant(CONTOSO_TENANT_ID).updateIncident('1004', { status: 'inProgress' });
 *   cloud.addFault({ host: 'graph', kind: 'status429', retryAfterSeconds: 2 });
 *   ... cloud.graphRequests() ... await cloud.close();
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createFakeCertificate, type FakeCertificate } from './certificate';
import { FakeClock } from './fake-clock';
import { FakeEntra } from './fake-entra';
import { FakeGraph } from './fake-graph';
import { GraphLoad, type GraphLoadOptions } from './graph-load';
import {
  corsHeaders,
  FAKE_HOSTNAMES,
  flattenHeaders,
  hostKindOf,
  hostnameOf,
  readBody,
  sendJson,
  sendText,
  type FakeRequest,
} from './fake-http';
import { FakePortal } from './fake-portal';
import { FaultScript, type FaultSpec, type PendingFault } from './fault-script';
import { RequestLog, type RecordedRequest } from './request-log';
import { seedDemoTenants } from './seed-demo-tenants';
import { demoTenants, type DemoTenantSet } from '../fixtures/demo-tenants';

export type { RecordedRequest } from './request-log';
export type { FaultSpec, FaultKind } from './fault-script';
export type { GraphLoadOptions } from './graph-load';

export interface FakeMicrosoftCloudOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Folder of portal fixture pages (default tests/fixtures/portal). */
  portalDir?: string;
  /** 'demo' (default): load the demo world; 'none': empty Graph, Entra with only the demo partner's users. */
  seed?: 'demo' | 'none';
  /** The `now` the demo data's dates are relative to (default: the start time). */
  demoNow?: Date;
  /** Latency and Defender's per-app, per-tenant quotas on Graph (graph-load.ts); both off by default. */
  graphLoad?: GraphLoadOptions;
}

export interface FakeMicrosoftCloud {
  readonly port: number;
  /** Flags for Chromium (Playwright `args`) that route the three hosts here and accept the certificate. */
  readonly chromiumArgs: string[];
  readonly certificate: FakeCertificate;
  readonly entra: FakeEntra;
  readonly graph: FakeGraph;
  readonly portal: FakePortal;
  /** Graph's latency and throttling (off unless configured); `graphLoad.configure()` changes them live. */
  readonly graphLoad: GraphLoad;
  /** The fake's clock (token lifetimes, lastUpdateDateTime bumps); `clock.advance(ms)` to jump ahead. */
  readonly clock: FakeClock;
  /** The demo data loaded at start or at the last reset() (undefined with seed 'none'). */
  readonly demo: DemoTenantSet | undefined;
  /** Every request so far, in arrival order (live array). */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** Requests to graph.microsoft.com, CORS preflights left out. */
  graphRequests(): RecordedRequest[];
  /** Requests to login.microsoftonline.com, CORS preflights left out. */
  loginRequests(): RecordedRequest[];
  /** Requests to security.microsoft.com. */
  portalRequests(): RecordedRequest[];
  /** Scripts a fault: applied to the next matching request(s), in the order added. */
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  readonly pendingFaults: readonly PendingFault[];
  /** Back to the start state: requests, faults, clock, Entra, Graph and portal overrides reset, data re-seeded. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_PORTAL_DIR = fileURLToPath(new URL('../fixtures/portal/', import.meta.url));

export async function startFakeMicrosoftCloud(options: FakeMicrosoftCloudOptions = {}): Promise<FakeMicrosoftCloud> {
  const certificate = await createFakeCertificate();
  const clock = new FakeClock();
  const entra = new FakeEntra(clock);
  const graph = new FakeGraph(clock, (token) => entra.checkAccessToken(token));
  const portal = new FakePortal(options.portalDir ?? DEFAULT_PORTAL_DIR);
  const log = new RequestLog();
  const faults = new FaultScript();
  const graphLoad = new GraphLoad();
  graphLoad.configure(options.graphLoad ?? {});
  const seed = options.seed ?? 'demo';
  let demo: DemoTenantSet | undefined;

  const applySeed = (): void => {
    const data = demoTenants(options.demoNow ?? new Date());
    if (seed === 'demo') {
      demo = seedDemoTenants({ entra, graph }, data);
    } else {
      demo = undefined;
      entra.users = data.partner.users.map((user) => ({ ...user }));
      entra.domains.set(data.partner.domain, data.partner.tenantId);
      entra.consentedTenants.add(data.partner.tenantId);
    }
  };
  applySeed();

  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (message, response) => {
    void handle(message, response);
  });

  async function handle(message: IncomingMessage, response: ServerResponse): Promise<void> {
    let recorded: RecordedRequest | undefined;
    try {
      const hostname = hostnameOf(message.headers.host);
      const host = hostKindOf(hostname);
      const bodyText = await readBody(message);
      const request: FakeRequest = {
        method: (message.method ?? 'GET').toUpperCase(),
        host,
        hostname,
        url: new URL(message.url ?? '/', `https://${hostname || 'unknown.invalid'}`),
        headers: flattenHeaders(message),
        bodyText,
      };
      recorded = log.record(request);
      const entry = recorded;
      response.on('finish', () => {
        entry.status = response.statusCode;
        entry.answeredAt = new Date();
      });

      const fault = faults.take(request);
      if (fault) {
        entry.fault = fault.kind;
        if (fault.kind === 'drop') {
          message.socket.destroy();
          return;
        }
        if (fault.kind === 'delay') {
          await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
        } else {
          return answerFault(request, response, fault);
        }
      }

      if (host === 'graph' && request.method !== 'OPTIONS' && (graphLoad.latency || graphLoad.throttle)) {
        const delayMs = graphLoad.delayMs();
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        const verdict = graphLoad.admit(request, clock.now());
        if (verdict.retryAfterSeconds !== undefined) {
          entry.throttled = true;
          return answerFault(request, response, { kind: 'status429', retryAfterSeconds: verdict.retryAfterSeconds, remaining: 0 });
        }
      }

      // Graph's Date header is its own clock (the sync's watermark moves with it): the fake's clock here.
      if (host === 'graph') response.setHeader('date', new Date(clock.now()).toUTCString());
      switch (host) {
        case 'login':
          return await entra.handle(request, response);
        case 'graph':
          return await graph.handle(request, response);
        case 'portal':
          return await portal.handle(request, response);
        default:
          return sendText(response, 421, `The fake Microsoft cloud does not serve '${hostname}'.`);
      }
    } catch (error) {
      console.error('[fake-microsoft-cloud] handler failed', error);
      if (!response.headersSent) sendJson(response, 500, { error: { code: 'FakeCloudError', message: String(error) } });
      else response.end();
    }
  }

  function answerFault(request: FakeRequest, response: ServerResponse, fault: PendingFault): void {
    const status = fault.kind === 'status429' ? 429 : fault.kind === 'status503' ? 503 : 500;
    const headers: Record<string, string> = {
      ...corsHeaders(request, {
        allowMethods: 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
        exposeHeaders: 'Retry-After, request-id, client-request-id',
      }),
    };
    if (fault.retryAfterSeconds !== undefined && status !== 500) headers['retry-after'] = String(fault.retryAfterSeconds);
    if (request.host === 'login') {
      const error = status === 429 ? 'temporarily_unavailable' : 'server_error';
      return sendJson(response, status, { error, error_description: `Fake ${status} (scripted fault).`, error_codes: [] }, headers);
    }
    if (request.host === 'graph') {
      const code = status === 429 ? 'TooManyRequests' : status === 503 ? 'ServiceUnavailable' : 'InternalServerError';
      const message =
        status === 429 ? 'Too many requests.' : status === 503 ? 'The service is temporarily unavailable.' : 'An internal server error occurred.';
      return sendJson(response, status, { error: { code, message } }, headers);
    }
    sendText(response, status, `Scripted fault: ${status}`, headers);
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

  const rules = FAKE_HOSTNAMES.map((hostname) => `MAP ${hostname} 127.0.0.1:${port}`).join(',');

  return {
    port,
    chromiumArgs: [
      `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors',
      `--ignore-certificate-errors-spki-list=${certificate.spkiSha256}`,
    ],
    certificate,
    entra,
    graph,
    portal,
    graphLoad,
    clock,
    get demo() {
      return demo;
    },
    requests: log.entries,
    clearRequests: () => log.clear(),
    graphRequests: () => log.byHost('graph'),
    loginRequests: () => log.byHost('login'),
    portalRequests: () => log.byHost('portal'),
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    get pendingFaults() {
      return faults.pending;
    },
    reset() {
      log.clear();
      faults.clear();
      graphLoad.reset();
      graphLoad.configure(options.graphLoad ?? {});
      clock.reset();
      entra.reset();
      graph.reset();
      portal.reset();
      applySeed();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
