import '@/tests/support/fake-indexeddb';
import { storedHuntRows } from '@/tests/support/hunt-rows';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HuntRun, HuntTenantRows, HuntTenantState } from '@/utils/hunting/hunt-model';
import { huntRowsStore, huntRunsStore, inTransaction, requestResult } from '@/utils/storage/handoff-database';
import { huntRowsChunks, huntRowsChunkSize, huntRowsKeptPerRun, readHuntRowsKept } from '@/utils/storage/hunt-rows-chunks';
import {
  clearHuntRuns,
  deleteHuntDataOfTenants,
  deleteHuntTenantRows,
  keptHuntRuns,
  listHuntRuns,
  markInterruptedHuntRuns,
  readHuntRun,
  readHuntTenantRows,
  writeHuntRun,
  writeHuntTenantRows,
} from '@/utils/storage/hunt-runs-storage';

const runIdOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const tenant = (tenantKey: string, outcome: HuntTenantState['outcome'] = { kind: 'pending' }): HuntTenantState => ({
  tenantKey,
  tenantId: tenantKey,
  displayName: tenantKey.toUpperCase(),
  outcome,
});

function run(n: number, overrides: Partial<HuntRun> = {}): HuntRun {
  return {
    runId: runIdOf(n),
    query: 'DeviceInfo | take 1',
    timespan: 'P7D',
    startedAt: 1_000 * n,
    finishedAt: 1_000 * n + 500,
    state: 'done',
    stoppedReason: null,
    source: null,
    tenants: [tenant('contoso', { kind: 'done', rows: 1, truncated: false, ms: 20 }), tenant('fabrikam', { kind: 'done', rows: 0, truncated: false, ms: 30 })],
    ...overrides,
  };
}

const rowsOf = (n: number, tenantKey: string): HuntTenantRows => ({
  runId: runIdOf(n),
  tenantKey,
  columns: [{ name: 'DeviceName', type: 'String' }],
  rows: [{ DeviceName: `${tenantKey}-pc` }],
});

/** `count` rows of one tenant, numbered from 0. */
const manyRows = (n: number, tenantKey: string, count: number): HuntTenantRows => ({
  runId: runIdOf(n),
  tenantKey,
  columns: [{ name: 'At', type: 'Int64' }],
  rows: Array.from({ length: count }, (_, at) => ({ At: at })),
});

const storedKeys = (n: number) =>
  inTransaction([huntRowsStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(huntRowsStore).getAllKeys(IDBKeyRange.bound([runIdOf(n)], [runIdOf(n), []]))),
  );

afterEach(() => vi.restoreAllMocks());

describe('hunt runs storage', () => {
  it('stores a run and reads it back; an unknown run is null', async () => {
    await writeHuntRun(run(1));
    expect(await readHuntRun(runIdOf(1))).toEqual(run(1));
    expect(await readHuntRun(runIdOf(2))).toBeNull();
  });

  it('replaces a run written again (progress), keeping one record', async () => {
    await writeHuntRun(run(1, { state: 'running', finishedAt: null }));
    await writeHuntRun(run(1));
    expect(await listHuntRuns()).toEqual([run(1)]);
  });

  it('lists runs newest first', async () => {
    await writeHuntRun(run(2));
    await writeHuntRun(run(3));
    await writeHuntRun(run(1));
    expect((await listHuntRuns()).map((stored) => stored.runId)).toEqual([runIdOf(3), runIdOf(2), runIdOf(1)]);
  });

  it('keeps the last 10 runs: the 11th deletes the oldest run and its rows, nothing else', async () => {
    expect(keptHuntRuns).toBe(10);
    for (let n = 1; n <= 10; n += 1) {
      await writeHuntRun(run(n));
      await writeHuntTenantRows(rowsOf(n, 'contoso'));
    }
    await writeHuntRun(run(11));
    const runs = await listHuntRuns();
    expect(runs.map((stored) => stored.runId)).toEqual(Array.from({ length: 10 }, (_, at) => runIdOf(11 - at)));
    expect(await storedHuntRows(runIdOf(1))).toEqual([]);
    expect(await readHuntTenantRows(runIdOf(2), 'contoso')).toEqual(rowsOf(2, 'contoso'));
  });

  it('never deletes a run that is still running to make room', async () => {
    await writeHuntRun(run(1, { state: 'running', finishedAt: null }));
    for (let n = 2; n <= 11; n += 1) await writeHuntRun(run(n));
    const ids = (await listHuntRuns()).map((stored) => stored.runId);
    expect(ids).toHaveLength(11);
    expect(ids).toContain(runIdOf(1));
    await writeHuntRun(run(1));
    await writeHuntRun(run(12));
    expect((await listHuntRuns()).map((stored) => stored.runId)).toEqual(Array.from({ length: 10 }, (_, at) => runIdOf(12 - at)));
  });

  it('stores a tenant’s rows only while its run is stored and lists that tenant', async () => {
    await writeHuntRun(run(1));
    expect(await writeHuntTenantRows(rowsOf(1, 'contoso'))).toBe(true);
    expect(await writeHuntTenantRows(rowsOf(1, 'northwind'))).toBe(false);
    expect(await writeHuntTenantRows(rowsOf(2, 'contoso'))).toBe(false);
    expect(await readHuntTenantRows(runIdOf(1), 'contoso')).toEqual(rowsOf(1, 'contoso'));
    expect(await readHuntTenantRows(runIdOf(1), 'northwind')).toBeNull();
    expect(await readHuntTenantRows(runIdOf(2), 'contoso')).toBeNull();
  });

  it('reads every tenant’s rows of one run, and only that run’s', async () => {
    await writeHuntRun(run(1));
    await writeHuntRun(run(2));
    for (const key of ['fabrikam', 'contoso']) await writeHuntTenantRows(rowsOf(1, key));
    await writeHuntTenantRows(rowsOf(2, 'contoso'));
    expect(await storedHuntRows(runIdOf(1))).toEqual([rowsOf(1, 'contoso'), rowsOf(1, 'fabrikam')]);
  });

  it('drops some tenants’ rows of one run, keeping the others and other runs’', async () => {
    await writeHuntRun(run(1));
    await writeHuntRun(run(2));
    for (const key of ['contoso', 'fabrikam']) await writeHuntTenantRows(rowsOf(1, key));
    await writeHuntTenantRows(rowsOf(2, 'contoso'));
    await deleteHuntTenantRows(runIdOf(1), ['contoso', 'northwind']);
    expect(await storedHuntRows(runIdOf(1))).toEqual([rowsOf(1, 'fabrikam')]);
    expect(await storedHuntRows(runIdOf(2))).toEqual([rowsOf(2, 'contoso')]);
  });

  it('treats records it cannot read as absent', async () => {
    await inTransaction([huntRunsStore, huntRowsStore], 'readwrite', async (transaction) => {
      transaction.objectStore(huntRunsStore).put({ runId: runIdOf(1), query: 'x', state: 'running' });
      transaction.objectStore(huntRunsStore).put({ ...run(2), state: 'exploded' });
      transaction.objectStore(huntRowsStore).put({ runId: runIdOf(3), tenantKey: 'contoso', chunk: 0, batch: 'b', rows: 'nope', columns: [], keptRows: 1, answeredRows: 1 });
      transaction.objectStore(huntRowsStore).put({ runId: runIdOf(3), tenantKey: 'fabrikam', chunk: 0, batch: 'b', rows: [], columns: [], keptRows: -1, answeredRows: 1 });
      // A record of the version 2 shape, put under a chunk key: no batch, no counts.
      transaction.objectStore(huntRowsStore).put({ runId: runIdOf(3), tenantKey: 'northwind', chunk: 0, rows: [], columns: [] });
    });
    expect(await readHuntRun(runIdOf(1))).toBeNull();
    expect(await listHuntRuns()).toEqual([]);
    for (const key of ['contoso', 'fabrikam', 'northwind']) expect(await readHuntTenantRows(runIdOf(3), key)).toBeNull();
    expect(await storedHuntRows(runIdOf(3))).toEqual([]);
    expect(await readHuntRowsKept(runIdOf(3))).toEqual([{ tenantKey: 'contoso', keptRows: 1, answeredRows: 1 }]);
  });

  it('deletes removed tenants from every run: their rows, their outcome, a source that was theirs; an emptied run goes', async () => {
    await writeHuntRun(run(1, { source: { tenantKey: 'fabrikam', incidentId: '42' } }));
    await writeHuntRun(run(2, { tenants: [tenant('fabrikam', { kind: 'cancelled' })], source: { tenantKey: 'contoso', incidentId: '7' } }));
    await writeHuntRun(run(3));
    for (const key of ['contoso', 'fabrikam']) await writeHuntTenantRows(rowsOf(1, key));
    await writeHuntTenantRows(rowsOf(2, 'fabrikam'));

    await deleteHuntDataOfTenants(['fabrikam']);

    expect(await readHuntRun(runIdOf(1))).toEqual({ ...run(1), source: null, tenants: [run(1).tenants[0]] });
    expect(await readHuntRun(runIdOf(2))).toBeNull();
    expect(await readHuntRun(runIdOf(3))).toEqual({ ...run(3), tenants: [run(3).tenants[0]] });
    expect(await storedHuntRows(runIdOf(1))).toEqual([rowsOf(1, 'contoso')]);
    expect(await storedHuntRows(runIdOf(2))).toEqual([]);
  });

  it('clears every run and row', async () => {
    await writeHuntRun(run(1));
    await writeHuntTenantRows(rowsOf(1, 'contoso'));
    await clearHuntRuns();
    expect(await listHuntRuns()).toEqual([]);
    expect(await storedHuntRows(runIdOf(1))).toEqual([]);
  });

  it('marks runs a stopped worker left running as interrupted, their unfinished tenants not run', async () => {
    const left = run(1, {
      state: 'running',
      finishedAt: null,
      tenants: [
        tenant('contoso', { kind: 'done', rows: 3, truncated: false, ms: 40 }),
        tenant('fabrikam', { kind: 'running', startedAt: 1_100 }),
        tenant('northwind', { kind: 'waiting', until: 5_000, limit: 'calls' }),
        tenant('adatum', { kind: 'pending' }),
        tenant('litware', { kind: 'needsConsent', message: 'Consent needed.' }),
        tenant('tailspin', { kind: 'cancelled' }),
      ],
    });
    await writeHuntRun(left);
    await writeHuntRun(run(2));

    expect(await markInterruptedHuntRuns(9_999)).toBe(1);

    expect(await readHuntRun(runIdOf(1))).toEqual({
      ...left,
      state: 'interrupted',
      finishedAt: 9_999,
      tenants: [
        left.tenants[0],
        tenant('fabrikam', { kind: 'notRun' }),
        tenant('northwind', { kind: 'notRun' }),
        tenant('adatum', { kind: 'notRun' }),
        left.tenants[4],
        left.tenants[5],
      ],
    });
    expect(await readHuntRun(runIdOf(2))).toEqual(run(2));
    expect(await markInterruptedHuntRuns(10_000)).toBe(0);
  });

  it('accepts every outcome kind, notRun included', async () => {
    const left = run(1, { state: 'interrupted', tenants: [tenant('contoso', { kind: 'notRun' }), tenant('fabrikam', { kind: 'cancelled' })] });
    await writeHuntRun(left);
    expect(await readHuntRun(runIdOf(1))).toEqual(left);
  });
});

describe('hunt rows in chunks', () => {
  it('stores a tenant’s rows in chunks of 2,000 in one write, the columns and counts on chunk 0 only', async () => {
    expect(huntRowsChunkSize).toBe(2_000);
    await writeHuntRun(run(1));
    expect(await writeHuntTenantRows(manyRows(1, 'contoso', 4_500))).toBe(true);
    expect(await storedKeys(1)).toEqual([0, 1, 2].map((chunk) => [runIdOf(1), 'contoso', chunk]));
    const records = await inTransaction([huntRowsStore], 'readonly', (transaction) =>
      requestResult(transaction.objectStore(huntRowsStore).getAll(IDBKeyRange.bound([runIdOf(1)], [runIdOf(1), []]))),
    );
    const [head, second, last] = records as Record<string, unknown>[];
    expect(head).toMatchObject({ chunk: 0, columns: [{ name: 'At', type: 'Int64' }], keptRows: 4_500, answeredRows: 4_500 });
    expect((head!.rows as unknown[]).length).toBe(2_000);
    expect(Object.keys(second!).sort()).toEqual(['batch', 'chunk', 'rows', 'runId', 'tenantKey']);
    expect((second!.rows as { At: number }[])[0]).toEqual({ At: 2_000 });
    expect((last!.rows as { At: number }[]).map((row) => row.At)).toEqual(Array.from({ length: 500 }, (_, at) => 4_000 + at));
    expect(new Set(records.map((record) => (record as { batch: string }).batch)).size).toBe(1);
    expect(await storedHuntRows(runIdOf(1))).toEqual([manyRows(1, 'contoso', 4_500)]);
  });

  it('keeps chunk 0 for a tenant with no rows: its columns are still known', async () => {
    await writeHuntRun(run(1));
    await writeHuntTenantRows({ ...manyRows(1, 'fabrikam', 0) });
    expect(await storedKeys(1)).toEqual([[runIdOf(1), 'fabrikam', 0]]);
    expect(await readHuntTenantRows(runIdOf(1), 'fabrikam')).toEqual(manyRows(1, 'fabrikam', 0));
  });

  it('replaces every chunk of a tenant written again, leaving none of the longer write behind', async () => {
    await writeHuntRun(run(1));
    await writeHuntTenantRows(manyRows(1, 'contoso', 4_500));
    await writeHuntTenantRows(manyRows(1, 'contoso', 3));
    expect(await storedKeys(1)).toEqual([[runIdOf(1), 'contoso', 0]]);
    expect(await storedHuntRows(runIdOf(1))).toEqual([manyRows(1, 'contoso', 3)]);
  });

  it('reads a tenant’s first rows from the chunks that hold them only (50 by default)', async () => {
    await writeHuntRun(run(1));
    await writeHuntTenantRows(manyRows(1, 'contoso', 4_500));
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    const first = await readHuntTenantRows(runIdOf(1), 'contoso');
    expect(first).toEqual({ ...manyRows(1, 'contoso', 50) });
    expect(gets.mock.calls.map(([key]) => key)).toEqual([[runIdOf(1), 'contoso', 0]]);
    gets.mockClear();
    const more = await readHuntTenantRows(runIdOf(1), 'contoso', 2_050);
    expect(more!.rows.map((row) => row.At)).toEqual(Array.from({ length: 2_050 }, (_, at) => at));
    expect(gets.mock.calls.map(([key]) => key)).toEqual([0, 1].map((chunk) => [runIdOf(1), 'contoso', chunk]));
    expect((await readHuntTenantRows(runIdOf(1), 'contoso', 10_000))!.rows).toHaveLength(4_500);
  });

  it('keeps at most 1,000,000 rows in a run: a tenant past it is cut (to nothing when none are left), and says how many it kept', async () => {
    expect(huntRowsKeptPerRun).toBe(1_000_000);
    const keys = Array.from({ length: 12 }, (_, at) => `t${String(at).padStart(2, '0')}`);
    await writeHuntRun(run(1, { tenants: keys.map((key) => tenant(key)) }));
    for (const key of keys.slice(0, 9)) await writeHuntTenantRows(manyRows(1, key, 100_000));
    await writeHuntTenantRows(manyRows(1, 't09', 99_999));
    await writeHuntTenantRows(manyRows(1, 't10', 5));
    await writeHuntTenantRows(manyRows(1, 't11', 7));
    const kept = await readHuntRowsKept(runIdOf(1));
    expect(kept.slice(8)).toEqual([
      { tenantKey: 't08', keptRows: 100_000, answeredRows: 100_000 },
      { tenantKey: 't09', keptRows: 99_999, answeredRows: 99_999 },
      { tenantKey: 't10', keptRows: 1, answeredRows: 5 },
      { tenantKey: 't11', keptRows: 0, answeredRows: 7 },
    ]);
    expect(kept.reduce((sum, tenant) => sum + tenant.keptRows, 0)).toBe(1_000_000);
    expect(await readHuntTenantRows(runIdOf(1), 't10')).toEqual(manyRows(1, 't10', 1));
    expect(await readHuntTenantRows(runIdOf(1), 't11')).toEqual(manyRows(1, 't11', 0));
    // A tenant written again counts only the others' rows: room it had is its own again.
    await writeHuntTenantRows(manyRows(1, 't09', 99_000));
    await writeHuntTenantRows(manyRows(1, 't10', 5));
    expect((await readHuntRowsKept(runIdOf(1))).slice(9, 11)).toEqual([
      { tenantKey: 't09', keptRows: 99_000, answeredRows: 99_000 },
      { tenantKey: 't10', keptRows: 5, answeredRows: 5 },
    ]);
  });

  it('drops every chunk of a dropped tenant, not those of a tenant whose key starts the same', async () => {
    await writeHuntRun(run(1, { tenants: [tenant('contoso'), tenant('contoso2')] }));
    await writeHuntTenantRows(manyRows(1, 'contoso', 4_001));
    await writeHuntTenantRows(manyRows(1, 'contoso2', 2_001));
    await deleteHuntTenantRows(runIdOf(1), ['contoso']);
    expect(await storedKeys(1)).toEqual([0, 1].map((chunk) => [runIdOf(1), 'contoso2', chunk]));
    await deleteHuntDataOfTenants(['contoso2']);
    expect(await storedKeys(1)).toEqual([]);
  });
});
