import {
  huntQueryTimeoutMs,
  huntRowLimit,
  type HuntRunState,
  type HuntTenantOutcome,
  type HuntTenantRows,
  type HuntTenantState,
  type HuntTimespan,
} from './hunt-model';
import { huntFailureOutcome } from './hunt-outcome';
import { parseHuntingAnswer } from './hunting-answer';
import type { HuntCallLedger } from './hunt-call-ledger';

export { createHuntCallLedger, type HuntCallLedger, type HuntCallLimits } from './hunt-call-ledger';

/**
 * One KQL query run in many tenants (issue 16): at most `concurrency` tenants in flight, in the given
 * order; each tenant's outcome reported as it changes. Time and Graph come through the ports (no timers of
 * its own). A 429 naming the call rate with a short Retry-After is waited out and retried once; nothing
 * else is retried. The run stops itself when the query fails the same way in several tenants first.
 */

export interface HuntPorts {
  /** POST runHuntingQuery in one tenant; resolves with Graph's raw answer; rejects with GraphRequestError, TokenUnavailableError or the signal's reason. */
  runQuery(tenant: HuntTenantState, body: { Query: string; Timespan: HuntTimespan }, signal: AbortSignal): Promise<unknown>;
  now(): number;
  /** Resolves after ms, or rejects with signal.reason when aborted. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** After every change of one tenant's outcome; `rows` only with a `done` outcome. May be async (storage); the runner awaits it. */
  onTenant(state: HuntTenantState, rows: HuntTenantRows | null): void | Promise<void>;
}

/**
 * Tenants in flight at once by default: "a few at a time". Each tenant's quota is its own, so this bounds
 * the analyst's browser (and Graph's per-app load), not a tenant's calls: one query is one call per tenant.
 */
export const defaultHuntConcurrency = 6;

export interface HuntOptions {
  /** Tenants in flight at once (default defaultHuntConcurrency). */
  concurrency?: number;
  /** The longest Retry-After waited out before the one retry (default 60 s). */
  maxRetryAfterMs?: number;
  /** Give up on a request after this long (default: Graph's 3 minutes + 15 s). */
  requestTimeoutMs?: number;
  /** Stop the run when this many tenants fail with the same query error before any succeeds (default 3). */
  stopAfterSameQueryErrors?: number;
  ledger?: HuntCallLedger;
}

export interface HuntRunInput {
  runId: string;
  query: string;
  timespan: HuntTimespan;
  tenants: HuntTenantState[];
}

export interface HuntRunResult {
  state: HuntRunState;
  stoppedReason: string | null;
  tenants: HuntTenantState[];
}

/** The parts of AbortController and of AbortSignal's events every runtime has (pure-globals.d.ts declares only reading a signal). */
declare const AbortController: new () => { readonly signal: AbortSignal; abort(reason?: unknown): void };
type AbortEvents = { addEventListener(type: 'abort', listener: () => void): void; removeEventListener(type: 'abort', listener: () => void): void };
const events = (signal: AbortSignal) => signal as AbortSignal & AbortEvents;

const unfinished = new Set<HuntTenantOutcome['kind']>(['pending', 'running', 'waiting']);

export function huntStoppedReason(count: number, message: string): string {
  return `The query fails the same way in ${count} tenants: ${message.replace(/[.\s]+$/, '')}. Fix it and run again.`;
}

type Attempt = { answer: unknown } | { error: unknown } | { timedOut: true };

/** One runQuery raced against the request timeout; the request has its own controller, aborted by either. */
async function attempt(ports: HuntPorts, tenant: HuntTenantState, body: { Query: string; Timespan: HuntTimespan }, signal: AbortSignal, timeoutMs: number): Promise<Attempt> {
  if (signal.aborted) return { error: signal.reason };
  const request = new AbortController();
  const onAbort = () => request.abort(signal.reason);
  events(signal).addEventListener('abort', onAbort);
  const timedOut = Symbol('timedOut');
  const timer = ports.sleep(timeoutMs, request.signal).then(() => timedOut);
  const query = Promise.resolve().then(() => ports.runQuery(tenant, body, request.signal));
  timer.catch(() => undefined);
  query.catch(() => undefined);
  try {
    const answer = await Promise.race([query, timer]);
    return answer === timedOut ? { timedOut: true } : { answer };
  } catch (error) {
    return { error };
  } finally {
    events(signal).removeEventListener('abort', onAbort);
    request.abort(new Error('The hunting request is over.'));
  }
}

export async function runHunt(run: HuntRunInput, ports: HuntPorts, signal: AbortSignal, options: HuntOptions = {}): Promise<HuntRunResult> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultHuntConcurrency));
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? huntQueryTimeoutMs + 15_000;
  const stopAfter = Math.max(1, options.stopAfterSameQueryErrors ?? 3);
  const body = { Query: run.query, Timespan: run.timespan };
  const tenants = run.tenants.map((tenant) => ({ ...tenant }));
  const queryErrors = new Map<string, number>();
  const settled = tenants.map(() => false);
  let next = 0;
  let anyDone = false;
  let stoppedReason: string | null = null;

  const report = async (index: number, outcome: HuntTenantOutcome, rows: HuntTenantRows | null = null) => {
    const state = { ...tenants[index]!, outcome };
    tenants[index] = state;
    await ports.onTenant(state, rows);
  };

  /** Waits out the ledger; false when the run was cancelled or stopped meanwhile. */
  const reserve = async (index: number): Promise<boolean> => {
    for (;;) {
      if (signal.aborted || stoppedReason !== null) return false;
      const wait = options.ledger?.reserve(tenants[index]!.tenantKey, ports.now()) ?? 0;
      if (wait <= 0) return true;
      await report(index, { kind: 'waiting', until: ports.now() + wait, limit: 'calls' });
      if (!(await sleepQuietly(wait))) return false;
    }
  };

  const sleepQuietly = async (ms: number): Promise<boolean> => {
    try {
      await ports.sleep(ms, signal);
      return !signal.aborted;
    } catch {
      return false;
    }
  };

  const runTenant = async (index: number): Promise<void> => {
    let retried = false;
    for (;;) {
      if (!(await reserve(index))) return report(index, { kind: 'cancelled' });
      const startedAt = ports.now();
      await report(index, { kind: 'running', startedAt });
      const result = await attempt(ports, tenants[index]!, body, signal, requestTimeoutMs);
      const ms = ports.now() - startedAt;
      if ('timedOut' in result) return report(index, { kind: 'timeout', ms });
      if ('answer' in result) {
        const parsed = parseHuntingAnswer(result.answer);
        if (!parsed.ok) return report(index, { kind: 'failed', message: `Graph's answer could not be read: ${parsed.message}` });
        anyDone = true;
        const { tenantKey } = tenants[index]!;
        const rows = { runId: run.runId, tenantKey, columns: parsed.columns, rows: parsed.rows };
        return report(index, { kind: 'done', rows: parsed.rows.length, truncated: parsed.rows.length >= huntRowLimit, ms }, rows);
      }
      if (signal.aborted) return report(index, { kind: 'cancelled' });
      const outcome = huntFailureOutcome(result.error, ms);
      if (outcome.kind === 'quota' && !retried && outcome.limit !== 'cpu' && outcome.retryAfterSeconds !== null) {
        const waitMs = outcome.retryAfterSeconds * 1000;
        if (waitMs <= maxRetryAfterMs) {
          retried = true;
          await report(index, { kind: 'waiting', until: ports.now() + waitMs, limit: outcome.limit });
          if (!(await sleepQuietly(waitMs))) return report(index, { kind: 'cancelled' });
          continue;
        }
      }
      if (outcome.kind === 'queryError') {
        const seen = (queryErrors.get(outcome.message) ?? 0) + 1;
        queryErrors.set(outcome.message, seen);
        if (seen >= stopAfter && !anyDone && stoppedReason === null) stoppedReason = huntStoppedReason(seen, outcome.message);
      }
      return report(index, outcome);
    }
  };

  const worker = async () => {
    while (!signal.aborted && stoppedReason === null && next < tenants.length) {
      const index = next++;
      await runTenant(index);
      settled[index] = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tenants.length) }, worker));

  for (const [index, tenant] of tenants.entries()) {
    if (!settled[index] || unfinished.has(tenant.outcome.kind)) await report(index, { kind: 'cancelled' });
  }
  const cancelled = signal.aborted && tenants.some((tenant) => tenant.outcome.kind === 'cancelled');
  const state: HuntRunState = cancelled ? 'cancelled' : stoppedReason !== null ? 'stopped' : 'done';
  return { state, stoppedReason: state === 'stopped' ? stoppedReason : null, tenants };
}
