// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FakeHunting,
  HUNTING_PREEMPTED_MESSAGE,
  HUNTING_TIMEOUT_MESSAGE,
  HuntingAnswer,
  huntingCallsMessage,
  huntingCpuMessage,
  type HuntingCaller,
} from '../../fakes/fake-hunting';
import type { FakeRequest } from '../../fakes/fake-http';
import type { HuntingQueryResultsCapitalisedJson, HuntingQueryResultsJson, HuntingRowJson } from '../../fakes/graph-contract';
import { parseTimespan } from '../../fakes/hunting-schema';
import { contosoHuntingTables, fabrikamHuntingTables, HOSTILE_COMMAND_LINE, northwindHuntingTables } from '../../fixtures/demo-hunting-tables';

const TENANT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const APP = '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d';
const NOW = Date.parse('2026-12-02T12:00:00Z');
const RCLONE =
  'DeviceProcessEvents\n| where Timestamp > ago(7d)\n| where FileName =~ "rclone.exe"\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine';
const SVC_BACKUP = 'DeviceLogonEvents\n| where Timestamp > ago(7d)\n| where AccountName =~ "svc-backup" and LogonType == "RemoteInteractive"';

let now = NOW;
let hunting: FakeHunting;

function request(body: unknown, contentType = 'application/json'): FakeRequest {
  return {
    method: 'POST',
    host: 'graph',
    hostname: 'graph.microsoft.com',
    url: new URL('https://graph.microsoft.com/v1.0/security/runHuntingQuery'),
    headers: { 'content-type': contentType },
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

function caller(overrides: Partial<HuntingCaller> = {}): HuntingCaller {
  return { tenantId: TENANT, clientId: APP, scopes: ['SecurityIncident.Read.All', 'ThreatHunting.Read.All'], role: 'reader', ...overrides };
}

async function run(body: unknown, who: Partial<HuntingCaller> = {}): Promise<HuntingAnswer> {
  return hunting.run(request(body), caller(who));
}

const results = (answer: HuntingAnswer): HuntingQueryResultsJson => answer.body as HuntingQueryResultsJson;
const message = (answer: HuntingAnswer): string => (answer.body as { error: { message: string } }).error.message;

beforeEach(() => {
  now = NOW;
  hunting = new FakeHunting(() => now);
  hunting.setTables(TENANT, contosoHuntingTables(new Date(NOW)));
  hunting.setTables(OTHER, fabrikamHuntingTables(new Date(NOW)));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the 200 answer', () => {
  it('answers huntingQueryResults: @odata.context, schema name/type in projection order, one object per row', async () => {
    const answer = await run({ Query: RCLONE, Timespan: 'P7D' });
    expect(answer.status).toBe(200);
    const body = results(answer);
    expect(body['@odata.context']).toBe('https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults');
    expect(body.schema).toEqual([
      { name: 'Timestamp', type: 'DateTime' },
      { name: 'DeviceName', type: 'String' },
      { name: 'AccountName', type: 'String' },
      { name: 'ProcessCommandLine', type: 'String' },
    ]);
    expect(body.results).toHaveLength(3);
    expect(Object.keys(body.results![0]!)).toEqual(['Timestamp', 'DeviceName', 'AccountName', 'ProcessCommandLine']);
    expect(body.results!.map((row) => row['ProcessCommandLine'])).toContain(HOSTILE_COMMAND_LINE);
  });

  it('gives the demo tenants different counts for incident 1003 recommended queries', async () => {
    hunting.setTables('16fd2706-8baf-433b-82eb-8c7fada847da', northwindHuntingTables(new Date(NOW)));
    const counts = async (query: string) =>
      Promise.all(
        [TENANT, OTHER, '16fd2706-8baf-433b-82eb-8c7fada847da'].map(async (tenantId) => results(await run({ Query: query }, { tenantId })).results!.length),
      );
    expect(await counts(RCLONE)).toEqual([3, 1, 0]);
    expect(await counts(SVC_BACKUP)).toEqual([2, 0, 1]);
  });

  it('applies the Timespan (default 30 days) before the query: the 12-day-old rclone row only without ago(7d)', async () => {
    const all = 'DeviceProcessEvents | where FileName =~ "rclone.exe"';
    expect(results(await run({ Query: all })).results).toHaveLength(4);
    expect(results(await run({ Query: all, Timespan: 'P7D' })).results).toHaveLength(3);
    expect(results(await run({ Query: all, Timespan: 'P1D' })).results).toHaveLength(3);
    expect(results(await run({ query: all, timespan: 'PT1H' })).results).toHaveLength(0);
  });

  it('keeps every schema column without project, a missing string as "" and other missing values as null', async () => {
    const body = results(await run({ Query: 'DeviceLogonEvents | where AccountName == "megan.bowen"' }));
    expect(body.schema!.map((column) => column.name)).toContain('FailureReason');
    expect(body.results).toHaveLength(1);
    expect(body.results![0]!['FailureReason']).toBe('');
    expect(body.results![0]!['IsLocalAdmin']).toBe(false);
  });

  it('evaluates has, in~, or, take, top, order by, count and renames', async () => {
    const rows = async (query: string): Promise<HuntingRowJson[]> => results(await run({ Query: query })).results!;
    expect(await rows('DeviceProcessEvents | where ProcessCommandLine has "remote:stage" | count')).toEqual([{ Count: 3 }]);
    expect(await rows('DeviceProcessEvents | where FileName in~ ("RCLONE.EXE", "powershell.exe") | count')).toEqual([{ Count: 5 }]);
    expect(await rows('DeviceProcessEvents | where FileName == "rclone.exe" or FileName == "powershell.exe" | count')).toEqual([{ Count: 4 }]);
    expect(await rows('DeviceProcessEvents | take 2')).toHaveLength(2);
    expect(await rows('DeviceProcessEvents | limit 1')).toHaveLength(1);
    const newest = await rows('DeviceProcessEvents | top 1 by Timestamp desc | project Device = DeviceName');
    expect(newest).toEqual([{ Device: 'contoso-srv-fs01.contoso.example' }]);
    const oldestFirst = await rows('DeviceProcessEvents | sort by Timestamp asc | project FileName');
    expect(oldestFirst[0]).toEqual({ FileName: 'rclone.exe' });
    const pipeInString = await rows('DeviceProcessEvents | where ProcessCommandLine contains "a|b" // a comment | take 1\n| count');
    expect(pipeInString).toEqual([{ Count: 0 }]);
  });

  it("answers the documented example's capitalised variant when asked: Name/Type, no @odata.context", async () => {
    hunting.setSchemaVariant(TENANT, 'capitalised');
    const body = (await run({ Query: 'DeviceProcessEvents | project FileName | take 1' })).body as HuntingQueryResultsCapitalisedJson;
    expect(body).toEqual({ schema: [{ Name: 'FileName', Type: 'String' }], results: [{ FileName: 'rclone.exe' }] });
    hunting.setSchemaVariant(TENANT, null);
    expect(results(await run({ Query: 'DeviceProcessEvents | project FileName | take 1' })).schema).toEqual([{ name: 'FileName', type: 'String' }]);
  });
});

describe('400s', () => {
  it.each([
    ['no Query', { Timespan: 'P7D' }, "The parameter 'Query' is required."],
    ['a non-string Query', { Query: 42 }, "Invalid value for parameter 'Query': a string is expected."],
    ['an unknown parameter', { Query: 'DeviceProcessEvents', Top: 5 }, "The parameter 'Top' in the request payload is not a valid parameter for the operation 'runHuntingQuery'."],
    ['a bad Timespan', { Query: 'DeviceProcessEvents', Timespan: 'seven days' }, "Invalid value 'seven days' for parameter 'Timespan'."],
    ['an unknown table', { Query: 'DeviceProcesEvents | take 1' }, "Failed to resolve table or column expression named 'DeviceProcesEvents'"],
    ['an unknown column', { Query: 'DeviceProcessEvents | project Nope' }, "'project' operator: Failed to resolve scalar expression named 'Nope'"],
    ['an unknown column in where', { Query: 'DeviceProcessEvents | where Nope == "x"' }, "'where' operator: Failed to resolve scalar expression named 'Nope'"],
    ['an operator the fake does not know', { Query: 'DeviceProcessEvents | summarize count() by DeviceName' }, 'A recognition error occurred.'],
    ['an unterminated string', { Query: 'DeviceProcessEvents | where FileName == "rclone.exe' }, 'A recognition error occurred.'],
    ['a query that is not a table', { Query: 'let x = 1; x' }, 'A recognition error occurred.'],
  ])('%s', async (_, body, expected) => {
    const answer = await run(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'BadRequest', message: expected } });
  });

  it('refuses a body that is not JSON', async () => {
    const answer = await hunting.run(request('Query=x', 'text/plain'), caller());
    expect(answer.status).toBe(400);
    expect(message(answer)).toBe('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  });
});

describe('403s', () => {
  it('without ThreatHunting.Read.All in the token, like Graph', async () => {
    const answer = await run({ Query: RCLONE }, { scopes: ['SecurityIncident.Read.All'] });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: {
        code: 'Forbidden',
        message: "Missing scope permissions on the request. API requires one of 'ThreatHunting.Read.All'. Scopes on the request 'SecurityIncident.Read.All'",
      },
    });
  });

  it('when the tenant role is missing (setRoleMissing, role none, unknown tenant), until restored', async () => {
    hunting.setRoleMissing(TENANT.toUpperCase());
    expect((await run({ Query: RCLONE })).status).toBe(403);
    hunting.setRoleMissing(TENANT, false);
    expect((await run({ Query: RCLONE })).status).toBe(200);
    expect((await run({ Query: RCLONE }, { role: 'none' })).status).toBe(403);
    expect((await run({ Query: RCLONE }, { role: undefined })).status).toBe(403);
  });
});

describe('quotas per app per tenant', () => {
  it('answers the 46th call in a rolling minute 429 with Retry-After and a body naming the calls limit', async () => {
    for (let call = 0; call < 45; call += 1) {
      expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(200);
      now += 1000;
    }
    const refused = await run({ Query: 'DeviceProcessEvents | count' });
    expect(refused.status).toBe(429);
    // The first call (at NOW) leaves the window at NOW + 60 s; it is now NOW + 45 s.
    expect(refused.headers).toEqual({ 'retry-after': '15' });
    expect(refused.body).toEqual({ error: { code: 'TooManyRequests', message: huntingCallsMessage(45, 15) } });
    expect(message(refused)).toContain('45 calls per minute');
    // Other tenants and other apps count apart.
    expect((await run({ Query: 'DeviceProcessEvents | count' }, { tenantId: OTHER })).status).toBe(200);
    expect((await run({ Query: 'DeviceProcessEvents | count' }, { clientId: 'another-app' })).status).toBe(200);
    // A refused call is not counted: 15 s later the first call has left the window.
    now += 15_000;
    expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(200);
    expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(429);
  });

  it('takes a per-tenant calls limit', async () => {
    hunting.setCallsPerMinute(TENANT, 2);
    expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(200);
    expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(200);
    const refused = await run({ Query: 'DeviceProcessEvents | count' });
    expect(refused.status).toBe(429);
    expect(message(refused)).toBe(huntingCallsMessage(2, 60));
  });

  it('blocks a tenant whose CPU budget is spent until the next 15-minute cycle, naming the CPU limit', async () => {
    now = Date.parse('2026-12-02T12:10:00Z');
    hunting.setCpuQuota(TENANT, 2);
    expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(200);
    expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(200);
    const refused = await run({ Query: 'DeviceProcessEvents | count' });
    expect(refused.status).toBe(429);
    expect(refused.headers).toEqual({ 'retry-after': '300' });
    expect(refused.body).toEqual({ error: { code: 'TooManyRequests', message: huntingCpuMessage(300) } });
    expect(message(refused)).toContain('processing resources allocated to this tenant');
    expect((await run({ Query: 'DeviceProcessEvents | count' }, { tenantId: OTHER })).status).toBe(200);
    now = Date.parse('2026-12-02T12:15:00Z');
    expect((await run({ Query: 'DeviceProcessEvents | count' })).status).toBe(200);
  });
});

describe('scripted answers', () => {
  it('answers the next call of that tenant as scripted, then as usual', async () => {
    hunting.scriptNext(TENANT, { kind: 'throttled', limit: 'cpu', retryAfterSeconds: 7 });
    hunting.scriptNext(TENANT, { kind: 'syntaxError' }, 2);
    expect(hunting.pendingScripts(TENANT)).toHaveLength(2);
    const throttled = await run({ Query: RCLONE });
    expect([throttled.status, throttled.headers, message(throttled)]).toEqual([429, { 'retry-after': '7' }, huntingCpuMessage(7)]);
    expect((await run({ Query: RCLONE }, { tenantId: OTHER })).status).toBe(200);
    expect(message(await run({ Query: RCLONE }))).toBe('A recognition error occurred.');
    expect(message(await run({ Query: RCLONE }))).toBe('A recognition error occurred.');
    expect((await run({ Query: RCLONE })).status).toBe(200);
    expect(hunting.pendingScripts(TENANT)).toEqual([]);
  });

  it('calls-limit 429 without Retry-After, semantic, preempted and any Graph error', async () => {
    hunting.scriptNext(TENANT, { kind: 'throttled', limit: 'calls' });
    hunting.scriptNext(TENANT, { kind: 'semanticError' });
    hunting.scriptNext(TENANT, { kind: 'preempted' });
    hunting.scriptNext(TENANT, { kind: 'error', status: 504, code: 'UnknownError', message: '' });
    const calls = await run({ Query: RCLONE });
    expect([calls.status, calls.headers, message(calls)]).toEqual([429, {}, huntingCallsMessage(45, 60)]);
    expect(message(await run({ Query: RCLONE }))).toBe("'project' operator: Failed to resolve scalar expression named 'x'");
    expect(message(await run({ Query: RCLONE }))).toBe(HUNTING_PREEMPTED_MESSAGE);
    expect((await run({ Query: RCLONE })).body).toEqual({ error: { code: 'UnknownError', message: '' } });
  });

  it('times out after the scripted delay, and delays a normal answer', async () => {
    vi.useFakeTimers();
    hunting.scriptNext(TENANT, { kind: 'timeout', afterMs: 180_000 });
    hunting.scriptNext(TENANT, { kind: 'delay', ms: 5_000 });
    const settled: HuntingAnswer[] = [];
    void run({ Query: RCLONE }).then((answer) => settled.push(answer));
    await vi.advanceTimersByTimeAsync(179_999);
    expect(settled).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled.map((answer) => [answer.status, message(answer)])).toEqual([[400, HUNTING_TIMEOUT_MESSAGE]]);
    void run({ Query: RCLONE }).then((answer) => settled.push(answer));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled.map((answer) => answer.status)).toEqual([400, 200]);
  });

  it('checks scope before using a script, and reset() forgets scripts, limits and tables', async () => {
    hunting.scriptNext(TENANT, { kind: 'syntaxError' });
    expect((await run({ Query: RCLONE }, { scopes: [] })).status).toBe(403);
    expect(hunting.pendingScripts(TENANT)).toHaveLength(1);
    hunting.setCpuQuota(TENANT, 0);
    hunting.reset();
    expect(hunting.pendingScripts(TENANT)).toEqual([]);
    expect(results(await run({ Query: 'DeviceProcessEvents | count' })).results).toEqual([{ Count: 0 }]);
  });
});

describe('Timespan', () => {
  it('reads the five documented forms and refuses others', () => {
    const day = 86_400_000;
    expect(parseTimespan(null, NOW)).toEqual({ from: NOW - 30 * day, to: NOW });
    expect(parseTimespan('P30D', NOW)).toEqual({ from: NOW - 30 * day, to: NOW });
    expect(parseTimespan('PT1H30M', NOW)).toEqual({ from: NOW - 5_400_000, to: NOW });
    const start = Date.parse('2024-02-01T08:00:00Z');
    const end = Date.parse('2024-02-15T08:00:00Z');
    expect(parseTimespan('2024-02-01T08:00:00Z/2024-02-15T08:00:00Z', NOW)).toEqual({ from: start, to: end });
    expect(parseTimespan('P14D/2024-02-15T08:00:00Z', NOW)).toEqual({ from: start, to: end });
    expect(parseTimespan('2024-02-01T08:00:00Z/P14D', NOW)).toEqual({ from: start, to: end });
    expect(parseTimespan('2024-02-01T08:00:00Z', NOW)).toEqual({ from: start, to: NOW });
    for (const bad of ['P', 'PT', '7d', 'P7D/P1D', '2024-02-15T08:00:00Z/2024-02-01T08:00:00Z', 'yesterday']) {
      expect(parseTimespan(bad, NOW)).toBeUndefined();
    }
  });
});

// Type-level: the contract types refuse what Microsoft's typings do not describe (tsc checks these lines).
export const typed: HuntingQueryResultsJson = {
  schema: [
    // @ts-expect-error the typings spell singlePropertySchema name/type; Name/Type is the capitalised variant
    { Name: 'Timestamp', Type: 'DateTime' },
  ],
};
export const capitalised: HuntingQueryResultsCapitalisedJson = {
  // @ts-expect-error the capitalised variant has no lowercase name
  schema: [{ name: 'Timestamp' }],
};
