import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import type { HuntTenantState } from '@/utils/hunting/hunt-model';
import { defaultHuntConcurrency, createHuntCallLedger, runHunt } from '@/utils/hunting/run-hunt';
import { answer, badQuery, harness, tenant, throttled } from './run-hunt-harness';


describe('runHunt', () => {
  it('runs the query in every tenant and reports running, then done with the rows', async () => {
    const h = harness((key) => ({ after: key === 't1' ? 2_300 : 800, answer: answer(key === 't1' ? 3 : 0) }));
    const result = await h.start(2);
    expect(result.state).toBe('done');
    expect(result.stoppedReason).toBeNull();
    expect(result.tenants.map((t) => t.outcome)).toEqual([
      { kind: 'done', rows: 3, truncated: false, ms: 2_300 },
      { kind: 'done', rows: 0, truncated: false, ms: 800 },
    ]);
    expect(h.calls.map((c) => c.body)).toEqual([
      { Query: 'DeviceEvents | take 5', Timespan: 'P7D' },
      { Query: 'DeviceEvents | take 5', Timespan: 'P7D' },
    ]);
    expect(h.reports[0]).toEqual({ key: 't1', kind: 'running', outcome: { kind: 'running', startedAt: 1_000_000 }, rows: null });
    expect(h.kinds('t1')).toEqual(['running', 'done']);
    expect(h.reports.find((r) => r.key === 't1' && r.kind === 'done')?.rows).toEqual({
      runId: 'run-1',
      tenantKey: 't1',
      columns: [{ name: 'n', type: 'Int32' }],
      rows: [{ n: 0 }, { n: 1 }, { n: 2 }],
    });
  });

  it('keeps at most `concurrency` tenants in flight, starting them in the given order', async () => {
    const h = harness((key) => ({ after: 1_000 + Number(key.slice(1)) * 37, answer: answer(1) }));
    await h.start(10, undefined, { concurrency: 3 });
    expect(h.maxInFlight()).toBe(3);
    expect(h.calls.map((c) => c.key)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10']);
    const defaults = harness(() => ({ after: 500, answer: answer(1) }));
    await defaults.start(9);
    expect(defaults.maxInFlight()).toBe(defaultHuntConcurrency);
    expect(defaultHuntConcurrency).toBe(6);
  });

  it('marks a truncated answer, and an unreadable one as failed', async () => {
    const h = harness((key) => ({ after: 10, answer: key === 't1' ? answer(100_000) : { value: [] } }));
    const result = await h.start(2);
    expect(result.tenants[0]!.outcome).toEqual({ kind: 'done', rows: 100_000, truncated: true, ms: 10 });
    expect(result.tenants[1]!.outcome).toEqual({ kind: 'failed', message: "Graph's answer could not be read: Graph's hunting answer has no schema or results list." });
  });

  it('waits out a 429 on the call rate with Retry-After and retries once', async () => {
    const h = harness((_, call) => (call === 1 ? { after: 100, error: throttled('Too many requests', 12) } : { after: 400, answer: answer(2) }));
    const result = await h.start(1);
    expect(h.calls.map((c) => c.at)).toEqual([1_000_000, 1_012_100]);
    expect(h.sleeps.filter((ms) => ms !== 195_000)).toEqual([12_000]);
    expect(h.reports.map((r) => r.outcome)).toEqual([
      { kind: 'running', startedAt: 1_000_000 },
      { kind: 'waiting', until: 1_012_100, limit: 'calls' },
      { kind: 'running', startedAt: 1_012_100 },
      { kind: 'done', rows: 2, truncated: false, ms: 400 },
    ]);
    expect(result.state).toBe('done');
  });

  it('a second 429 is a quota, not another retry', async () => {
    const h = harness(() => ({ after: 100, error: throttled('Too many requests', 5) }));
    const result = await h.start(1);
    expect(h.calls).toHaveLength(2);
    // First 429 at 1,000,100 (waited 5 s), the second at 1,005,200: Graph allows the tenant again 5 s later.
    expect(result.tenants[0]!.outcome).toEqual({
      kind: 'quota',
      limit: 'calls',
      retryAfterSeconds: 5,
      retryAt: 1_010_200,
      message: 'Too many advanced hunting calls to this tenant; wait a minute and run again.',
    });
  });

  it('never retries a CPU 429, a 429 without or with a long Retry-After, a query error, a 403, consent or a timeout', async () => {
    const errors: Record<string, unknown> = {
      t1: throttled('CPU resources exhausted', 5),
      t2: throttled('Too many requests'),
      t3: throttled('Too many requests', 61),
      t4: badQuery('Syntax error'),
      t5: new GraphRequestError({ status: 403, code: 'Forbidden', message: 'no' }),
      t6: new TokenUnavailableError('consentRequired', 'AADSTS65001'),
      t7: badQuery('Query timed out'),
    };
    const h = harness((key) => ({ after: 50, error: errors[key] }));
    const result = await h.start(7);
    expect(h.calls.map((c) => c.key)).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
    expect(h.sleeps.filter((ms) => ms !== 195_000)).toEqual([]);
    expect(result.tenants.map((t) => t.outcome.kind)).toEqual(['quota', 'quota', 'quota', 'queryError', 'missingRole', 'needsConsent', 'timeout']);
    // Each 429 at 1,000,050 says when to ask again: its Retry-After, else a minute for the call rate.
    expect(result.tenants[0]!.outcome).toMatchObject({ limit: 'cpu', retryAfterSeconds: 5, retryAt: 1_005_050 });
    expect(result.tenants[1]!.outcome).toMatchObject({ limit: 'calls', retryAfterSeconds: null, retryAt: 1_060_050 });
    expect(result.tenants[2]!.outcome).toMatchObject({ limit: 'calls', retryAfterSeconds: 61, retryAt: 1_061_050 });
    expect(result.state).toBe('done');
  });

  it('gives up on a request after the timeout and aborts it', async () => {
    const h = harness(() => ({ after: 0, hang: true }));
    const result = await h.start(1);
    expect(result.tenants[0]!.outcome).toEqual({ kind: 'timeout', ms: 195_000 });
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]!.signal.aborted).toBe(true);
    const short = harness(() => ({ after: 0, hang: true }));
    const shortResult = await short.start(1, undefined, { requestTimeoutMs: 5_000 });
    expect(shortResult.tenants[0]!.outcome).toEqual({ kind: 'timeout', ms: 5_000 });
  });

  it('cancel: starts nothing more, aborts the tenants in flight, and every unfinished tenant is cancelled', async () => {
    const h = harness(() => ({ after: 10_000, answer: answer(1) }));
    const controller = new AbortController();
    void h.sim.delay(15_000).then(() => controller.abort(new Error('Cancelled by the analyst.')));
    const result = await h.start(6, controller.signal, { concurrency: 2 });
    expect(h.calls.map((c) => [c.key, c.at - 1_000_000])).toEqual([
      ['t1', 0],
      ['t2', 0],
      ['t3', 10_000],
      ['t4', 10_000],
    ]);
    expect(h.calls[2]!.signal.aborted).toBe(true);
    expect(h.calls[3]!.signal.aborted).toBe(true);
    expect(result.state).toBe('cancelled');
    expect(result.tenants.map((t) => t.outcome.kind)).toEqual(['done', 'done', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(h.kinds('t3')).toEqual(['running', 'cancelled']);
    expect(h.kinds('t5')).toEqual(['cancelled']);
  });

  it('cancel during a wait, and a run cancelled before it starts makes no call', async () => {
    const h = harness(() => ({ after: 100, error: throttled('Too many calls', 30) }));
    const controller = new AbortController();
    void h.sim.delay(5_000).then(() => controller.abort());
    const result = await h.start(1, controller.signal);
    expect(h.calls).toHaveLength(1);
    expect(h.kinds('t1')).toEqual(['running', 'waiting', 'cancelled']);
    expect(result.state).toBe('cancelled');

    const before = harness(() => ({ after: 1, answer: answer(1) }));
    const aborted = new AbortController();
    aborted.abort();
    const old: HuntTenantState['outcome'] = { kind: 'queryError', message: 'from an earlier run' };
    const none = await before.start([tenant('t1'), { ...tenant('t2'), outcome: old }, tenant('t3')], aborted.signal);
    expect(before.calls).toEqual([]);
    expect(none.tenants.map((t) => t.outcome.kind)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(none.state).toBe('cancelled');
  });

  it('makes no call when the run is cancelled while a tenant is reported running or waits for the ledger', async () => {
    const h = harness(() => ({ after: 1, answer: answer(1) }));
    const controller = new AbortController();
    const onTenant = h.ports.onTenant;
    h.ports.onTenant = (state, rows) => {
      if (state.outcome.kind === 'running') controller.abort();
      return onTenant(state, rows);
    };
    const result = await h.start(2, controller.signal);
    expect(h.calls).toEqual([]);
    expect(result.tenants.map((t) => t.outcome.kind)).toEqual(['cancelled', 'cancelled']);

    const ledger = createHuntCallLedger({ perMinute: 1, perHour: 100 });
    const waiting = harness(() => ({ after: 1, answer: answer(1) }));
    ledger.reserve('t1', waiting.sim.clock);
    const stop = new AbortController();
    void waiting.sim.delay(1_000).then(() => stop.abort());
    const waited = await waiting.start(1, stop.signal, { ledger });
    expect(waiting.calls).toEqual([]);
    expect(waiting.kinds('t1')).toEqual(['waiting', 'cancelled']);
    expect(waited.state).toBe('cancelled');
  });

  it('stops the run when 3 tenants fail with the same query error before any succeeds', async () => {
    const durations: Record<string, number> = { t1: 1_000, t2: 5_000, t3: 1_000, t4: 1_000 };
    const h = harness((key) => (key === 't2' ? { after: 5_000, answer: answer(4) } : { after: durations[key] ?? 1_000, error: badQuery("Failed to resolve table 'X'.") }));
    const result = await h.start(7, undefined, { concurrency: 2 });
    // t1 fails at 1 s, t3 at 2 s, t4 at 3 s: the third same error stops the run; t2 (in flight) finishes.
    expect(h.calls.map((c) => c.key)).toEqual(['t1', 't2', 't3', 't4']);
    expect(result.state).toBe('stopped');
    expect(result.stoppedReason).toBe("The query fails the same way in 3 tenants: Failed to resolve table 'X'. Fix it and run again.");
    // Nobody cancelled: the tenants never asked are "not run", and can be run again.
    expect(result.tenants.map((t) => t.outcome.kind)).toEqual(['queryError', 'done', 'queryError', 'queryError', 'notRun', 'notRun', 'notRun']);
  });

  it('does not stop for the same error once a tenant succeeded, nor for different errors', async () => {
    const succeeded = harness((key) => (key === 't1' ? { after: 1, answer: answer(1) } : { after: 10, error: badQuery('Syntax error') }));
    const first = await succeeded.start(5, undefined, { concurrency: 1 });
    expect(first.state).toBe('done');
    expect(first.stoppedReason).toBeNull();
    expect(succeeded.calls).toHaveLength(5);
    const different = harness((key) => ({ after: 10, error: badQuery(`Column ${key} unknown`) }));
    const second = await different.start(5, undefined, { concurrency: 1 });
    expect(second.state).toBe('done');
    expect(different.calls).toHaveLength(5);
  });

  it('consults the ledger before every call and waits its answer', async () => {
    const ledger = createHuntCallLedger({ perMinute: 1, perHour: 100 });
    const h = harness((_, call) => (call === 1 ? { after: 100, error: throttled('Too many calls', 2) } : { after: 300, answer: answer(1) }));
    expect(ledger.reserve('t1', h.sim.clock - 10_000)).toBe(0);
    const result = await h.start(1, undefined, { ledger });
    // 50 s until the ledger allows the first call; then the 429's 2 s; then the ledger's minute again.
    expect(h.reports.map((r) => r.outcome)).toEqual([
      { kind: 'waiting', until: 1_050_000, limit: 'calls' },
      { kind: 'running', startedAt: 1_050_000 },
      { kind: 'waiting', until: 1_052_100, limit: 'calls' },
      { kind: 'waiting', until: 1_110_000, limit: 'calls' },
      { kind: 'running', startedAt: 1_110_000 },
      { kind: 'done', rows: 1, truncated: false, ms: 300 },
    ]);
    expect(h.sleeps.filter((ms) => ms !== 195_000)).toEqual([50_000, 2_000, 57_900]);
    expect(result.state).toBe('done');
  });

  it('passes hostile strings through as data', async () => {
    const hostile = '=HYPERLINK("http://evil")<img src=x onerror=alert(1)>';
    const h = harness((key) => (key === 't1' ? { after: 5, error: badQuery(hostile) } : { after: 5, answer: { schema: [{ name: hostile, type: 'String' }], results: [{ [hostile]: hostile }] } }));
    const tenantsIn = [{ ...tenant('t1'), displayName: '<b>Contoso</b>' }, tenant('t2')];
    const result = await h.sim.run(runHunt({ runId: 'r', query: `${hostile} | take 1`, timespan: 'P1D', tenants: tenantsIn }, h.ports, new AbortController().signal));
    expect(result.tenants[0]).toEqual({ ...tenantsIn[0], outcome: { kind: 'queryError', message: hostile } });
    expect(h.calls[0]!.body).toEqual({ Query: `${hostile} | take 1`, Timespan: 'P1D' });
    expect(h.reports.find((r) => r.kind === 'done')?.rows?.rows).toEqual([{ [hostile]: hostile }]);
  });
});

