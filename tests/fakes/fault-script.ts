/**
 * A per-test script of faults: each added fault waits for the first request it matches, is applied
 * `times` times (default 1), then is gone. Faults are checked in the order they were added, and never
 * match a CORS preflight (OPTIONS) unless `method: 'OPTIONS'` is given.
 */
import type { FakeRequest, HostKind } from './fake-http';

export type FaultKind = 'status429' | 'status500' | 'status503' | 'drop' | 'delay';

export interface FaultSpec {
  /** Only requests to this host; any host when absent. */
  host?: Exclude<HostKind, 'other'>;
  /** Only this HTTP method (case-insensitive); any method except OPTIONS when absent. */
  method?: string;
  /** Tested against the path plus query string, e.g. /v1.0/security/incidents?$top=50 */
  pathPattern?: RegExp;
  kind: FaultKind;
  /** For status429/status503: the Retry-After header in seconds. No header when absent. */
  retryAfterSeconds?: number;
  /** For delay: how long to hold the request before answering it normally (default 1000). */
  delayMs?: number;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
}

export interface PendingFault extends FaultSpec {
  /** Applications left. */
  remaining: number;
}

export class FaultScript {
  readonly #pending: PendingFault[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault times must be a positive integer, got ${times}`);
    this.#pending.push({ ...spec, remaining: times });
  }

  clear(): void {
    this.#pending.length = 0;
  }

  get pending(): readonly PendingFault[] {
    return this.#pending;
  }

  /** The first pending fault that matches, consumed once; undefined when none does. */
  take(request: FakeRequest): PendingFault | undefined {
    const pathAndQuery = request.url.pathname + request.url.search;
    const index = this.#pending.findIndex((fault) => {
      if (fault.host && fault.host !== request.host) return false;
      if (fault.method) {
        if (fault.method.toUpperCase() !== request.method) return false;
      } else if (request.method === 'OPTIONS') {
        return false;
      }
      if (fault.pathPattern) {
        fault.pathPattern.lastIndex = 0;
        if (!fault.pathPattern.test(pathAndQuery)) return false;
      }
      return true;
    });
    if (index < 0) return undefined;
    const fault = this.#pending[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#pending.splice(index, 1);
    return fault;
  }
}
