import { savedHuntQuerySchema, type ExpertHuntQuery, type SavedHuntQuery } from '../hunting/hunt-model';
import { expertHuntQueriesStore, inTransaction, requestResult, savedHuntQueriesStore } from './handoff-database';

/**
 * The Hunt page's queries (issue 16) in the extension's IndexedDB:
 * - `savedHuntQueries` (key: id): the analyst's own saved queries. Written by the Hunt page itself, one
 *   transaction per operation (a put or a delete of one id, never a read-modify-write of a list), so two
 *   Hunt pages open at once cannot lose each other's writes. Saved and imported queries are parsed with
 *   their schema (an import comes from a file); reads check the shape.
 * - `expertHuntQueries` (key: [tenantKey, incidentId, index]): queries Defender Experts posted on incidents
 *   (recommendedHuntingQueries), remembered by the worker whenever the panel's hunting guidance read them,
 *   with their source incident; at most `keptExpertHuntQueries`, the least recently seen dropped. Written by
 *   the worker only.
 */

export const keptExpertHuntQueries = 200;

function isSavedHuntQuery(value: unknown): value is SavedHuntQuery {
  if (typeof value !== 'object' || value === null) return false;
  const query = value as Partial<SavedHuntQuery>;
  return (
    typeof query.id === 'string' &&
    typeof query.name === 'string' &&
    typeof query.query === 'string' &&
    typeof query.timespan === 'string' &&
    typeof query.savedAt === 'number'
  );
}

function isExpertHuntQuery(value: unknown): value is ExpertHuntQuery {
  if (typeof value !== 'object' || value === null) return false;
  const query = value as Partial<ExpertHuntQuery>;
  return (
    typeof query.tenantKey === 'string' &&
    typeof query.incidentId === 'string' &&
    typeof query.index === 'number' &&
    typeof query.query === 'string' &&
    (query.incidentTitle === null || typeof query.incidentTitle === 'string') &&
    typeof query.seenAt === 'number'
  );
}

/** Newest first; the same moment by name. */
const bySavedAt = (a: SavedHuntQuery, b: SavedHuntQuery) => b.savedAt - a.savedAt || a.name.localeCompare(b.name);
/** Most recently seen first; the same moment by tenant, incident and position. */
const bySeenAt = (a: ExpertHuntQuery, b: ExpertHuntQuery) =>
  b.seenAt - a.seenAt || a.tenantKey.localeCompare(b.tenantKey) || a.incidentId.localeCompare(b.incidentId) || a.index - b.index;

export async function listSavedHuntQueries(): Promise<SavedHuntQuery[]> {
  const records = await inTransaction([savedHuntQueriesStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(savedHuntQueriesStore).getAll()),
  );
  return (records as unknown[]).filter(isSavedHuntQuery).sort(bySavedAt);
}

/** Inserts the query, or replaces the one with its id. Throws (zod) on a query its schema refuses. */
export async function saveHuntQuery(query: SavedHuntQuery): Promise<SavedHuntQuery> {
  const valid = savedHuntQuerySchema.parse(query);
  await inTransaction([savedHuntQueriesStore], 'readwrite', async (transaction) => {
    transaction.objectStore(savedHuntQueriesStore).put(valid);
  });
  return valid;
}

export async function deleteSavedHuntQuery(id: string): Promise<void> {
  await inTransaction([savedHuntQueriesStore], 'readwrite', async (transaction) => {
    transaction.objectStore(savedHuntQueriesStore).delete(id);
  });
}

/**
 * Adds queries from an exported file, in one transaction: each parsed with its schema, the same id
 * replacing the stored one; what the schema refuses is skipped and counted.
 */
export async function importSavedHuntQueries(queries: readonly unknown[]): Promise<{ imported: number; skipped: number }> {
  const valid = queries.flatMap((query) => {
    const parsed = savedHuntQuerySchema.safeParse(query);
    return parsed.success ? [parsed.data] : [];
  });
  if (valid.length > 0) {
    await inTransaction([savedHuntQueriesStore], 'readwrite', async (transaction) => {
      for (const query of valid) transaction.objectStore(savedHuntQueriesStore).put(query);
    });
  }
  return { imported: valid.length, skipped: queries.length - valid.length };
}

/** Defender Experts' queries remembered, most recently seen first. */
export async function listExpertHuntQueries(): Promise<ExpertHuntQuery[]> {
  const records = await inTransaction([expertHuntQueriesStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(expertHuntQueriesStore).getAll()),
  );
  return (records as unknown[]).filter(isExpertHuntQuery).sort(bySeenAt);
}

/**
 * Remembers queries read from incidents (the same tenant, incident and position replaces the stored one),
 * then keeps the `keptExpertHuntQueries` most recently seen. One transaction.
 */
export async function rememberExpertHuntQueries(items: readonly ExpertHuntQuery[]): Promise<void> {
  if (items.length === 0) return;
  await inTransaction([expertHuntQueriesStore], 'readwrite', async (transaction) => {
    const store = transaction.objectStore(expertHuntQueriesStore);
    for (const item of items) {
      const { tenantKey, incidentId, index, query, incidentTitle, seenAt } = item;
      store.put({ tenantKey, incidentId, index, query, incidentTitle, seenAt });
    }
    // Counted first: the usual case (under the cap) reads no record back.
    if ((await requestResult(store.count())) <= keptExpertHuntQueries) return;
    // Both in key order: a record this version cannot read is dropped by its key (it is never shown).
    const [keys, records] = await Promise.all([requestResult(store.getAllKeys()), requestResult(store.getAll()) as Promise<unknown[]>]);
    records.forEach((record, at) => {
      if (!isExpertHuntQuery(record)) store.delete(keys[at]!);
    });
    const readable = records.filter(isExpertHuntQuery).sort(bySeenAt);
    for (const old of readable.slice(keptExpertHuntQueries)) store.delete([old.tenantKey, old.incidentId, old.index]);
  });
}

/** Removed tenants' remembered queries go with them. */
export async function deleteExpertHuntQueriesOfTenants(tenantKeys: readonly string[]): Promise<void> {
  if (tenantKeys.length === 0) return;
  await inTransaction([expertHuntQueriesStore], 'readwrite', async (transaction) => {
    const store = transaction.objectStore(expertHuntQueriesStore);
    for (const tenantKey of tenantKeys) store.delete(IDBKeyRange.bound([tenantKey], [tenantKey, []]));
  });
}

/** Every remembered query (sign-out). The analyst's saved queries stay: they name no tenant. */
export async function clearExpertHuntQueries(): Promise<void> {
  await inTransaction([expertHuntQueriesStore], 'readwrite', async (transaction) => {
    transaction.objectStore(expertHuntQueriesStore).clear();
  });
}
