import { GraphRequestError } from '@/utils/domain/graph-request-error';
import type { HuntTenantRows, HuntTenantState } from '@/utils/hunting/hunt-model';
import { runHunt, type HuntOptions, type HuntPorts } from '@/utils/hunting/run-hunt';

// The runner's test harness (run-hunt.test.ts, run-hunt-stop.test.ts): simulated time and a scripted Graph.

/** Simulated time: every wait (the runner's sleeps, Graph's latency) is a timer the test fires in order. */
export class Sim {
  clock = 1_000_000;
  private timers: { at: number; seq: number; fire: () => void }[] = [];
  private seq = 0;

  delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { at: this.clock + ms, seq: this.seq++, fire: () => resolve() };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(signal.reason);
      });
    });
  }

  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(() => (settled = true), () => (settled = true));
    for (let step = 0; step < 10_000; step += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return promise;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = this.timers.shift();
      if (!timer) throw new Error('stuck: nothing to wait for');
      this.clock = timer.at;
      timer.fire();
    }
    throw new Error('too many steps');
  }
}

export type Reply = { after: number; answer?: unknown; error?: unknown; hang?: boolean };
export const answer = (rows: number) => ({ schema: [{ name: 'n', type: 'Int32' }], results: Array.from({ length: rows }, (_, n) => ({ n })) });
export const throttled = (message: string, retryAfterSeconds?: number) =>
  new GraphRequestError({ status: 429, code: 'TooManyRequests', message, retryAfterSeconds });
export const badQuery = (message: string) => new GraphRequestError({ status: 400, code: 'BadRequest', message });

export const tenant = (key: string): HuntTenantState => ({ tenantKey: key, tenantId: `${key}-id`, displayName: key.toUpperCase(), outcome: { kind: 'pending' } });
export const tenants = (count: number) => Array.from({ length: count }, (_, i) => tenant(`t${i + 1}`));

export function harness(reply: (key: string, call: number) => Reply, authorize?: (key: string, call: number) => Reply) {
  const sim = new Sim();
  const calls: { key: string; at: number; body: unknown; signal: AbortSignal }[] = [];
  /** Every authorize (when the harness has one): the tenant, when it began, and its signal. */
  const authorizations: { key: string; at: number; signal: AbortSignal }[] = [];
  const sleeps: number[] = [];
  const reports: { key: string; kind: string; outcome: HuntTenantState['outcome']; rows: HuntTenantRows | null }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const ports: HuntPorts = {
    now: () => sim.clock,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return sim.delay(ms, signal);
    },
    async runQuery(state, body, signal) {
      const call = calls.filter((c) => c.key === state.tenantKey).length + 1;
      calls.push({ key: state.tenantKey, at: sim.clock, body, signal });
      const next = reply(state.tenantKey, call);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await sim.delay(next.hang ? 10 ** 9 : next.after, signal);
        if (next.error !== undefined) throw next.error;
        return next.answer;
      } finally {
        inFlight -= 1;
      }
    },
    onTenant: (state, rows) => {
      reports.push({ key: state.tenantKey, kind: state.outcome.kind, outcome: state.outcome, rows });
    },
  };
  if (authorize) {
    ports.authorize = async (state, signal) => {
      const call = authorizations.filter((a) => a.key === state.tenantKey).length + 1;
      authorizations.push({ key: state.tenantKey, at: sim.clock, signal });
      const next = authorize(state.tenantKey, call);
      await sim.delay(next.hang ? 10 ** 9 : next.after, signal);
      if (next.error !== undefined) throw next.error;
    };
  }
  const start = (count: number | HuntTenantState[], signal = new AbortController().signal, options?: HuntOptions) =>
    sim.run(runHunt({ runId: 'run-1', query: 'DeviceEvents | take 5', timespan: 'P7D', tenants: typeof count === 'number' ? tenants(count) : count }, ports, signal, options));
  const kinds = (key: string) => reports.filter((r) => r.key === key).map((r) => r.kind);
  return { sim, ports, calls, authorizations, sleeps, reports, kinds, start, maxInFlight: () => maxInFlight };
}

