/**
 * How Firefox reaches the fake Microsoft cloud. Firefox has no `--host-resolver-rules`, so the test
 * profile sends every HTTPS request through this local HTTP proxy (manual proxy prefs, see
 * firefox-prefs.ts), which tunnels `CONNECT` for the Microsoft hosts to the fake cloud's port: the
 * browser still speaks TLS to "login.microsoftonline.com" and sends the real Host header, so the fake
 * dispatches as it does for Chromium.
 *
 * It also tunnels the identity redirect host (`<hash>.extensions.allizom.org`): Firefox's
 * launchWebAuthFlow notices the redirect only once a request to it starts on the network, then cancels it
 * (toolkit/components/extensions/parent/ext-identity.js: an http-activity observer). Any other host is
 * refused (403) and recorded, so nothing leaves this machine and a surprise shows in `refused`.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { FAKE_CLOUD_HOSTNAMES } from '../fakes/certificate';

export interface ConnectProxy {
  readonly port: number;
  /** `host:port` of every CONNECT tunnelled to the fake cloud, in order. */
  readonly tunnelled: string[];
  /** `host:port` (or URL) of every request refused. */
  readonly refused: string[];
  close(): Promise<void>;
}

const identityRedirectHost = /^[0-9a-f]{40}\.extensions\.allizom\.org$/;

export function isFakeCloudHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return FAKE_CLOUD_HOSTNAMES.includes(host) || identityRedirectHost.test(host);
}

export async function startConnectProxy(cloudPort: number): Promise<ConnectProxy> {
  const tunnelled: string[] = [];
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    // Plain-HTTP proxy requests (absolute URLs): nothing of Handoff's uses http://.
    refused.push(request.url ?? '');
    response.writeHead(403, { 'content-type': 'text/plain' }).end('Only HTTPS to the fake Microsoft cloud.');
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    const hostname = target.replace(/:\d+$/, '');
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!target.endsWith(':443') || !isFakeCloudHost(hostname)) {
      refused.push(target);
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    tunnelled.push(target);
    const upstream = connect(cloudPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.once('close', () => upstream.destroy());
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port,
    tunnelled,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
