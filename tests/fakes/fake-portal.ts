/**
 * Fake Microsoft Defender portal (security.microsoft.com): saved HTML fixture pages served at the real
 * URLs, so the extension's content script runs on them exactly as on the real portal.
 *
 *   /incidents, /incidents/                           -> queue.html
 *   /incident2/{id}, /incident2/{id}/..., /incidents/{id}  -> incident.html
 *   anything else (/, /homepage, ...)                 -> home.html
 *
 * and Microsoft Defender multitenant management (mto.security.microsoft.com), by the Host header:
 *
 *   /incidents, /incidents/...                        -> mto-incidents.html
 *   anything else                                     -> mto-home.html
 *
 * `setPage(pattern, file)` overrides are checked first (last set wins); `?fixture=NAME` (NAME of
 * [a-z0-9-]) serves NAME.html instead of the routed page. A missing fixture is a 404 text page.
 */
import type { ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MTO_PORTAL_HOSTNAME, sendHtml, sendText, type FakeRequest } from './fake-http';

const SAFE_FIXTURE_NAME = /^[a-z0-9-]+$/;

export class FakePortal {
  #overrides: { pattern: RegExp; fileName: string }[] = [];

  constructor(readonly portalDir: string) {}

  /** Serves `fixtureFileName` (e.g. 'queue-dark.html' or 'queue-dark') for paths matching `pathPattern`. */
  setPage(pathPattern: RegExp, fixtureFileName: string): void {
    const fileName = fixtureFileName.endsWith('.html') ? fixtureFileName : `${fixtureFileName}.html`;
    if (path.basename(fileName) !== fileName || fileName.startsWith('.')) {
      throw new Error(`fixture file name must be a plain file name, got ${fixtureFileName}`);
    }
    this.#overrides.push({ pattern: pathPattern, fileName });
  }

  /** Drops every setPage() override. */
  reset(): void {
    this.#overrides = [];
  }

  /** The fixture file name a path would be served from (without the ?fixture= override). */
  fixtureFor(pathname: string, hostname = ''): string {
    for (let index = this.#overrides.length - 1; index >= 0; index -= 1) {
      const override = this.#overrides[index]!;
      override.pattern.lastIndex = 0;
      if (override.pattern.test(pathname)) return override.fileName;
    }
    if (hostname === MTO_PORTAL_HOSTNAME) return /^\/incidents(\/.*)?$/i.test(pathname) ? 'mto-incidents.html' : 'mto-home.html';
    if (/^\/incidents\/?$/i.test(pathname)) return 'queue.html';
    if (/^\/incident2\/[^/]+(\/.*)?$/i.test(pathname) || /^\/incidents\/[^/]+\/?$/i.test(pathname)) return 'incident.html';
    return 'home.html';
  }

  async handle(request: FakeRequest, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
    }
    let fileName = this.fixtureFor(request.url.pathname, request.hostname);
    const fixture = request.url.searchParams.get('fixture');
    if (fixture !== null) {
      if (!SAFE_FIXTURE_NAME.test(fixture)) return sendText(response, 400, `Bad fixture name: ${fixture}`);
      fileName = `${fixture}.html`;
    }
    let html: string;
    try {
      html = await readFile(path.join(this.portalDir, fileName), 'utf8');
    } catch {
      return sendText(response, 404, `Fixture not found: ${fileName}`);
    }
    sendHtml(response, 200, request.method === 'HEAD' ? '' : html);
  }
}
