import type { HuntColumn } from '../hunting/hunt-model';
import { huntRowsKeptIndex, huntRowsStore, inTransaction, requestResult } from './handoff-database';

/**
 * The `huntRows` store's records (DEVELOPERS.md, "Storage"): one tenant's rows of one run in chunks of
 * `huntRowsChunkSize`, keyed [runId, tenantKey, chunk]. Chunk 0 is always there (even with no rows) and
 * also holds the columns, how many rows were kept and how many the tenant answered; every chunk of one
 * write carries that write's `batch`. hunt-runs-storage.ts writes and deletes them (it checks the run);
 * this module reads them: a tenant's first rows, the kept counts, and every chunk one read at a time.
 */

export const huntRowsChunkSize = 2_000;
/** What one run keeps at most, over all its tenants (the CSV export's upper bound too). */
export const huntRowsKeptPerRun = 1_000_000;

export interface StoredHuntRowsChunk {
  runId: string;
  tenantKey: string;
  chunk: number;
  batch: string;
  rows: Record<string, unknown>[];
  /** Chunk 0 only. */
  columns?: HuntColumn[];
  keptRows?: number;
  answeredRows?: number;
}
type StoredHead = StoredHuntRowsChunk & { columns: HuntColumn[]; keptRows: number; answeredRows: number };

/** One chunk as readers get it: the columns on chunk 0, none on the others. */
export interface HuntRowsChunk {
  runId: string;
  tenantKey: string;
  chunk: number;
  columns: HuntColumn[];
  rows: Record<string, unknown>[];
}

/** A tenant's rows in a run: how many are stored, of how many it answered (fewer once the run's cap was reached). */
export interface HuntRowsKept {
  tenantKey: string;
  keptRows: number;
  answeredRows: number;
}

const count = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

export function isHuntRowsChunk(value: unknown, runId: string, tenantKey: string, chunk: 0): value is StoredHead;
export function isHuntRowsChunk(value: unknown, runId: string, tenantKey: string, chunk: number): value is StoredHuntRowsChunk;
export function isHuntRowsChunk(value: unknown, runId: string, tenantKey: string, chunk: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<StoredHuntRowsChunk>;
  const own = record.runId === runId && record.tenantKey === tenantKey && record.chunk === chunk && typeof record.batch === 'string';
  if (!own || !Array.isArray(record.rows)) return false;
  return chunk !== 0 || (Array.isArray(record.columns) && count(record.keptRows) && count(record.answeredRows));
}

/** Every row record of one run: [runId] sorts before [runId, tenantKey, chunk], which sorts before [runId, []]. */
export function runRowsRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId], [runId, []]);
}

/** Every chunk of one tenant in one run. */
export function tenantRowsRange(runId: string, tenantKey: string): IDBKeyRange {
  return IDBKeyRange.bound([runId, tenantKey], [runId, tenantKey, []]);
}

/** Each tenant's kept and answered rows in one run, from the index alone (no row is read), in tenant key order. */
export function keptRowsOfRun(store: IDBObjectStore, runId: string): Promise<HuntRowsKept[]> {
  return new Promise((resolve, reject) => {
    const found: HuntRowsKept[] = [];
    const request = store.index(huntRowsKeptIndex).openKeyCursor(runRowsRange(runId));
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return resolve(found.sort((a, b) => (a.tenantKey < b.tenantKey ? -1 : a.tenantKey > b.tenantKey ? 1 : 0)));
      const [, keptRows, answeredRows] = cursor.key as unknown[];
      const [, tenantKey] = cursor.primaryKey as unknown[];
      if (typeof tenantKey === 'string' && count(keptRows) && count(answeredRows)) {
        found.push({ tenantKey, keptRows: keptRows as number, answeredRows: answeredRows as number });
      }
      cursor.continue();
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });
}

export function readHuntRowsKept(runId: string): Promise<HuntRowsKept[]> {
  return inTransaction([huntRowsStore], 'readonly', async (transaction) => keptRowsOfRun(transaction.objectStore(huntRowsStore), runId));
}

async function readChunk(runId: string, tenantKey: string, chunk: number): Promise<StoredHuntRowsChunk | null> {
  const record: unknown = await inTransaction([huntRowsStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(huntRowsStore).get([runId, tenantKey, chunk])),
  );
  return isHuntRowsChunk(record, runId, tenantKey, chunk) ? record : null;
}

/**
 * A run's rows chunk by chunk, each chunk in its own read (so memory holds one chunk, whatever the run's
 * size): the tenants in `tenantKeys`' order (by default every tenant with rows, in key order), each
 * tenant's chunks in order; `firstChunkOnly` reads chunk 0 alone (the columns). A tenant written again
 * meanwhile ends at the first chunk of the other write, never mixing the two.
 */
export async function* huntRowsChunks(
  runId: string,
  options: { tenantKeys?: readonly string[]; firstChunkOnly?: boolean } = {},
): AsyncGenerator<HuntRowsChunk> {
  const tenantKeys = options.tenantKeys ?? (await readHuntRowsKept(runId)).map((kept) => kept.tenantKey);
  for (const tenantKey of tenantKeys) {
    const head = await readChunk(runId, tenantKey, 0);
    if (!isHuntRowsChunk(head, runId, tenantKey, 0)) continue;
    yield { runId, tenantKey, chunk: 0, columns: head.columns, rows: head.rows };
    if (options.firstChunkOnly) continue;
    for (let chunk = 1; chunk * huntRowsChunkSize < head.keptRows; chunk += 1) {
      const next = await readChunk(runId, tenantKey, chunk);
      if (next === null || next.batch !== head.batch) break;
      yield { runId, tenantKey, chunk, columns: [], rows: next.rows };
    }
  }
}
