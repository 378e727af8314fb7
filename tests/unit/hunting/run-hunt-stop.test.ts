import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import { huntSignInMessage } from '@/utils/hunting/hunt-outcome';
import { createHuntCallLedger, huntStoppedReason } from '@/utils/hunting/run-hunt';
import { answer, badQuery, harness, throttled } from './run-hunt-harness';

// The runner's stop, its authorize port, and what a 429 tells the call ledger.

const fails = badQuery("Failed to resolve table 'X'.");

describe('runHunt: the run stopping itself', () => {
  it('ends a Retry-After wait at once: the waiting tenant keeps its 429 as a quota', async () => {
    // t1 is throttled at 100 ms (Retry-After 50 s); t2..t4 fail the same way by 1 s: the run stops there.
    const h = harness((key) => (key === 't1' ? { after: 100, error: throttled('Too many requests', 50) } : { after: 1_000, error: fails }));
    const result = await h.start(4, undefined, { concurrency: 4 });
    expect(result.state).toBe('stopped');
    // Over at the stop, not when the 50 s are up.
    expect(h.sim.clock).toBe(1_001_000);
    expect(h.calls.map((c) => c.key)).toEqual(['t1', 't2', 't3', 't4']);
    expect(h.kinds('t1')).toEqual(['running', 'waiting', 'quota']);
    expect(result.tenants[0]!.outcome).toEqual({
      kind: 'quota',
      limit: 'calls',
      retryAfterSeconds: 50,
      retryAt: 1_050_100,
      message: 'Too many advanced hunting calls to this tenant; wait a minute and run again.',
    });
    expect(result.tenants.map((t) => t.outcome.kind)).toEqual(['quota', 'queryError', 'queryError', 'queryError']);
  });

  it("ends a ledger wait at once: that tenant was never asked, so it is not run", async () => {
    const ledger = createHuntCallLedger({ perMinute: 1, perHour: 100 });
    const h = harness(() => ({ after: 1_000, error: fails }));
    ledger.reserve('t1', h.sim.clock);
    const result = await h.start(4, undefined, { concurrency: 4, ledger });
    expect(result.state).toBe('stopped');
    expect(h.sim.clock).toBe(1_001_000);
    expect(h.calls.map((c) => c.key)).toEqual(['t2', 't3', 't4']);
    expect(h.kinds('t1')).toEqual(['waiting', 'notRun']);
    expect(result.tenants.map((t) => t.outcome.kind)).toEqual(['notRun', 'queryError', 'queryError', 'queryError']);
  });

  it('says why without saying "stopped" (the page adds "Handoff stopped this run")', () => {
    expect(huntStoppedReason(3, 'Syntax error.  ')).toBe('The query fails the same way in 3 tenants: Syntax error. Fix it and run again.');
    expect(huntStoppedReason(3, 'x')).not.toMatch(/stop/i);
  });
});

describe('runHunt: authorize', () => {
  it('gets the token before the request timeout starts: a slow token is no timeout', async () => {
    // 200 s for the token (queued behind other tenants' flows), more than the 195 s timeout.
    const h = harness(() => ({ after: 1_000, answer: answer(2) }), () => ({ after: 200_000 }));
    const result = await h.start(1);
    expect(h.authorizations.map((a) => [a.key, a.at])).toEqual([['t1', 1_000_000]]);
    expect(h.calls.map((c) => c.at)).toEqual([1_200_000]);
    expect(result.tenants[0]!.outcome).toEqual({ kind: 'done', rows: 2, truncated: false, ms: 1_000 });
    expect(h.reports.map((r) => r.outcome)).toEqual([
      { kind: 'running', startedAt: 1_200_000 },
      { kind: 'done', rows: 2, truncated: false, ms: 1_000 },
    ]);
  });

  it('authorizes every attempt, the retry after Retry-After too', async () => {
    const h = harness((_, call) => (call === 1 ? { after: 100, error: throttled('Too many requests', 2) } : { after: 100, answer: answer(1) }), () => ({ after: 10 }));
    const result = await h.start(1);
    expect(h.authorizations.map((a) => a.at)).toEqual([1_000_000, 1_002_110]);
    expect(h.calls.map((c) => c.at)).toEqual([1_000_010, 1_002_120]);
    expect(result.tenants[0]!.outcome.kind).toBe('done');
  });

  it("a failed authorize is the tenant's failure, never retried and no call made", async () => {
    const errors: Record<string, unknown> = {
      t1: new TokenUnavailableError('consentRequired', 'AADSTS65001'),
      t2: new TokenUnavailableError('interactionRequired', 'AADSTS700082'),
      t3: new GraphRequestError({ status: 429, code: 'TooManyRequests', message: 'Too many requests', retryAfterSeconds: 1 }),
    };
    const h = harness(() => ({ after: 10, answer: answer(1) }), (key) => ({ after: 5, error: errors[key] }));
    const result = await h.start(4);
    expect(h.calls.map((c) => c.key)).toEqual(['t4']);
    expect(h.authorizations.map((a) => a.key)).toEqual(['t1', 't2', 't3', 't4']);
    expect(result.tenants.map((t) => t.outcome)).toEqual([
      { kind: 'needsConsent', message: expect.stringContaining('ThreatHunting.Read.All') },
      { kind: 'failed', message: huntSignInMessage },
      expect.objectContaining({ kind: 'quota', retryAfterSeconds: 1 }),
      { kind: 'done', rows: 1, truncated: false, ms: 10 },
    ]);
    expect(result.state).toBe('done');
  });

  it('a token still coming when the analyst cancels is cancelled; when the run stops itself, not run', async () => {
    const h = harness(() => ({ after: 10, answer: answer(1) }), () => ({ after: 0, hang: true }));
    const controller = new AbortController();
    void h.sim.delay(1_000).then(() => controller.abort(new Error('Cancelled by the analyst.')));
    const cancelled = await h.start(2, controller.signal);
    expect(h.calls).toEqual([]);
    expect(h.authorizations.every((a) => a.signal.aborted)).toBe(true);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.tenants.map((t) => t.outcome.kind)).toEqual(['cancelled', 'cancelled']);

    const s = harness(() => ({ after: 1_000, error: fails }), (key) => (key === 't1' ? { after: 0, hang: true } : { after: 0 }));
    const stopped = await s.start(5, undefined, { concurrency: 4 });
    expect(s.sim.clock).toBe(1_001_000);
    expect(stopped.state).toBe('stopped');
    expect(stopped.tenants.map((t) => t.outcome.kind)).toEqual(['notRun', 'queryError', 'queryError', 'queryError', 'notRun']);
  });
});

describe('runHunt: a 429 tells the ledger', () => {
  it('a CPU 429 without Retry-After blocks the tenant 15 minutes: the next run waits for it', async () => {
    const ledger = createHuntCallLedger();
    const h = harness((key, call) => (key === 't1' && call === 1 ? { after: 100, error: throttled('You have exceeded processing resources allocated to this tenant.') } : { after: 100, answer: answer(1) }));
    const first = await h.start(2, undefined, { ledger });
    expect(first.tenants[0]!.outcome).toEqual({
      kind: 'quota',
      limit: 'cpu',
      retryAfterSeconds: null,
      retryAt: 1_900_100,
      message: "The tenant's advanced hunting CPU quota is used up; it resets within 15 minutes.",
    });
    h.reports.length = 0;
    const second = await h.start(2, undefined, { ledger });
    expect(h.reports.filter((r) => r.key === 't1').map((r) => r.outcome)).toEqual([
      { kind: 'waiting', until: 1_900_100, limit: 'cpu' },
      { kind: 'running', startedAt: 1_900_100 },
      { kind: 'done', rows: 1, truncated: false, ms: 100 },
    ]);
    expect(second.tenants.map((t) => t.outcome.kind)).toEqual(['done', 'done']);
  });

  it('a call-rate 429 blocks for its Retry-After, the one retry included', async () => {
    const ledger = createHuntCallLedger();
    const h = harness((_, call) => (call <= 2 ? { after: 100, error: throttled('Too many requests', 20) } : { after: 100, answer: answer(1) }));
    const first = await h.start(1, undefined, { ledger });
    // 429 at 1,000,100, waited 20 s, asked again at 1,020,100: 429 at 1,020,200, blocked until 1,040,200.
    expect(first.tenants[0]!.outcome).toMatchObject({ kind: 'quota', retryAt: 1_040_200 });
    expect(ledger.reserve('t1', 1_040_199)).toBe(1);
    expect(ledger.limitOf('t1', 1_040_199)).toBe('calls');
  });
});
