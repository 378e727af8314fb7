import '@/tests/support/fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { ExpertHuntQuery, SavedHuntQuery } from '@/utils/hunting/hunt-model';
import { expertHuntQueriesStore, inTransaction, savedHuntQueriesStore } from '@/utils/storage/handoff-database';
import {
  clearExpertHuntQueries,
  deleteExpertHuntQueriesOfTenants,
  deleteSavedHuntQuery,
  importSavedHuntQueries,
  keptExpertHuntQueries,
  listExpertHuntQueries,
  listSavedHuntQueries,
  rememberExpertHuntQueries,
  saveHuntQuery,
} from '@/utils/storage/hunt-queries-storage';

const saved = (id: string, savedAt: number, name = `Query ${id}`): SavedHuntQuery => ({
  id,
  name,
  query: `DeviceInfo | where DeviceName == '${id}'`,
  timespan: 'P7D',
  savedAt,
});

const expert = (tenantKey: string, incidentId: string, index: number, seenAt: number): ExpertHuntQuery => ({
  tenantKey,
  incidentId,
  index,
  query: `EmailEvents | where NetworkMessageId == '${incidentId}-${index}'`,
  incidentTitle: `Incident ${incidentId}`,
  seenAt,
});

describe('saved hunt queries', () => {
  it('saves, lists newest first (the same moment by name), replaces by id and deletes', async () => {
    await saveHuntQuery(saved('a', 10));
    await saveHuntQuery(saved('b', 30));
    await saveHuntQuery(saved('d', 20, 'Zeta'));
    await saveHuntQuery(saved('c', 20, 'Alpha'));
    expect((await listSavedHuntQueries()).map((query) => query.id)).toEqual(['b', 'c', 'd', 'a']);

    await saveHuntQuery({ ...saved('a', 40), name: 'Renamed' });
    expect(await listSavedHuntQueries()).toEqual([{ ...saved('a', 40), name: 'Renamed' }, saved('b', 30), saved('c', 20, 'Alpha'), saved('d', 20, 'Zeta')]);

    await deleteSavedHuntQuery('b');
    await deleteSavedHuntQuery('no-such-id');
    expect((await listSavedHuntQueries()).map((query) => query.id)).toEqual(['a', 'c', 'd']);
  });

  it('refuses to save a query its schema refuses, and stores the trimmed text', async () => {
    await expect(saveHuntQuery({ ...saved('a', 1), name: '   ' })).rejects.toThrow('Name the query.');
    expect(await listSavedHuntQueries()).toEqual([]);
    expect(await saveHuntQuery({ ...saved('a', 1), name: '  Spaced  ' })).toEqual({ ...saved('a', 1), name: 'Spaced' });
    expect(await listSavedHuntQueries()).toEqual([{ ...saved('a', 1), name: 'Spaced' }]);
  });

  it('does not lose a write when two pages save at once (one transaction per query, no list rewritten)', async () => {
    await Promise.all([saveHuntQuery(saved('a', 1)), saveHuntQuery(saved('b', 2)), deleteSavedHuntQuery('c')]);
    expect((await listSavedHuntQueries()).map((query) => query.id)).toEqual(['b', 'a']);
  });

  it('imports what its schema accepts (the same id replaces), and counts what it skipped', async () => {
    await saveHuntQuery(saved('a', 1));
    const result = await importSavedHuntQueries([saved('a', 5, 'Imported'), saved('b', 2), { id: 'c', name: 'No query' }, 'text', null]);
    expect(result).toEqual({ imported: 2, skipped: 3 });
    expect(await listSavedHuntQueries()).toEqual([saved('a', 5, 'Imported'), saved('b', 2)]);
    expect(await importSavedHuntQueries([])).toEqual({ imported: 0, skipped: 0 });
  });

  it('leaves out records it cannot read', async () => {
    await inTransaction([savedHuntQueriesStore], 'readwrite', async (transaction) => {
      transaction.objectStore(savedHuntQueriesStore).put({ id: 'x', name: 'broken' });
    });
    await saveHuntQuery(saved('a', 1));
    expect(await listSavedHuntQueries()).toEqual([saved('a', 1)]);
  });
});

describe('Defender Experts’ hunt queries', () => {
  it('remembers queries with their source incident, most recently seen first; the same incident and position replaces', async () => {
    await rememberExpertHuntQueries([expert('contoso', '7', 0, 100), expert('contoso', '7', 1, 100)]);
    await rememberExpertHuntQueries([expert('fabrikam', '9', 0, 200)]);
    await rememberExpertHuntQueries([{ ...expert('contoso', '7', 0, 300), query: 'changed' }]);
    expect(await listExpertHuntQueries()).toEqual([
      { ...expert('contoso', '7', 0, 300), query: 'changed' },
      expert('fabrikam', '9', 0, 200),
      expert('contoso', '7', 1, 100),
    ]);
  });

  it('stores only the query’s own fields', async () => {
    await rememberExpertHuntQueries([{ ...expert('contoso', '7', 0, 1), extra: 'not kept' } as ExpertHuntQuery]);
    expect(await listExpertHuntQueries()).toEqual([expert('contoso', '7', 0, 1)]);
  });

  it('keeps the 200 most recently seen', async () => {
    expect(keptExpertHuntQueries).toBe(200);
    await rememberExpertHuntQueries(Array.from({ length: 199 }, (_, at) => expert('contoso', String(at), 0, 1_000 + at)));
    await rememberExpertHuntQueries([expert('fabrikam', 'a', 0, 5_000), expert('fabrikam', 'b', 0, 5), expert('fabrikam', 'c', 0, 6)]);
    const kept = await listExpertHuntQueries();
    expect(kept).toHaveLength(200);
    expect(kept[0]).toEqual(expert('fabrikam', 'a', 0, 5_000));
    // The two seen longest ago went (5 and 6); the oldest contoso one (1,000) stayed.
    expect(kept.some((query) => query.incidentId === 'b' || query.incidentId === 'c')).toBe(false);
    expect(kept[199]).toEqual(expert('contoso', '0', 0, 1_000));
  });

  it('drops records it cannot read when it prunes, and never lists them', async () => {
    await inTransaction([expertHuntQueriesStore], 'readwrite', async (transaction) => {
      transaction.objectStore(expertHuntQueriesStore).put({ tenantKey: 'x', incidentId: '1', index: 0 });
    });
    expect(await listExpertHuntQueries()).toEqual([]);
    await rememberExpertHuntQueries(Array.from({ length: 200 }, (_, at) => expert('contoso', String(at), 0, at)));
    const kept = await listExpertHuntQueries();
    expect(kept).toHaveLength(200);
    expect(kept.every((query) => query.tenantKey === 'contoso')).toBe(true);
  });

  it('deletes the queries of removed tenants only, even when one tenant key starts like another', async () => {
    await rememberExpertHuntQueries([expert('contoso', '1', 0, 1), expert('contoso.example', '2', 0, 2), expert('fabrikam', '3', 0, 3)]);
    await deleteExpertHuntQueriesOfTenants(['contoso', 'northwind']);
    expect((await listExpertHuntQueries()).map((query) => query.tenantKey)).toEqual(['fabrikam', 'contoso.example']);
  });

  it('clears them all at sign-out, leaving the analyst’s saved queries', async () => {
    await rememberExpertHuntQueries([expert('contoso', '1', 0, 1)]);
    await saveHuntQuery(saved('a', 1));
    await clearExpertHuntQueries();
    expect(await listExpertHuntQueries()).toEqual([]);
    expect(await listSavedHuntQueries()).toEqual([saved('a', 1)]);
  });
});
