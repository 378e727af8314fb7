import type { HuntColumn } from './hunt-model';

/**
 * Graph's answer to `runHuntingQuery` (`huntingQueryResults`): `schema`, one `{name, type}` per column
 * (Microsoft's own documented example spells it `{Name, Type}`: both are read), and `results`, one object
 * per row keyed by column name. `@odata.context` and other members are ignored. Every row is kept (Graph
 * caps an answer at 100,000 rows); values stay as Graph sent them (text only, never interpreted).
 */
export type HuntingAnswer =
  | { ok: true; columns: HuntColumn[]; rows: Record<string, unknown>[] }
  | { ok: false; message: string };

/** A plain object (not null, not an array): what Graph's answer and a queries file are read as. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function column(item: unknown): HuntColumn | null {
  if (!isRecord(item)) return null;
  const name = typeof item.name === 'string' ? item.name : item.Name;
  const type = typeof item.type === 'string' ? item.type : item.Type;
  if (typeof name !== 'string' || name === '') return null;
  return { name, type: typeof type === 'string' ? type : '' };
}

export function parseHuntingAnswer(body: unknown): HuntingAnswer {
  if (!isRecord(body)) return { ok: false, message: 'Graph answered something other than hunting results.' };
  const { schema, results } = body;
  if (!Array.isArray(schema) || !Array.isArray(results)) {
    return { ok: false, message: "Graph's hunting answer has no schema or results list." };
  }
  const columns: HuntColumn[] = [];
  for (const [index, item] of schema.entries()) {
    const read = column(item);
    if (read === null) return { ok: false, message: `Column ${index + 1} of Graph's hunting answer has no name.` };
    columns.push(read);
  }
  for (const [index, row] of results.entries()) {
    if (!isRecord(row)) return { ok: false, message: `Row ${index + 1} of Graph's hunting answer is not a row.` };
  }
  return { ok: true, columns, rows: results as Record<string, unknown>[] };
}
