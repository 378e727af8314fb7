import type { HuntRun, HuntRunState, HuntTenantOutcome, HuntTenantRows } from '../hunting/hunt-model';
import { huntRowsStore, huntRunsStore, inTransaction, requestResult } from './handoff-database';

/**
 * Hunt runs (issue 16) in the extension's IndexedDB: `huntRuns` holds each run's query, state and every
 * tenant's outcome, `huntRows` one tenant's rows of one run (read only when the page expands or exports
 * that tenant). Only the worker writes here (utils/background/hunt-service.ts), from its own runner's
 * results; the Hunt page reads. So reads check the shape, not every field through zod (as
 * tenant-cache-storage.ts does): a record this version cannot read is absent.
 *
 * At most `keptHuntRuns` runs are kept: writing a new one deletes the oldest (and its rows), never one
 * still running.
 */

export const keptHuntRuns = 10;

const runStates: ReadonlySet<HuntRunState> = new Set(['running', 'done', 'cancelled', 'stopped', 'interrupted']);
const unfinished: ReadonlySet<HuntTenantOutcome['kind']> = new Set(['pending', 'running', 'waiting']);

export function isHuntRun(value: unknown): value is HuntRun {
  if (typeof value !== 'object' || value === null) return false;
  const run = value as Partial<HuntRun>;
  return (
    typeof run.runId === 'string' &&
    typeof run.query === 'string' &&
    typeof run.timespan === 'string' &&
    typeof run.startedAt === 'number' &&
    (run.finishedAt === null || typeof run.finishedAt === 'number') &&
    typeof run.state === 'string' &&
    runStates.has(run.state) &&
    Array.isArray(run.tenants) &&
    run.tenants.every(
      (tenant: unknown) =>
        typeof tenant === 'object' &&
        tenant !== null &&
        typeof (tenant as { tenantKey?: unknown }).tenantKey === 'string' &&
        typeof (tenant as { outcome?: { kind?: unknown } }).outcome?.kind === 'string',
    )
  );
}

export function isHuntTenantRows(value: unknown, runId?: string): value is HuntTenantRows {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<HuntTenantRows>;
  return (
    typeof record.runId === 'string' &&
    (runId === undefined || record.runId === runId) &&
    typeof record.tenantKey === 'string' &&
    Array.isArray(record.columns) &&
    Array.isArray(record.rows)
  );
}

/** Every row record of one run: [runId] sorts before [runId, tenantKey], which sorts before [runId, []]. */
function runRowsRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId], [runId, []]);
}

const newestFirst = (a: HuntRun, b: HuntRun) => b.startedAt - a.startedAt || (a.runId < b.runId ? 1 : -1);

/**
 * Stores the run (insert or replace). A run not stored before may push out the oldest: only the newest
 * `keptHuntRuns` stay (a running one is never deleted), each deleted with its rows, in the same transaction.
 */
export async function writeHuntRun(run: HuntRun): Promise<void> {
  await inTransaction([huntRunsStore, huntRowsStore], 'readwrite', async (transaction) => {
    const runs = transaction.objectStore(huntRunsStore);
    const known = (await requestResult(runs.getKey(run.runId))) !== undefined;
    runs.put(run);
    if (known) return;
    const stored = ((await requestResult(runs.getAll())) as unknown[]).filter(isHuntRun).sort(newestFirst);
    if (stored.length <= keptHuntRuns) return;
    for (const old of stored.slice(keptHuntRuns)) {
      if (old.state === 'running' || old.runId === run.runId) continue;
      runs.delete(old.runId);
      transaction.objectStore(huntRowsStore).delete(runRowsRange(old.runId));
    }
  });
}

/**
 * Stores one tenant's rows of a run. Written only while the run is stored and still lists the tenant, so
 * rows never come back for a run already pushed out or a tenant already removed. True when written.
 */
export async function writeHuntTenantRows(rows: HuntTenantRows): Promise<boolean> {
  return inTransaction([huntRunsStore, huntRowsStore], 'readwrite', async (transaction) => {
    const run = await requestResult(transaction.objectStore(huntRunsStore).get(rows.runId));
    if (!isHuntRun(run) || !run.tenants.some((tenant) => tenant.tenantKey === rows.tenantKey)) return false;
    transaction.objectStore(huntRowsStore).put(rows);
    return true;
  });
}

export async function readHuntRun(runId: string): Promise<HuntRun | null> {
  const run = await inTransaction([huntRunsStore], 'readonly', (transaction) => requestResult(transaction.objectStore(huntRunsStore).get(runId)));
  return isHuntRun(run) && run.runId === runId ? run : null;
}

/** The stored runs, newest first (by start). */
export async function listHuntRuns(): Promise<HuntRun[]> {
  const runs = await inTransaction([huntRunsStore], 'readonly', (transaction) => requestResult(transaction.objectStore(huntRunsStore).getAll()));
  return (runs as unknown[]).filter(isHuntRun).sort(newestFirst);
}

export async function readHuntTenantRows(runId: string, tenantKey: string): Promise<HuntTenantRows | null> {
  const rows = await inTransaction([huntRowsStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(huntRowsStore).get([runId, tenantKey])),
  );
  return isHuntTenantRows(rows, runId) && rows.tenantKey === tenantKey ? rows : null;
}

/** Every tenant's rows of one run (in tenant key order), for the export of the whole run. */
export async function readAllHuntRows(runId: string): Promise<HuntTenantRows[]> {
  const rows = await inTransaction([huntRowsStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(huntRowsStore).getAll(runRowsRange(runId))),
  );
  return (rows as unknown[]).filter((record): record is HuntTenantRows => isHuntTenantRows(record, runId));
}

/** Drops some tenants' rows of one run (they are run again: their old rows must not show meanwhile). */
export async function deleteHuntTenantRows(runId: string, tenantKeys: readonly string[]): Promise<void> {
  await inTransaction([huntRowsStore], 'readwrite', async (transaction) => {
    for (const tenantKey of tenantKeys) transaction.objectStore(huntRowsStore).delete([runId, tenantKey]);
  });
}

/**
 * Removed tenants (settings) leave nothing in the hunts: their rows, their place in every run, a run's
 * source when it was one of their incidents; a run left with no tenant goes. The runs' queries stay.
 */
export async function deleteHuntDataOfTenants(tenantKeys: readonly string[]): Promise<void> {
  if (tenantKeys.length === 0) return;
  const removed = new Set(tenantKeys);
  await inTransaction([huntRunsStore, huntRowsStore], 'readwrite', async (transaction) => {
    const runs = transaction.objectStore(huntRunsStore);
    const rows = transaction.objectStore(huntRowsStore);
    for (const run of ((await requestResult(runs.getAll())) as unknown[]).filter(isHuntRun)) {
      for (const tenantKey of removed) rows.delete([run.runId, tenantKey]);
      const tenants = run.tenants.filter((tenant) => !removed.has(tenant.tenantKey));
      const source = run.source !== null && removed.has(run.source.tenantKey) ? null : run.source;
      if (tenants.length === 0) {
        runs.delete(run.runId);
        rows.delete(runRowsRange(run.runId));
      } else if (tenants.length !== run.tenants.length || source !== run.source) {
        runs.put({ ...run, tenants, source });
      }
    }
  });
}

/** Every run and every row (sign-out). */
export async function clearHuntRuns(): Promise<void> {
  await inTransaction([huntRunsStore, huntRowsStore], 'readwrite', async (transaction) => {
    transaction.objectStore(huntRunsStore).clear();
    transaction.objectStore(huntRowsStore).clear();
  });
}

/**
 * At the worker's start: a run still 'running' was cut short when the worker stopped. It becomes
 * 'interrupted' (finished now), each tenant that had not answered 'cancelled'. Answers how many runs.
 */
export async function markInterruptedHuntRuns(now: number): Promise<number> {
  return inTransaction([huntRunsStore], 'readwrite', async (transaction) => {
    const runs = transaction.objectStore(huntRunsStore);
    let marked = 0;
    for (const run of ((await requestResult(runs.getAll())) as unknown[]).filter(isHuntRun)) {
      if (run.state !== 'running') continue;
      const tenants = run.tenants.map((tenant) =>
        unfinished.has(tenant.outcome.kind) ? { ...tenant, outcome: { kind: 'cancelled' as const } } : tenant,
      );
      runs.put({ ...run, state: 'interrupted', finishedAt: now, tenants });
      marked += 1;
    }
    return marked;
  });
}
