/**
 * The baseline for the worker's CPU per tenant: what the same Graph requests cost the same worker thread
 * when sent as bare `fetch` calls, no extension code around them. The steady round's listing requests
 * (URL, and of the headers the two Handoff sets itself, Authorization and Prefer; the browser adds the
 * rest to both alike) are sent again from the worker (CDP Runtime.evaluate), six at a time, each answer
 * read as JSON, under the same Graph latency; the worker's thread CPU over that is the floor no poll can go
 * under while it makes one request per tenant. Run when no round is running, after the figures that count
 * requests. The `$filter`'s time becomes now, so the answers are as empty as the steady round's were
 * (its own watermarks would list the incidents handed off since); `items` says what they held.
 */
import type { RecordedRequest } from '../fakes/fake-microsoft-cloud';
import type { CdpSession } from './browser-bench-cdp';
import { cpuSince, cpuSnapshot, type CpuSnapshot } from './browser-bench-meters';

export interface FetchFloor {
  requests: number;
  cpu: CpuSnapshot;
  /** Answers that were not 200 (a replay the fake refused, e.g. an expired token): the floor is then suspect. */
  notOk: number;
  /** Incidents the answers listed (0, as in the steady round, unless something changed in this second). */
  items: number;
}

const floorConcurrency = 6;
/** An ISO time in a URL, its colons encoded or not. */
const filterTime = /\d{4}-\d{2}-\d{2}T\d{2}(?::|%3A)\d{2}(?::|%3A)\d{2}(?:\.\d+)?Z/gi;

export async function measureFetchFloor(worker: CdpSession, profileDir: string, steadyRequests: readonly RecordedRequest[]): Promise<FetchFloor> {
  const requests = steadyRequests
    .filter((request) => request.method === 'GET' && request.path.endsWith('/security/incidents'))
    .map((request) => ({
      url: request.url.replace(filterTime, (time) => (/%3A/i.test(time) ? encodeURIComponent(new Date().toISOString()) : new Date().toISOString())),
      headers: Object.fromEntries(
        ['authorization', 'prefer'].flatMap((name) => (request.headers[name] ? [[name, request.headers[name]]] : [])),
      ),
    }));
  // Handed over before the meter starts (parsing them is no part of a fetch). Strings, not functions:
  // the bench runs under tsx, whose helpers do not exist in the worker.
  await worker.evaluate<number>(`(globalThis.__benchFloorRequests = ${JSON.stringify(requests)}).length`);
  const before = await cpuSnapshot(profileDir);
  const { notOk, items } = await worker.evaluate<{ notOk: number; items: number }>(`(async () => {
    const requests = globalThis.__benchFloorRequests;
    delete globalThis.__benchFloorRequests;
    let next = 0;
    let notOk = 0;
    let items = 0;
    const one = async () => {
      while (next < requests.length) {
        const { url, headers } = requests[next++];
        try {
          const response = await fetch(url, { headers, cache: 'no-store' });
          if (response.status !== 200) {
            notOk += 1;
            await response.arrayBuffer();
            continue;
          }
          items += (await response.json()).value.length;
        } catch {
          notOk += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: ${floorConcurrency} }, one));
    return { notOk, items };
  })()`);
  return { requests: requests.length, cpu: cpuSince(before, await cpuSnapshot(profileDir)), notOk, items };
}
