import '@/tests/support/fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HuntRun, HuntTenantRows } from '@/utils/hunting/hunt-model';
import { huntRowsStore, inTransaction } from '@/utils/storage/handoff-database';
import { huntRowsChunks, isHuntRowsChunk, readHuntRowsKept, type HuntRowsChunk } from '@/utils/storage/hunt-rows-chunks';
import { writeHuntRun, writeHuntTenantRows } from '@/utils/storage/hunt-runs-storage';

const runId = '00000000-0000-4000-8000-000000000001';
const keys = ['contoso', 'fabrikam', 'northwind'];

const run: HuntRun = {
  runId,
  query: 'DeviceInfo',
  timespan: 'P7D',
  startedAt: 1,
  finishedAt: 2,
  state: 'done',
  stoppedReason: null,
  source: null,
  tenants: keys.map((tenantKey) => ({ tenantKey, tenantId: tenantKey, displayName: tenantKey, outcome: { kind: 'done', rows: 0, truncated: false, ms: 1 } })),
};

const rowsOf = (tenantKey: string, count: number, from = 0): HuntTenantRows => ({
  runId,
  tenantKey,
  columns: [{ name: `${tenantKey}Column`, type: 'String' }],
  rows: Array.from({ length: count }, (_, at) => ({ At: from + at })),
});

async function collect(chunks: AsyncGenerator<HuntRowsChunk>) {
  const seen: { tenantKey: string; chunk: number; columns: string[]; rows: number; first: unknown }[] = [];
  for await (const chunk of chunks) {
    seen.push({ tenantKey: chunk.tenantKey, chunk: chunk.chunk, columns: chunk.columns.map((column) => column.name), rows: chunk.rows.length, first: chunk.rows[0]?.At });
  }
  return seen;
}

afterEach(() => vi.restoreAllMocks());

describe('reading hunt rows chunk by chunk', () => {
  it('gives every chunk of the tenants asked, in their order, each in its own transaction; the columns on chunk 0', async () => {
    await writeHuntRun(run);
    await writeHuntTenantRows(rowsOf('contoso', 4_001));
    await writeHuntTenantRows(rowsOf('fabrikam', 3));
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction');
    expect(await collect(huntRowsChunks(runId, { tenantKeys: ['fabrikam', 'northwind', 'contoso'] }))).toEqual([
      { tenantKey: 'fabrikam', chunk: 0, columns: ['fabrikamColumn'], rows: 3, first: 0 },
      { tenantKey: 'contoso', chunk: 0, columns: ['contosoColumn'], rows: 2_000, first: 0 },
      { tenantKey: 'contoso', chunk: 1, columns: [], rows: 2_000, first: 2_000 },
      { tenantKey: 'contoso', chunk: 2, columns: [], rows: 1, first: 4_000 },
    ]);
    // fabrikam 0, northwind 0 (none), contoso 0, 1, 2.
    expect(transactions).toHaveBeenCalledTimes(5);
  });

  it('gives every tenant with rows in key order when no tenant is named, and chunk 0 alone when asked', async () => {
    await writeHuntRun(run);
    await writeHuntTenantRows(rowsOf('northwind', 2_500));
    await writeHuntTenantRows(rowsOf('contoso', 1));
    expect(await collect(huntRowsChunks(runId))).toEqual([
      { tenantKey: 'contoso', chunk: 0, columns: ['contosoColumn'], rows: 1, first: 0 },
      { tenantKey: 'northwind', chunk: 0, columns: ['northwindColumn'], rows: 2_000, first: 0 },
      { tenantKey: 'northwind', chunk: 1, columns: [], rows: 500, first: 2_000 },
    ]);
    expect((await collect(huntRowsChunks(runId, { firstChunkOnly: true }))).map((chunk) => [chunk.tenantKey, chunk.chunk])).toEqual([
      ['contoso', 0],
      ['northwind', 0],
    ]);
    expect(await collect(huntRowsChunks('another-run'))).toEqual([]);
  });

  it('never mixes two writes of a tenant: one written again while read ends at the new write’s chunk', async () => {
    await writeHuntRun(run);
    await writeHuntTenantRows(rowsOf('contoso', 6_000));
    const seen: number[] = [];
    for await (const chunk of huntRowsChunks(runId)) {
      seen.push(chunk.rows[0]!.At as number);
      if (chunk.chunk === 0) await writeHuntTenantRows(rowsOf('contoso', 6_000, 100_000));
    }
    expect(seen).toEqual([0]);
  });

  it('stops a tenant at a missing chunk', async () => {
    await writeHuntRun(run);
    await writeHuntTenantRows(rowsOf('contoso', 6_000));
    await inTransaction([huntRowsStore], 'readwrite', async (transaction) => void transaction.objectStore(huntRowsStore).delete([runId, 'contoso', 1]));
    expect((await collect(huntRowsChunks(runId))).map((chunk) => chunk.chunk)).toEqual([0]);
  });

  it('lists each tenant’s kept and answered rows from the index', async () => {
    await writeHuntRun(run);
    await writeHuntTenantRows(rowsOf('fabrikam', 2));
    await writeHuntTenantRows(rowsOf('contoso', 2_001));
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    expect(await readHuntRowsKept(runId)).toEqual([
      { tenantKey: 'contoso', keptRows: 2_001, answeredRows: 2_001 },
      { tenantKey: 'fabrikam', keptRows: 2, answeredRows: 2 },
    ]);
    expect(gets).not.toHaveBeenCalled();
    expect(await readHuntRowsKept('another-run')).toEqual([]);
  });

  it('checks a chunk’s shape: its own keys, a batch, rows; on chunk 0 also columns and whole counts', () => {
    const head = { runId, tenantKey: 'contoso', chunk: 0, batch: 'b', rows: [], columns: [], keptRows: 0, answeredRows: 3 };
    expect(isHuntRowsChunk(head, runId, 'contoso', 0)).toBe(true);
    expect(isHuntRowsChunk(head, runId, 'fabrikam', 0)).toBe(false);
    expect(isHuntRowsChunk(head, 'other', 'contoso', 0)).toBe(false);
    expect(isHuntRowsChunk(head, runId, 'contoso', 1)).toBe(false);
    expect(isHuntRowsChunk({ ...head, batch: undefined }, runId, 'contoso', 0)).toBe(false);
    expect(isHuntRowsChunk({ ...head, rows: {} }, runId, 'contoso', 0)).toBe(false);
    expect(isHuntRowsChunk({ ...head, columns: undefined }, runId, 'contoso', 0)).toBe(false);
    expect(isHuntRowsChunk({ ...head, keptRows: 1.5 }, runId, 'contoso', 0)).toBe(false);
    expect(isHuntRowsChunk({ ...head, answeredRows: '3' }, runId, 'contoso', 0)).toBe(false);
    expect(isHuntRowsChunk({ runId, tenantKey: 'contoso', chunk: 1, batch: 'b', rows: [] }, runId, 'contoso', 1)).toBe(true);
    expect(isHuntRowsChunk(null, runId, 'contoso', 0)).toBe(false);
  });
});
