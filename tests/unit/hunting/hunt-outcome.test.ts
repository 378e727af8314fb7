import { describe, expect, it } from 'vitest';
import { GraphRequestError } from '@/utils/domain/graph-request-error';
import { TokenUnavailableError } from '@/utils/domain/token-unavailable-error';
import {
  huntConsentMessage,
  huntDurationText,
  huntFailureOutcome,
  huntLimitOf,
  huntOutcomeText,
  huntRoleMessage,
  huntSignInMessage,
  huntTokenRefusedMessage,
} from '@/utils/hunting/hunt-outcome';

const graph = (status: number, message: string, retryAfterSeconds?: number) =>
  new GraphRequestError({ status, code: status === 429 ? 'TooManyRequests' : 'BadRequest', message, retryAfterSeconds });

describe('huntLimitOf', () => {
  it('names the CPU quota, the call rate, or neither', () => {
    expect(huntLimitOf('You have exceeded your CPU quota')).toBe('cpu');
    expect(huntLimitOf('Tenant resource usage exceeded')).toBe('cpu');
    expect(huntLimitOf('Too many calls in the last minute')).toBe('calls');
    expect(huntLimitOf('Too Many Requests')).toBe('calls');
    expect(huntLimitOf('Slow down')).toBe('unknown');
  });
});

describe('huntFailureOutcome', () => {
  it('token failures: only consent means consent; interaction and no account mean sign in again', () => {
    expect(huntFailureOutcome(new TokenUnavailableError('consentRequired', 'AADSTS65001'), 10)).toEqual({ kind: 'needsConsent', message: huntConsentMessage });
    expect(huntConsentMessage).toContain('ThreatHunting.Read.All');
    // A dead refresh token (interaction) or a lost account is Handoff's sign-in, not the tenant's consent.
    for (const kind of ['interactionRequired', 'noAccount'] as const) {
      expect(huntFailureOutcome(new TokenUnavailableError(kind, 'AADSTS700082'), 10)).toEqual({ kind: 'failed', message: huntSignInMessage });
    }
    expect(huntSignInMessage).toBe("Sign in again: Handoff's sign-in needs renewing (Handoff's options → Sign in).");
    expect(huntOutcomeText(huntFailureOutcome(new TokenUnavailableError('interactionRequired', 'x'), 10))).toEqual({ text: 'Failed', detail: huntSignInMessage });
    expect(huntFailureOutcome(new TokenUnavailableError('network', 'x'), 10)).toEqual({ kind: 'failed', message: 'Microsoft sign-in could not be reached.' });
    expect(huntFailureOutcome(new TokenUnavailableError('failed', ' broker broke '), 10)).toEqual({
      kind: 'failed',
      message: 'No token for this tenant: broker broke',
    });
  });

  it('403 means a missing role; 401 is a refused token (sign in again), not a role', () => {
    expect(huntFailureOutcome(graph(403, 'Forbidden'), 10)).toEqual({ kind: 'missingRole', message: huntRoleMessage });
    expect(huntFailureOutcome(graph(401, 'InvalidAuthenticationToken'), 10)).toEqual({ kind: 'failed', message: huntTokenRefusedMessage });
    expect(huntTokenRefusedMessage).toBe("Microsoft refused Handoff's token for this tenant: sign in again (Handoff's options → Sign in).");
  });

  it("504 is Graph's answer to a query that ran too long: a timeout", () => {
    expect(huntFailureOutcome(new GraphRequestError({ status: 504, code: 'UnknownError', message: '' }), 183_000)).toEqual({ kind: 'timeout', ms: 183_000 });
  });

  it('429 is a quota with the limit its message names and its Retry-After', () => {
    expect(huntFailureOutcome(graph(429, 'CPU quota exceeded', 900), 10)).toEqual({
      kind: 'quota',
      limit: 'cpu',
      retryAfterSeconds: 900,
      message: "The tenant's advanced hunting CPU quota is used up; it resets within 15 minutes.",
    });
    expect(huntFailureOutcome(graph(429, 'Too many requests'), 10)).toEqual({
      kind: 'quota',
      limit: 'calls',
      retryAfterSeconds: null,
      message: 'Too many advanced hunting calls to this tenant; wait a minute and run again.',
    });
    expect(huntFailureOutcome(graph(429, 'no'), 10)).toMatchObject({ kind: 'quota', limit: 'unknown', retryAfterSeconds: null });
  });

  it("400: a timeout, or Graph's message as the query error (trimmed, at most 500 characters)", () => {
    expect(huntFailureOutcome(graph(400, 'Query execution has exceeded the allowed limits: timeout'), 181_000)).toEqual({ kind: 'timeout', ms: 181_000 });
    expect(huntFailureOutcome(graph(400, 'The query TIMED OUT'), 5)).toEqual({ kind: 'timeout', ms: 5 });
    expect(huntFailureOutcome(graph(400, "  'take' operator: Failed to resolve table 'DeviceEventz'  "), 5)).toEqual({
      kind: 'queryError',
      message: "'take' operator: Failed to resolve table 'DeviceEventz'",
    });
    const long = huntFailureOutcome(graph(400, 'x'.repeat(900)), 5);
    expect(long).toEqual({ kind: 'queryError', message: `${'x'.repeat(499)}…` });
    expect(huntFailureOutcome(graph(400, '   '), 5)).toEqual({ kind: 'queryError', message: 'Graph refused the query without saying why.' });
  });

  it('keeps a hostile Graph message as data', () => {
    const hostile = '=HYPERLINK("http://evil")<script>alert(1)</script>';
    expect(huntFailureOutcome(graph(400, hostile), 5)).toEqual({ kind: 'queryError', message: hostile });
  });

  it('anything else fails with a short message', () => {
    expect(huntFailureOutcome(new GraphRequestError({ status: 0, code: 'networkError', message: 'x' }), 5)).toEqual({
      kind: 'failed',
      message: 'Graph could not be reached.',
    });
    expect(huntFailureOutcome(new GraphRequestError({ status: 503, code: 'ServiceUnavailable', message: 'x' }), 5)).toEqual({
      kind: 'failed',
      message: 'Graph failed (HTTP 503, ServiceUnavailable).',
    });
    expect(huntFailureOutcome(new Error('boom'), 5)).toEqual({ kind: 'failed', message: 'Unexpected error: boom' });
    expect(huntFailureOutcome('weird', 5)).toEqual({ kind: 'failed', message: 'Unexpected error.' });
  });
});

describe('huntOutcomeText', () => {
  it('says what each outcome is in one line, with the detail below', () => {
    expect(huntOutcomeText({ kind: 'done', rows: 1234, truncated: false, ms: 2_340 })).toEqual({ text: '1,234 rows · 2.3 s', detail: null });
    expect(huntOutcomeText({ kind: 'done', rows: 1, truncated: false, ms: 800 })).toEqual({ text: '1 row · 0.8 s', detail: null });
    expect(huntOutcomeText({ kind: 'done', rows: 0, truncated: false, ms: 800 })).toEqual({ text: 'No rows · 0.8 s', detail: null });
    expect(huntOutcomeText({ kind: 'done', rows: 100_000, truncated: true, ms: 65_000 })).toEqual({
      text: '100,000 rows · 1 min 5 s',
      detail: 'Graph answers at most 100,000 rows: narrow the query or the time span to see the rest.',
    });
    expect(huntOutcomeText({ kind: 'needsConsent', message: 'm1' })).toEqual({ text: 'Needs consent', detail: 'm1' });
    expect(huntOutcomeText({ kind: 'missingRole', message: 'm2' })).toEqual({ text: 'Missing role', detail: 'm2' });
    expect(huntOutcomeText({ kind: 'quota', limit: 'cpu', retryAfterSeconds: null, message: 'm3' })).toEqual({
      text: 'Quota reached (CPU) — resets within 15 minutes',
      detail: 'm3',
    });
    expect(huntOutcomeText({ kind: 'quota', limit: 'calls', retryAfterSeconds: 90, message: 'm4' })).toEqual({
      text: 'Quota reached (calls per minute) — try again in 2 min',
      detail: 'm4',
    });
    expect(huntOutcomeText({ kind: 'quota', limit: 'unknown', retryAfterSeconds: null, message: 'm5' }).text).toBe('Quota reached');
    expect(huntOutcomeText({ kind: 'queryError', message: 'Syntax error' })).toEqual({ text: 'Query error', detail: 'Syntax error' });
    expect(huntOutcomeText({ kind: 'timeout', ms: 180_000 })).toEqual({
      text: 'Timed out after 3 min',
      detail: 'Advanced hunting stops a query after 3 minutes: narrow the query or the time span.',
    });
    expect(huntOutcomeText({ kind: 'running', startedAt: 0 })).toEqual({ text: 'Running…', detail: null });
    expect(huntOutcomeText({ kind: 'pending' })).toEqual({ text: 'Queued', detail: null });
    expect(huntOutcomeText({ kind: 'cancelled' })).toEqual({ text: 'Not run (cancelled)', detail: null });
    expect(huntOutcomeText({ kind: 'notRun' })).toEqual({ text: 'Not run', detail: null });
    expect(huntOutcomeText({ kind: 'failed', message: 'Graph could not be reached.' })).toEqual({ text: 'Failed', detail: 'Graph could not be reached.' });
  });

  it('counts a quota down to the time Graph allows the tenant again', () => {
    const calls = { kind: 'quota', limit: 'calls', retryAfterSeconds: 90, retryAt: 90_000, message: 'm' } as const;
    expect(huntOutcomeText(calls, 0).text).toBe('Quota reached (calls per minute) — try again in 2 min');
    expect(huntOutcomeText(calls, 80_000).text).toBe('Quota reached (calls per minute) — try again in 10 s');
    expect(huntOutcomeText(calls, 90_000).text).toBe('Quota reached (calls per minute) — try again now');
    const cpu = { kind: 'quota', limit: 'cpu', retryAfterSeconds: null, retryAt: 900_000, message: 'm' } as const;
    expect(huntOutcomeText(cpu, 300_000)).toEqual({ text: 'Quota reached (CPU) — try again in 10 min', detail: 'm' });
    expect(huntOutcomeText(cpu, 900_001).text).toBe('Quota reached (CPU) — try again now');
  });

  it('counts a wait down from now', () => {
    expect(huntOutcomeText({ kind: 'waiting', until: 12_000, limit: 'calls' }, 0)).toEqual({ text: 'Waiting 12 s (calls per minute)', detail: null });
    expect(huntOutcomeText({ kind: 'waiting', until: 12_000, limit: 'unknown' }, 500).text).toBe('Waiting 12 s');
    expect(huntOutcomeText({ kind: 'waiting', until: 12_000, limit: 'calls' }, 20_000).text).toBe('Waiting 0 s (calls per minute)');
    expect(huntOutcomeText({ kind: 'waiting', until: 150_000, limit: 'cpu' }, 0).text).toBe('Waiting 3 min (CPU)');
  });

  it('formats durations', () => {
    expect(huntDurationText(0)).toBe('0.0 s');
    expect(huntDurationText(59_940)).toBe('59.9 s');
    expect(huntDurationText(120_000)).toBe('2 min');
    expect(huntDurationText(195_000)).toBe('3 min 15 s');
  });
});
