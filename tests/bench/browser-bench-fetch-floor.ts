/**
 * The baseline for the worker's CPU per tenant: what the same Graph requests cost the same worker thread
 * when sent as bare `fetch` calls, no extension code around them. The steady round's listing requests
 * (URL, Authorization, Prefer, as the fake cloud recorded them) are sent again from the worker (CDP
 * Runtime.evaluate), six at a time, each answer read as JSON, under the same Graph latency; the worker's
 * thread CPU over that is the floor no poll can go under while it makes one request per tenant. Run when
 * no round is running, after the figures that count requests.
 */
import type { RecordedRequest } from '../fakes/fake-microsoft-cloud';
import type { CdpSession } from './browser-bench-cdp';
import { cpuSince, cpuSnapshot, type CpuSnapshot } from './browser-bench-meters';

export interface FetchFloor {
  requests: number;
  cpu: CpuSnapshot;
  /** Answers that were not 200 (a replay the fake refused, e.g. an expired token): the floor is then suspect. */
  notOk: number;
}

const floorConcurrency = 6;

export async function measureFetchFloor(worker: CdpSession, profileDir: string, steadyRequests: readonly RecordedRequest[]): Promise<FetchFloor> {
  const requests = steadyRequests
    .filter((request) => request.method === 'GET' && request.path.endsWith('/security/incidents'))
    .map((request) => ({
      url: request.url,
      headers: Object.fromEntries(
        ['authorization', 'prefer'].flatMap((name) => (request.headers[name] ? [[name, request.headers[name]]] : [])),
      ),
    }));
  // Handed over before the meter starts (parsing them is no part of a fetch). Strings, not functions:
  // the bench runs under tsx, whose helpers do not exist in the worker.
  await worker.evaluate<number>(`(globalThis.__benchFloorRequests = ${JSON.stringify(requests)}).length`);
  const before = await cpuSnapshot(profileDir);
  const notOk = await worker.evaluate<number>(`(async () => {
    const requests = globalThis.__benchFloorRequests;
    delete globalThis.__benchFloorRequests;
    let next = 0;
    let notOk = 0;
    const one = async () => {
      while (next < requests.length) {
        const { url, headers } = requests[next++];
        const response = await fetch(url, { headers, cache: 'no-store' });
        await response.json();
        if (response.status !== 200) notOk += 1;
      }
    };
    await Promise.all(Array.from({ length: ${floorConcurrency} }, one));
    return notOk;
  })()`);
  return { requests: requests.length, cpu: cpuSince(before, await cpuSnapshot(profileDir)), notOk };
}
