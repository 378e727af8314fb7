import {
  huntQueryTimeoutMs,
  huntRowLimit,
  unfinishedHuntOutcomes,
  type HuntRunState,
  type HuntTenantOutcome,
  type HuntTenantRows,
  type HuntTenantState,
  type HuntTimespan,
} from './hunt-model';
import { huntFailureOutcome } from './hunt-outcome';
import { parseHuntingAnswer } from './hunting-answer';
import { huntBlockMs, type HuntCallLedger } from './hunt-call-ledger';

export { createHuntCallLedger, huntBlockMs, type HuntCallLedger, type HuntCallLimits } from './hunt-call-ledger';

/**
 * One KQL query run in many tenants (issue 16): at most `concurrency` tenants in flight, in the given
 * order; each tenant's outcome reported as it changes. Time and Graph come through the ports (no timers of
 * its own). A 429 naming the call rate with a short Retry-After is waited out and retried once; nothing
 * else is retried; every 429 blocks its tenant in the ledger until Graph allows it again. The run stops
 * itself when the query fails the same way in several tenants first: waits end at once, requests in flight
 * finish, and the tenants never asked are `notRun` (the analyst's Cancel leaves them `cancelled`).
 */

export interface HuntPorts {
  /** POST runHuntingQuery in one tenant; resolves with Graph's raw answer; rejects with GraphRequestError, TokenUnavailableError or the signal's reason. */
  runQuery(tenant: HuntTenantState, body: { Query: string; Timespan: HuntTimespan }, signal: AbortSignal): Promise<unknown>;
  /**
   * Optional: gets the tenant's token before each attempt, before its request timeout starts (the worker
   * queues token flows one at a time: that wait is not the query's). Rejects as runQuery does, or with the
   * signal's reason (Cancel, or the run's stop); a rejection is the tenant's outcome, never retried.
   */
  authorize?(tenant: HuntTenantState, signal: AbortSignal): Promise<void>;
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

/** Why the run stopped itself, said without "stopped" (the page says "Handoff stopped this run: " before it). */
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
  const { ledger } = options;
  const body = { Query: run.query, Timespan: run.timespan };
  const tenants = run.tenants.map((tenant) => ({ ...tenant }));
  const queryErrors = new Map<string, number>();
  const settled = tenants.map(() => false);
  let next = 0;
  let anyDone = false;
  let stoppedReason: string | null = null;

  // `halt` ends every wait (tokens, the ledger, Retry-After) on the analyst's Cancel or on the run's own stop;
  // requests in flight end only on Cancel (the caller's signal): an answer already paid for is kept.
  const halt = new AbortController();
  let haltedBy: 'cancel' | 'stop' | null = null;
  const onCancel = () => {
    if (haltedBy === null) haltedBy = 'cancel';
    halt.abort(signal.reason);
  };
  const stop = (reason: string) => {
    stoppedReason = reason;
    if (haltedBy === null) haltedBy = 'stop';
    halt.abort(new Error(reason));
  };
  /** A tenant the run never asked: cancelled by the analyst, else not run (it can be run again). */
  const unrun = (): HuntTenantOutcome => ({ kind: haltedBy === 'cancel' ? 'cancelled' : 'notRun' });

  const report = async (index: number, outcome: HuntTenantOutcome, rows: HuntTenantRows | null = null) => {
    const state = { ...tenants[index]!, outcome };
    tenants[index] = state;
    await ports.onTenant(state, rows);
  };

  const sleepQuietly = async (ms: number): Promise<boolean> => {
    try {
      await ports.sleep(ms, halt.signal);
      return !halt.signal.aborted;
    } catch {
      return false;
    }
  };

  /** Waits out the ledger; false when the run was cancelled or stopped meanwhile. */
  const reserve = async (index: number): Promise<boolean> => {
    const { tenantKey } = tenants[index]!;
    for (;;) {
      if (halt.signal.aborted) return false;
      const wait = ledger?.reserve(tenantKey, ports.now()) ?? 0;
      if (wait <= 0) return true;
      await report(index, { kind: 'waiting', until: ports.now() + wait, limit: ledger?.limitOf(tenantKey, ports.now()) ?? 'calls' });
      if (!(await sleepQuietly(wait))) return false;
    }
  };

  /** A failure's outcome; a 429's says when Graph allows the tenant again, and the ledger holds every call till then. */
  const failure = (index: number, error: unknown, ms: number): HuntTenantOutcome => {
    const outcome = huntFailureOutcome(error, ms);
    if (outcome.kind !== 'quota') return outcome;
    const retryAt = ports.now() + huntBlockMs(outcome.limit, outcome.retryAfterSeconds);
    ledger?.block(tenants[index]!.tenantKey, retryAt, outcome.limit);
    return { ...outcome, retryAt };
  };

  /** The token, before the request's timeout starts: null when there (or no port), else the tenant's outcome. */
  const authorize = async (index: number): Promise<HuntTenantOutcome | null> => {
    if (!ports.authorize) return null;
    try {
      await ports.authorize(tenants[index]!, halt.signal);
    } catch (error) {
      return halt.signal.aborted ? unrun() : failure(index, error, 0);
    }
    return halt.signal.aborted ? unrun() : null;
  };

  const runTenant = async (index: number): Promise<void> => {
    let retried = false;
    for (;;) {
      const refused = halt.signal.aborted ? unrun() : await authorize(index);
      if (refused !== null) return report(index, refused);
      if (!(await reserve(index))) return report(index, unrun());
      const startedAt = ports.now();
      await report(index, { kind: 'running', startedAt });
      if (halt.signal.aborted) return report(index, unrun());
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
      const outcome = failure(index, result.error, ms);
      if (outcome.kind === 'quota' && !retried && outcome.limit !== 'cpu' && outcome.retryAfterSeconds !== null && !halt.signal.aborted) {
        const waitMs = outcome.retryAfterSeconds * 1000;
        if (waitMs <= maxRetryAfterMs) {
          retried = true;
          await report(index, { kind: 'waiting', until: ports.now() + waitMs, limit: outcome.limit });
          // Cancelled while waiting: cancelled; the run stopped itself: the 429 is what the tenant said.
          if (!(await sleepQuietly(waitMs))) return report(index, haltedBy === 'cancel' ? { kind: 'cancelled' } : outcome);
          continue;
        }
      }
      if (outcome.kind === 'queryError') {
        const seen = (queryErrors.get(outcome.message) ?? 0) + 1;
        queryErrors.set(outcome.message, seen);
        if (seen >= stopAfter && !anyDone && stoppedReason === null) stop(huntStoppedReason(seen, outcome.message));
      }
      return report(index, outcome);
    }
  };

  const worker = async () => {
    while (!halt.signal.aborted && next < tenants.length) {
      const index = next++;
      await runTenant(index);
      settled[index] = true;
    }
  };

  if (signal.aborted) onCancel();
  else events(signal).addEventListener('abort', onCancel);
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, tenants.length) }, worker));
  } finally {
    events(signal).removeEventListener('abort', onCancel);
  }

  for (const [index, tenant] of tenants.entries()) {
    if (!settled[index] || unfinishedHuntOutcomes.has(tenant.outcome.kind)) await report(index, unrun());
  }
  const cancelled = signal.aborted && tenants.some((tenant) => tenant.outcome.kind === 'cancelled');
  const state: HuntRunState = cancelled ? 'cancelled' : stoppedReason !== null ? 'stopped' : 'done';
  return { state, stoppedReason: state === 'stopped' ? stoppedReason : null, tenants };
}
