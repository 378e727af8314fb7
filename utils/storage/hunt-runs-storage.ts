import { unfinishedHuntOutcomes, type HuntRun, type HuntRunState, type HuntTenantRows } from '../hunting/hunt-model';
import { huntRowsStore, huntRunsStore, inTransaction, requestResult } from './handoff-database';
import { huntRowsChunkSize, huntRowsKeptPerRun, isHuntRowsChunk, keptRowsOfRun, runRowsRange, tenantRowsRange, type StoredHuntRowsChunk } from './hunt-rows-chunks';

/**
 * Hunt runs (issue 16) in the extension's IndexedDB: `huntRuns` holds each run's query, state and every
 * tenant's outcome, `huntRows` one tenant's rows of one run in chunks of `huntRowsChunkSize` rows
 * (hunt-rows-chunks.ts: the page reads the chunks it shows, the CSV export one chunk at a time); a run
 * keeps at most `huntRowsKeptPerRun` rows. Only the worker writes here (utils/background/hunt-service.ts),
 * from its own runner's results; the Hunt page reads. So reads check the shape, not every field through
 * zod (as tenant-cache-storage.ts does): a record this version cannot read is absent.
 *
 * At most `keptHuntRuns` runs are kept: writing a new one deletes the oldest (and its rows), never one
 * still running.
 */

export const keptHuntRuns = 10;

const runStates: ReadonlySet<HuntRunState> = new Set(['running', 'done', 'cancelled', 'stopped', 'interrupted']);

/** The shape of a stored run; any outcome kind is read (a newer kind, such as `notRun`, is the page's to show). */
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
 * Stores one tenant's rows of a run, in chunks, in one transaction (replacing what the tenant had). Written
 * only while the run is stored and still lists the tenant, so rows never come back for a run already pushed
 * out or a tenant already removed. True when written. Past `huntRowsKeptPerRun` rows in the run (its
 * other tenants' kept rows counted), the tenant's rows are cut: chunk 0 says how many were kept of how
 * many answered (readHuntRowsKept).
 */
export async function writeHuntTenantRows(rows: HuntTenantRows): Promise<boolean> {
  return inTransaction([huntRunsStore, huntRowsStore], 'readwrite', async (transaction) => {
    const run = await requestResult(transaction.objectStore(huntRunsStore).get(rows.runId));
    if (!isHuntRun(run) || !run.tenants.some((tenant) => tenant.tenantKey === rows.tenantKey)) return false;
    const store = transaction.objectStore(huntRowsStore);
    const others = (await keptRowsOfRun(store, rows.runId)).reduce((sum, kept) => sum + (kept.tenantKey === rows.tenantKey ? 0 : kept.keptRows), 0);
    const keptRows = Math.max(0, Math.min(rows.rows.length, huntRowsKeptPerRun - others));
    // Every chunk of this write carries one batch id: a reader never mixes two writes of a tenant.
    const batch = crypto.randomUUID();
    const { runId, tenantKey } = rows;
    store.delete(tenantRowsRange(runId, tenantKey));
    for (let chunk = 0; chunk === 0 || chunk * huntRowsChunkSize < keptRows; chunk += 1) {
      const part = rows.rows.slice(chunk * huntRowsChunkSize, Math.min(keptRows, (chunk + 1) * huntRowsChunkSize));
      const record: StoredHuntRowsChunk =
        chunk === 0
          ? { runId, tenantKey, chunk, batch, rows: part, columns: rows.columns, keptRows, answeredRows: rows.rows.length }
          : { runId, tenantKey, chunk, batch, rows: part };
      store.put(record);
    }
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

/**
 * A tenant's columns and its first `limit` kept rows (the page shows 50), reading only the chunks that
 * hold them, in one transaction. Null when the tenant has no rows stored in that run.
 */
export async function readHuntTenantRows(runId: string, tenantKey: string, limit = 50): Promise<HuntTenantRows | null> {
  return inTransaction([huntRowsStore], 'readonly', async (transaction) => {
    const store = transaction.objectStore(huntRowsStore);
    const head: unknown = await requestResult(store.get([runId, tenantKey, 0]));
    if (!isHuntRowsChunk(head, runId, tenantKey, 0)) return null;
    const rows = head.rows.slice(0, limit);
    for (let chunk = 1; rows.length < limit && chunk * huntRowsChunkSize < head.keptRows; chunk += 1) {
      const next: unknown = await requestResult(store.get([runId, tenantKey, chunk]));
      if (!isHuntRowsChunk(next, runId, tenantKey, chunk) || next.batch !== head.batch) break;
      rows.push(...next.rows.slice(0, limit - rows.length));
    }
    return { runId, tenantKey, columns: head.columns, rows };
  });
}

/** Drops some tenants' rows of one run (they are run again: their old rows must not show meanwhile). */
export async function deleteHuntTenantRows(runId: string, tenantKeys: readonly string[]): Promise<void> {
  await inTransaction([huntRowsStore], 'readwrite', async (transaction) => {
    for (const tenantKey of tenantKeys) transaction.objectStore(huntRowsStore).delete(tenantRowsRange(runId, tenantKey));
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
      for (const tenantKey of removed) rows.delete(tenantRowsRange(run.runId, tenantKey));
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
 * 'interrupted' (finished now), each tenant still unfinished (`unfinishedHuntOutcomes`) `notRun`: it was never
 * answered and can be run again. Answers how many runs.
 */
export async function markInterruptedHuntRuns(now: number): Promise<number> {
  return inTransaction([huntRunsStore], 'readwrite', async (transaction) => {
    const runs = transaction.objectStore(huntRunsStore);
    let marked = 0;
    for (const run of ((await requestResult(runs.getAll())) as unknown[]).filter(isHuntRun)) {
      if (run.state !== 'running') continue;
      const tenants = run.tenants.map((tenant) =>
        unfinishedHuntOutcomes.has(tenant.outcome.kind) ? { ...tenant, outcome: { kind: 'notRun' as const } } : tenant,
      );
      runs.put({ ...run, state: 'interrupted', finishedAt: now, tenants });
      marked += 1;
    }
    return marked;
  });
}
