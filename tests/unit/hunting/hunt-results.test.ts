import { describe, expect, it } from 'vitest';
import type { HuntRun, HuntTenantOutcome } from '@/utils/hunting/hunt-model';
import { huntProgress, huntResultLines } from '@/utils/hunting/hunt-results';

const run = (outcomes: [string, HuntTenantOutcome][]): HuntRun => ({
  runId: 'r1',
  query: 'DeviceEvents',
  timespan: 'P7D',
  startedAt: 0,
  finishedAt: null,
  state: 'running',
  stoppedReason: null,
  source: null,
  tenants: outcomes.map(([name, outcome]) => ({ tenantKey: name.toLowerCase(), tenantId: `${name}-id`, displayName: name, outcome })),
});

const done = (rows: number): HuntTenantOutcome => ({ kind: 'done', rows, truncated: false, ms: 1_000 });

describe('huntResultLines', () => {
  it('sorts answers by rows, then failures, then what is still going, then not run and cancelled', () => {
    const lines = huntResultLines(
      run([
        ['Zeta', { kind: 'cancelled' }],
        ['Yankee', { kind: 'notRun' }],
        ['Pending', { kind: 'pending' }],
        ['Failed', { kind: 'failed', message: 'Graph could not be reached.' }],
        ['Small', done(2)],
        ['Consent', { kind: 'needsConsent', message: 'c' }],
        ['Bravo', done(40)],
        ['Alpha', done(40)],
        ['Timeout', { kind: 'timeout', ms: 195_000 }],
        ['Query', { kind: 'queryError', message: 'Syntax error' }],
        ['Running', { kind: 'running', startedAt: 0 }],
        ['Quota', { kind: 'quota', limit: 'cpu', retryAfterSeconds: null, message: 'q' }],
        ['Role', { kind: 'missingRole', message: 'r' }],
        ['Waiting', { kind: 'waiting', until: 12_000, limit: 'calls' }],
        ['None', done(0)],
      ]),
      0,
    );
    expect(lines.map((line) => line.displayName)).toEqual([
      'Alpha',
      'Bravo',
      'Small',
      'None',
      'Consent',
      'Role',
      'Quota',
      'Query',
      'Timeout',
      'Failed',
      'Waiting',
      'Running',
      'Pending',
      'Yankee',
      'Zeta',
    ]);
    expect(lines[0]).toEqual({ tenantKey: 'alpha', tenantId: 'Alpha-id', displayName: 'Alpha', kind: 'done', rows: 40, text: '40 rows · 1.0 s', detail: null, retryAt: null });
    expect(lines[7]).toEqual({ tenantKey: 'query', tenantId: 'Query-id', displayName: 'Query', kind: 'queryError', rows: null, text: 'Query error', detail: 'Syntax error', retryAt: null });
    expect(lines[10]!.text).toBe('Waiting 12 s (calls per minute)');
  });

  it('gives a quota line the time Graph allows the tenant again', () => {
    const lines = huntResultLines(
      run([
        ['Calls', { kind: 'quota', limit: 'calls', retryAfterSeconds: 30, retryAt: 30_000, message: 'q' }],
        ['Old', { kind: 'quota', limit: 'cpu', retryAfterSeconds: null, message: 'q' }],
      ]),
      0,
    );
    expect(lines.map((line) => [line.displayName, line.retryAt, line.text])).toEqual([
      ['Calls', 30_000, 'Quota reached (calls per minute) — try again in 30 s'],
      ['Old', null, 'Quota reached (CPU) — resets within 15 minutes'],
    ]);
  });
});

describe('huntProgress', () => {
  it('counts answered tenants and rows', () => {
    const progress = huntProgress(
      run([
        ['A', done(1_200)],
        ['B', done(4)],
        ['C', { kind: 'missingRole', message: 'r' }],
        ['D', { kind: 'running', startedAt: 0 }],
        ['E', { kind: 'cancelled' }],
        ['F', { kind: 'notRun' }],
      ]),
    );
    expect(progress).toEqual({ answered: 3, total: 6, rows: 1_204, fraction: 0.5, text: '3 of 6 tenants answered · 1,204 rows' });
  });

  it('says one tenant and one row in the singular, and an empty run is complete', () => {
    expect(huntProgress(run([['A', done(1)]])).text).toBe('1 of 1 tenant answered · 1 row');
    expect(huntProgress(run([]))).toEqual({ answered: 0, total: 0, rows: 0, fraction: 1, text: '0 of 0 tenants answered · 0 rows' });
  });
});
