import { huntTimespanSchema, savedHuntQuerySchema, type SavedHuntQuery } from './hunt-model';
import { isRecord } from './hunting-answer';

/**
 * The analyst's saved hunting queries as a JSON file (export and import on the Hunt page). Import is
 * tolerant: a query that cannot be read is skipped with a message naming its position, the others kept;
 * a missing or repeated id is made anew, a missing time stamp is the import's time.
 */

export const savedQueriesFileFormat = 'handoff-hunting-queries';
export const savedQueriesFileVersion = 1;
export const notAQueriesFile = 'This is not a Handoff queries file.';

export function savedQueriesFile(queries: SavedHuntQuery[]): string {
  return `${JSON.stringify({ format: savedQueriesFileFormat, version: savedQueriesFileVersion, queries }, null, 2)}\n`;
}

function label(position: number, item: unknown): string {
  const name = isRecord(item) && typeof item.name === 'string' ? item.name.trim() : '';
  if (name === '') return `Query ${position}`;
  return `Query ${position} ("${name.length > 60 ? `${name.slice(0, 59)}…` : name}")`;
}

const fallbacks: Record<string, string> = {
  name: 'Name the query.',
  query: 'Write a query first.',
  timespan: 'The time span must be P1D, P7D or P30D.',
  savedAt: 'Its save time is not a time.',
};

export function parseSavedQueriesFile(text: string, now: number, newId: () => string): { queries: SavedHuntQuery[]; errors: string[] } {
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    return { queries: [], errors: [notAQueriesFile] };
  }
  if (!isRecord(file) || file.format !== savedQueriesFileFormat || !Array.isArray(file.queries)) {
    return { queries: [], errors: [notAQueriesFile] };
  }
  if (file.version !== savedQueriesFileVersion) {
    const version = typeof file.version === 'number' ? ` ${file.version}` : '';
    return { queries: [], errors: [`This queries file is of another version${version}; this Handoff reads version ${savedQueriesFileVersion}.`] };
  }

  const queries: SavedHuntQuery[] = [];
  const errors: string[] = [];
  const ids = new Set<string>();
  for (const [index, item] of file.queries.entries()) {
    if (!isRecord(item)) {
      errors.push(`${label(index + 1, item)}: not a query.`);
      continue;
    }
    const id = typeof item.id === 'string' && savedHuntQuerySchema.shape.id.safeParse(item.id).success && !ids.has(item.id) ? item.id : newId();
    const read = savedHuntQuerySchema.safeParse({
      id,
      name: item.name,
      query: item.query,
      timespan: item.timespan === undefined ? huntTimespanSchema.enum.P7D : item.timespan,
      savedAt: item.savedAt === undefined ? now : item.savedAt,
    });
    if (!read.success) {
      const issue = read.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      const reason = issue?.code === 'invalid_type' || !(field === 'name' || field === 'query') ? fallbacks[field] : issue?.message;
      errors.push(`${label(index + 1, item)}: ${reason ?? 'unreadable.'}`);
      continue;
    }
    ids.add(read.data.id);
    queries.push(read.data);
  }
  return { queries, errors };
}
