import '@/tests/support/fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { HuntRun, HuntTenantRows, HuntTenantState } from '@/utils/hunting/hunt-model';
import { huntRowsStore, huntRunsStore, inTransaction } from '@/utils/storage/handoff-database';
import {
  clearHuntRuns,
  deleteHuntDataOfTenants,
  deleteHuntTenantRows,
  keptHuntRuns,
  listHuntRuns,
  markInterruptedHuntRuns,
  readAllHuntRows,
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
    expect(await readAllHuntRows(runIdOf(1))).toEqual([]);
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
    expect(await readAllHuntRows(runIdOf(1))).toEqual([rowsOf(1, 'contoso'), rowsOf(1, 'fabrikam')]);
  });

  it('drops some tenants’ rows of one run, keeping the others and other runs’', async () => {
    await writeHuntRun(run(1));
    await writeHuntRun(run(2));
    for (const key of ['contoso', 'fabrikam']) await writeHuntTenantRows(rowsOf(1, key));
    await writeHuntTenantRows(rowsOf(2, 'contoso'));
    await deleteHuntTenantRows(runIdOf(1), ['contoso', 'northwind']);
    expect(await readAllHuntRows(runIdOf(1))).toEqual([rowsOf(1, 'fabrikam')]);
    expect(await readAllHuntRows(runIdOf(2))).toEqual([rowsOf(2, 'contoso')]);
  });

  it('treats records it cannot read as absent', async () => {
    await inTransaction([huntRunsStore, huntRowsStore], 'readwrite', async (transaction) => {
      transaction.objectStore(huntRunsStore).put({ runId: runIdOf(1), query: 'x', state: 'running' });
      transaction.objectStore(huntRunsStore).put({ ...run(2), state: 'exploded' });
      transaction.objectStore(huntRowsStore).put({ runId: runIdOf(3), tenantKey: 'contoso', rows: 'nope' });
    });
    expect(await readHuntRun(runIdOf(1))).toBeNull();
    expect(await listHuntRuns()).toEqual([]);
    expect(await readHuntTenantRows(runIdOf(3), 'contoso')).toBeNull();
    expect(await readAllHuntRows(runIdOf(3))).toEqual([]);
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
    expect(await readAllHuntRows(runIdOf(1))).toEqual([rowsOf(1, 'contoso')]);
    expect(await readAllHuntRows(runIdOf(2))).toEqual([]);
  });

  it('clears every run and row', async () => {
    await writeHuntRun(run(1));
    await writeHuntTenantRows(rowsOf(1, 'contoso'));
    await clearHuntRuns();
    expect(await listHuntRuns()).toEqual([]);
    expect(await readAllHuntRows(runIdOf(1))).toEqual([]);
  });

  it('marks runs a stopped worker left running as interrupted, their unfinished tenants cancelled', async () => {
    const left = run(1, {
      state: 'running',
      finishedAt: null,
      tenants: [
        tenant('contoso', { kind: 'done', rows: 3, truncated: false, ms: 40 }),
        tenant('fabrikam', { kind: 'running', startedAt: 1_100 }),
        tenant('northwind', { kind: 'waiting', until: 5_000, limit: 'calls' }),
        tenant('adatum', { kind: 'pending' }),
        tenant('litware', { kind: 'needsConsent', message: 'Consent needed.' }),
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
        tenant('fabrikam', { kind: 'cancelled' }),
        tenant('northwind', { kind: 'cancelled' }),
        tenant('adatum', { kind: 'cancelled' }),
        left.tenants[4],
      ],
    });
    expect(await readHuntRun(runIdOf(2))).toEqual(run(2));
    expect(await markInterruptedHuntRuns(10_000)).toBe(0);
  });
});
