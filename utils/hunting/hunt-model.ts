import { z } from 'zod';

/**
 * Hunting across tenants (issue 16): one KQL query run with Graph `POST /v1.0/security/runHuntingQuery`
 * in every selected customer tenant. This file is the contract the runner (run-hunt.ts), the worker
 * (utils/background/hunt-service.ts), the storage (utils/storage/hunt-runs-storage.ts) and the Hunt page
 * share. Facts (docs/reference/graph-security-api.md, "Advanced hunting"):
 * - request `{"Query": "<KQL>", "Timespan": "P7D"}`; Timespan optional (30 days when absent), ISO 8601;
 * - answer `huntingQueryResults`: `schema` (singlePropertySchema: name, type) and `results` (rows, one
 *   object per row keyed by column name); Microsoft's own example also spells the schema `Name`/`Type`;
 * - at least 45 calls a minute per tenant, a CPU quota per tenant in 15-minute cycles, 100,000 rows and a
 *   3-minute timeout per query; a 429 says in its body which limit was reached.
 */

/** The time spans the Hunt page offers (ISO 8601 durations, counted back from now). */
export const huntTimespans = ['P1D', 'P7D', 'P30D'] as const;
export const huntTimespanSchema = z.enum(huntTimespans);
export type HuntTimespan = z.infer<typeof huntTimespanSchema>;

/** KQL as typed, pasted or posted by Defender Experts: text only, never interpreted by Handoff. */
export const huntQueryMaxLength = 20_000;
export const huntQueryTextSchema = z
  .string()
  .trim()
  .min(1, 'Write a query first.')
  .max(huntQueryMaxLength, `Keep the query under ${huntQueryMaxLength.toLocaleString('en-US')} characters.`);

/** Graph answers at most this many rows per query. */
export const huntRowLimit = 100_000;
/** Graph stops a query after 3 minutes; Handoff gives up on the request a little later. */
export const huntQueryTimeoutMs = 3 * 60_000;

/** Where a run's query came from, when it was a Defender Experts recommendation. */
export const huntSourceSchema = z.object({
  tenantKey: z.string().min(1).max(256),
  incidentId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
});
export type HuntSource = z.infer<typeof huntSourceSchema>;

/**
 * What became of one tenant in a run. `waiting`: a 429 with Retry-After is being waited out (the limit
 * Graph named, when it named one). Failures carry the sentence the page shows; `queryError` carries
 * Graph's own message (text only). `quota.retryAt`: when Graph allows the tenant again (epoch ms; the
 * runner sets it, runs stored before it have none). `cancelled`: the analyst's Cancel stopped it before
 * it answered; `notRun`: never asked because the run stopped itself or was interrupted (can be run again).
 */
export type HuntTenantOutcome =
  | { kind: 'pending' }
  | { kind: 'running'; startedAt: number }
  | { kind: 'waiting'; until: number; limit: HuntLimit }
  | { kind: 'done'; rows: number; truncated: boolean; ms: number }
  | { kind: 'needsConsent'; message: string }
  | { kind: 'missingRole'; message: string }
  | { kind: 'quota'; limit: HuntLimit; retryAfterSeconds: number | null; retryAt?: number; message: string }
  | { kind: 'queryError'; message: string }
  | { kind: 'timeout'; ms: number }
  | { kind: 'cancelled' }
  | { kind: 'notRun' }
  | { kind: 'failed'; message: string };
export type HuntOutcomeKind = HuntTenantOutcome['kind'];

/** The outcomes of a tenant still to answer: a run that ends leaves none of them (cancelled or notRun instead). */
export const unfinishedHuntOutcomes: ReadonlySet<HuntOutcomeKind> = new Set<HuntOutcomeKind>(['pending', 'running', 'waiting']);

/** Which advanced-hunting limit a 429 named: calls per minute/hour, the tenant's CPU quota, or not said. */
export type HuntLimit = 'calls' | 'cpu' | 'unknown';

export interface HuntTenantState {
  tenantKey: string;
  /** The tenant's GUID (or domain until resolved): the Advanced hunting deep link's `tid`. */
  tenantId: string;
  displayName: string;
  outcome: HuntTenantOutcome;
}

/**
 * running: tenants still to answer; done: every tenant answered; cancelled: the analyst stopped it;
 * stopped: Handoff stopped it (the query itself fails; `stoppedReason` says why, the reason alone: the page
 * puts "Handoff stopped this run: " before it); interrupted: the
 * worker was stopped mid-run (found so at its next start).
 */
export type HuntRunState = 'running' | 'done' | 'cancelled' | 'stopped' | 'interrupted';

export interface HuntRun {
  runId: string;
  query: string;
  timespan: HuntTimespan;
  startedAt: number;
  finishedAt: number | null;
  state: HuntRunState;
  stoppedReason: string | null;
  source: HuntSource | null;
  tenants: HuntTenantState[];
}

/** One column of a tenant's answer, as Graph's schema names it. */
export interface HuntColumn {
  name: string;
  type: string;
}

/** One tenant's rows of one run (stored apart from the run, read when expanded or exported). */
export interface HuntTenantRows {
  runId: string;
  tenantKey: string;
  columns: HuntColumn[];
  rows: Record<string, unknown>[];
}

/** A query the analyst keeps (Hunt page, "Saved queries"); exported and imported as JSON. */
export const savedHuntQuerySchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1, 'Name the query.').max(120, 'Keep the name under 120 characters.'),
  query: huntQueryTextSchema,
  timespan: huntTimespanSchema,
  savedAt: z.number().int().nonnegative(),
});
export type SavedHuntQuery = z.infer<typeof savedHuntQuerySchema>;

/** A query Defender Experts posted on an incident (recommendedHuntingQueries), remembered when the panel read it. */
export interface ExpertHuntQuery {
  tenantKey: string;
  incidentId: string;
  /** Its position in the incident's recommendedHuntingQueries. */
  index: number;
  query: string;
  /** The incident's title when known (text only). */
  incidentTitle: string | null;
  seenAt: number;
}
