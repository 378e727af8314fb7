/**
 * Fake advanced hunting: Graph's `POST /{v1.0|beta}/security/runHuntingQuery` (fake-graph.ts routes it
 * here after the bearer token is checked). Facts and sources: docs/reference/graph-security-api.md,
 * "Advanced hunting (runHuntingQuery)".
 *
 *   body      {"Query": "<KQL>", "Timespan": "P7D"}: Query required (a string), Timespan optional (ISO 8601
 *             duration or interval; 30 days when absent); any other parameter is a 400, as Graph refuses
 *             parameters an action does not declare. Parameter names are matched case-insensitively (the
 *             v1.0 page writes `Query`, the beta page `query`).
 *   scope     ThreatHunting.Read.All in the token's `scp`, else 403 Forbidden (Graph's missing-scope answer)
 *   role      the tenant's Graph role 'none', or `setRoleMissing`: 403 (our wording)
 *   answer    200 huntingQueryResults {"@odata.context", schema: [{name, type}], results: [{col: value}]}, or
 *             the documented example's variant (`setSchemaVariant(tenant, 'capitalised')`: Name/Type, no context)
 *   KQL       the subset in hunting-kql.ts over the tenant's tables (`setTables`); every tenant has the
 *             advanced hunting schema's tables below (empty unless given rows); at most 100,000 rows
 *   quotas    per app (token `appid`) per tenant (`tid`): more than `callsPerMinute` (45) calls in a rolling
 *             minute, or a CPU budget (`setCpuQuota`, off by default; each query costs 1 unit) spent in the
 *             current 15-minute cycle: 429 + Retry-After (seconds) + a body naming the limit. A refused call
 *             is not counted.
 *   scripts   `scriptNext(tenant, answer, times)`: the tenant's next answer(s), e.g. a 429, a timeout after a
 *             delay, a syntax error (after the token, scope, role and body checks; they bypass the quotas).
 *
 * Assumptions (Microsoft documents no HTTP status or wording for these through Graph): query errors
 * (syntax, semantic, unknown table, timeout) are 400 BadRequest with Defender's documented message; the
 * calls-limit 429 message is ours; the CPU 429 uses Defender's documented CPU-throttling message.
 * Latency, drops and 500s come from the cloud's existing GraphLoad and FaultScript (they apply to every
 * Graph request, this one included); requests are in the cloud's request log (`huntRequests` below).
 */
import type { ServerResponse } from 'node:http';
import { sendJson, type FakeRequest } from './fake-http';
import { decodeJwtPayload } from './fake-jwt';
import { graphTimestamp } from './graph-time';
import type { HuntingQueryResultsCapitalisedJson, HuntingQueryResultsJson, HuntingRowJson } from './graph-contract';
import { KQL_RECOGNITION_ERROR, KqlError, runKql, type HuntingColumn, type HuntingTableData } from './hunting-kql';
import { huntingSchemaTables, parseTimespan } from './hunting-schema';
import type { RecordedRequest } from './request-log';

export { KQL_RECOGNITION_ERROR, kqlUnknownTable, kqlUnresolvedName } from './hunting-kql';
export type { HuntingColumn } from './hunting-kql';

export const THREAT_HUNTING_SCOPE = 'ThreatHunting.Read.All';
/** "You can make up to at least 45 calls per minute per tenant" (defender-docs api-advanced-hunting.md). */
export const HUNTING_CALLS_PER_MINUTE = 45;
export const HUNTING_ROW_LIMIT = 100_000;
export const HUNTING_CPU_CYCLE_MS = 15 * 60_000;
export const HUNTING_TIMEOUT_MESSAGE = 'Query exceeded the timeout period.';
export const HUNTING_PREEMPTED_MESSAGE =
  'Query execution has exceeded the allowed limits. The query execution was preempted. This could possibly be due to high CPU and/or memory resource consumption. Optimize your query by following best practices and try again.';
/** Defender's CPU-throttling message (advanced-hunting-errors.md); the duration's format is ours. */
export const huntingCpuMessage = (seconds: number): string =>
  `You have exceeded processing resources allocated to this tenant. You can run queries again in ${seconds} seconds.`;
/** Our wording (Microsoft documents only that the body says which limit was reached). */
export const huntingCallsMessage = (perMinute: number, seconds: number): string =>
  `Too many requests: advanced hunting allows ${perMinute} calls per minute per tenant. You can run queries again in ${seconds} seconds.`;

/** A tenant's next answer, scripted by a test. */
export type ScriptedHuntAnswer =
  /** 429 naming the limit; Retry-After when given. */
  | { kind: 'throttled'; limit: 'calls' | 'cpu'; retryAfterSeconds?: number }
  /** Waits `afterMs` (default 0), then 400 "Query exceeded the timeout period." */
  | { kind: 'timeout'; afterMs?: number }
  | { kind: 'syntaxError' }
  /** 400 "'project' operator: Failed to resolve scalar expression named 'x'" by default. */
  | { kind: 'semanticError'; operator?: string; name?: string }
  /** 400 with Defender's "query execution was preempted" message. */
  | { kind: 'preempted' }
  /** Any Graph error, e.g. 504 UnknownError with an empty message (microsoft-graph-docs-contrib issue 1446). */
  | { kind: 'error'; status: number; code: string; message: string; retryAfterSeconds?: number }
  /** Waits `ms`, then answers as usual. */
  | { kind: 'delay'; ms: number };

/** Who asks: from the token fake-graph checked, and the tenant's Graph role (undefined: unknown tenant). */
export interface HuntingCaller {
  tenantId: string;
  clientId: string;
  scopes: readonly string[];
  role: 'reader' | 'operator' | 'none' | undefined;
}

/** An answer for fake-graph to send: JSON with Graph's headers; errors get Graph's innerError. */
export class HuntingAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}

  static error(status: number, code: string, message: string, headers: Record<string, string> = {}): HuntingAnswer {
    return new HuntingAnswer(status, { error: { code, message } }, headers);
  }

  send(response: ServerResponse, graphHeaders: Record<string, string>): void {
    const body = this.body as { error?: Record<string, unknown> };
    if (this.status >= 400 && body.error) {
      body.error['innerError'] = {
        date: new Date().toISOString().replace(/\.\d+Z$/, ''),
        'request-id': graphHeaders['request-id'],
        'client-request-id': graphHeaders['client-request-id'],
      };
    }
    const headers: Record<string, string> = { ...graphHeaders, ...this.headers };
    if (this.status === 200) headers['content-type'] = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
    sendJson(response, this.status, this.body, headers);
  }
}

const badRequest = (message: string): HuntingAnswer => HuntingAnswer.error(400, 'BadRequest', message);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeHunting {
  /** Calls per rolling minute per app per tenant (Microsoft: "at least 45", varies with tenant size). */
  callsPerMinute = HUNTING_CALLS_PER_MINUTE;
  readonly #tables = new Map<string, Map<string, HuntingRowJson[]>>();
  readonly #callsPerMinute = new Map<string, number>();
  readonly #cpuQuota = new Map<string, number>();
  readonly #roleMissing = new Set<string>();
  readonly #variant = new Map<string, 'capitalised'>();
  readonly #scripts = new Map<string, { answer: ScriptedHuntAnswer; remaining: number }[]>();
  /** Admitted call times per `${appid}|${tid}`, the last minute only. */
  readonly #calls = new Map<string, number[]>();
  /** CPU units spent per `${appid}|${tid}` in the cycle that starts at `cycle`. */
  readonly #cpu = new Map<string, { cycle: number; spent: number }>();

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.callsPerMinute = HUNTING_CALLS_PER_MINUTE;
    for (const map of [this.#tables, this.#callsPerMinute, this.#cpuQuota, this.#variant, this.#scripts, this.#calls, this.#cpu]) map.clear();
    this.#roleMissing.clear();
  }

  /** The tenant's fixture rows per table (deep-copied). Known tables take the schema's columns; others the first row's keys. */
  setTables(tenantId: string, tables: Readonly<Record<string, readonly HuntingRowJson[]>>): void {
    this.#tables.set(key(tenantId), new Map(Object.entries(structuredClone(tables)).map(([name, rows]) => [name, [...rows]])));
  }

  /** A tenant's live rows of one table (push to add rows); an empty array for a table it has none of. */
  rows(tenantId: string, table: string): HuntingRowJson[] {
    const tables = this.#tables.get(key(tenantId)) ?? new Map<string, HuntingRowJson[]>();
    this.#tables.set(key(tenantId), tables);
    const rows = tables.get(table) ?? [];
    tables.set(table, rows);
    return rows;
  }

  /** The calls limit for one tenant (null: back to `callsPerMinute`). */
  setCallsPerMinute(tenantId: string, perMinute: number | null): void {
    if (perMinute === null) this.#callsPerMinute.delete(key(tenantId));
    else this.#callsPerMinute.set(key(tenantId), perMinute);
  }

  /** The tenant's CPU budget per 15-minute cycle, in queries (each costs 1 unit); null: unlimited (the default). */
  setCpuQuota(tenantId: string, unitsPerCycle: number | null): void {
    if (unitsPerCycle === null) this.#cpuQuota.delete(key(tenantId));
    else this.#cpuQuota.set(key(tenantId), unitsPerCycle);
  }

  /** The signed-in user has no role that allows advanced hunting in the tenant: 403. */
  setRoleMissing(tenantId: string, missing = true): void {
    if (missing) this.#roleMissing.add(key(tenantId));
    else this.#roleMissing.delete(key(tenantId));
  }

  /** 'capitalised': answers like the runHuntingQuery page's last example (schema Name/Type, no @odata.context). */
  setSchemaVariant(tenantId: string, variant: 'capitalised' | null): void {
    if (variant === null) this.#variant.delete(key(tenantId));
    else this.#variant.set(key(tenantId), variant);
  }

  /** Scripts the tenant's next `times` answers (default 1), in the order added. */
  scriptNext(tenantId: string, answer: ScriptedHuntAnswer, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer, got ${times}`);
    const queue = this.#scripts.get(key(tenantId)) ?? [];
    queue.push({ answer, remaining: times });
    this.#scripts.set(key(tenantId), queue);
  }

  /** Scripted answers not yet used, for a tenant. */
  pendingScripts(tenantId: string): readonly ScriptedHuntAnswer[] {
    return (this.#scripts.get(key(tenantId)) ?? []).map((entry) => entry.answer);
  }

  /** One runHuntingQuery call (the token already checked by fake-graph). */
  async run(request: FakeRequest, caller: HuntingCaller): Promise<HuntingAnswer> {
    const tenantId = key(caller.tenantId);
    if (!caller.scopes.includes(THREAT_HUNTING_SCOPE)) {
      return HuntingAnswer.error(
        403,
        'Forbidden',
        `Missing scope permissions on the request. API requires one of '${THREAT_HUNTING_SCOPE}'. Scopes on the request '${caller.scopes.join(', ')}'`,
      );
    }
    if (caller.role === undefined || caller.role === 'none' || this.#roleMissing.has(tenantId)) {
      return HuntingAnswer.error(403, 'Forbidden', 'The user does not have a role in this tenant that allows advanced hunting.');
    }
    const parsed = this.parseBody(request);
    if (parsed instanceof HuntingAnswer) return parsed;
    const scripted = this.takeScript(tenantId);
    if (scripted) {
      const answer = await this.scriptedAnswer(scripted);
      if (answer) return answer;
    }
    const refused = this.admit(`${caller.clientId}|${tenantId}`, tenantId);
    if (refused) return refused;
    return this.evaluate(tenantId, parsed.query, parsed.window);
  }

  private parseBody(request: FakeRequest): { query: string; window: { from: number; to: number } } | HuntingAnswer {
    let body: unknown;
    try {
      if (!(request.headers['content-type'] ?? '').toLowerCase().includes('application/json')) throw new Error('not JSON');
      body = JSON.parse(request.bodyText);
    } catch {
      return badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest('The request payload must be a JSON object.');
    let query: unknown;
    let timespan: unknown;
    for (const [name, value] of Object.entries(body)) {
      if (name.startsWith('@odata.')) continue;
      if (name.toLowerCase() === 'query') query = value;
      else if (name.toLowerCase() === 'timespan') timespan = value;
      else return badRequest(`The parameter '${name}' in the request payload is not a valid parameter for the operation 'runHuntingQuery'.`);
    }
    if (query === undefined || query === null) return badRequest("The parameter 'Query' is required.");
    if (typeof query !== 'string') return badRequest("Invalid value for parameter 'Query': a string is expected.");
    if (query.trim() === '') return badRequest(KQL_RECOGNITION_ERROR);
    if (timespan !== undefined && timespan !== null && typeof timespan !== 'string') {
      return badRequest("Invalid value for parameter 'Timespan': a string is expected.");
    }
    const window = parseTimespan(typeof timespan === 'string' ? timespan : null, this.now());
    if (!window) return badRequest(`Invalid value '${String(timespan)}' for parameter 'Timespan'.`);
    return { query, window };
  }

  private takeScript(tenantId: string): ScriptedHuntAnswer | undefined {
    const queue = this.#scripts.get(tenantId);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    return next.answer;
  }

  /** The scripted answer, or undefined to go on as usual (after a scripted delay). */
  private async scriptedAnswer(answer: ScriptedHuntAnswer): Promise<HuntingAnswer | undefined> {
    switch (answer.kind) {
      case 'throttled': {
        const headers: Record<string, string> = answer.retryAfterSeconds === undefined ? {} : { 'retry-after': String(answer.retryAfterSeconds) };
        const seconds = answer.retryAfterSeconds ?? 60;
        const message = answer.limit === 'cpu' ? huntingCpuMessage(seconds) : huntingCallsMessage(this.callsPerMinute, seconds);
        return HuntingAnswer.error(429, 'TooManyRequests', message, headers);
      }
      case 'timeout':
        if (answer.afterMs) await sleep(answer.afterMs);
        return badRequest(HUNTING_TIMEOUT_MESSAGE);
      case 'syntaxError':
        return badRequest(KQL_RECOGNITION_ERROR);
      case 'semanticError':
        return badRequest(`'${answer.operator ?? 'project'}' operator: Failed to resolve scalar expression named '${answer.name ?? 'x'}'`);
      case 'preempted':
        return badRequest(HUNTING_PREEMPTED_MESSAGE);
      case 'error':
        return HuntingAnswer.error(answer.status, answer.code, answer.message, answer.retryAfterSeconds === undefined ? {} : { 'retry-after': String(answer.retryAfterSeconds) });
      case 'delay':
        await sleep(answer.ms);
        return undefined;
    }
  }

  /** Counts the call against the calls limit and the CPU budget; a 429 when either is spent. */
  private admit(appTenant: string, tenantId: string): HuntingAnswer | undefined {
    const now = this.now();
    const limit = this.#callsPerMinute.get(tenantId) ?? this.callsPerMinute;
    const times = (this.#calls.get(appTenant) ?? []).filter((time) => time > now - 60_000);
    this.#calls.set(appTenant, times);
    if (times.length >= limit) {
      const seconds = Math.max(1, Math.ceil((times[times.length - limit]! + 60_000 - now) / 1000));
      return HuntingAnswer.error(429, 'TooManyRequests', huntingCallsMessage(limit, seconds), { 'retry-after': String(seconds) });
    }
    const quota = this.#cpuQuota.get(tenantId);
    const cycle = Math.floor(now / HUNTING_CPU_CYCLE_MS) * HUNTING_CPU_CYCLE_MS;
    const cpu = this.#cpu.get(appTenant)?.cycle === cycle ? this.#cpu.get(appTenant)! : { cycle, spent: 0 };
    if (quota !== undefined && cpu.spent >= quota) {
      const seconds = Math.max(1, Math.ceil((cycle + HUNTING_CPU_CYCLE_MS - now) / 1000));
      return HuntingAnswer.error(429, 'TooManyRequests', huntingCpuMessage(seconds), { 'retry-after': String(seconds) });
    }
    times.push(now);
    cpu.spent += 1;
    this.#cpu.set(appTenant, cpu);
    return undefined;
  }

  private evaluate(tenantId: string, query: string, window: { from: number; to: number }): HuntingAnswer {
    const tables = this.#tables.get(tenantId);
    const table = (name: string): HuntingTableData | undefined => {
      const rows = tables?.get(name);
      const columns = huntingSchemaTables[name] ?? (rows?.[0] ? inferredColumns(rows[0]) : undefined);
      if (!columns) return undefined;
      const inWindow = (rows ?? []).filter((row) => {
        const time = typeof row['Timestamp'] === 'string' ? Date.parse(row['Timestamp']) : Number.NaN;
        return Number.isNaN(time) || (time >= window.from && time <= window.to);
      });
      return { columns, rows: inWindow };
    };
    let result: HuntingTableData;
    try {
      result = runKql(query, table, this.now());
    } catch (error) {
      if (error instanceof KqlError) return badRequest(error.message);
      throw error;
    }
    const results = result.rows.slice(0, HUNTING_ROW_LIMIT);
    if (this.#variant.get(tenantId) === 'capitalised') {
      const body: HuntingQueryResultsCapitalisedJson = { schema: result.columns.map(({ name, type }) => ({ Name: name, Type: type })), results };
      return new HuntingAnswer(200, body);
    }
    const body: HuntingQueryResultsJson = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
      schema: result.columns.map(({ name, type }) => ({ name, type })),
      results,
    };
    return new HuntingAnswer(200, body);
  }
}

function key(tenantId: string): string {
  return tenantId.toLowerCase();
}

function inferredColumns(row: HuntingRowJson): HuntingColumn[] {
  return Object.entries(row).map(([name, value]) => ({
    name,
    type: typeof value === 'number' ? 'Int64' : typeof value === 'boolean' ? 'Boolean' : typeof value === 'string' ? 'String' : 'Object',
  }));
}

/** runHuntingQuery requests in a request log, for one tenant (the token's `tid`) or all. */
export function huntRequests(requests: readonly RecordedRequest[], tenantId?: string): RecordedRequest[] {
  return requests.filter((request) => {
    if (request.method !== 'POST' || !/^\/(?:v1\.0|beta)\/security\/runHuntingQuery$/.test(request.path)) return false;
    return tenantId === undefined || huntRequestTenant(request) === key(tenantId);
  });
}

/** The tenant a recorded request's bearer token was for (lowercased), if readable. */
export function huntRequestTenant(request: RecordedRequest): string | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers['authorization'] ?? '')?.[1];
  const tid = token ? decodeJwtPayload(token)?.['tid'] : undefined;
  return typeof tid === 'string' ? tid.toLowerCase() : undefined;
}

/** Timestamps for fixture rows, the way advanced hunting writes them (Graph's seven fractional digits). */
export const huntingTimestamp = graphTimestamp;
