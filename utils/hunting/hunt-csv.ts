import { csvField } from '@/utils/domain/audit-log';
import { huntCellText } from '@/utils/portal/hunt-cell-text';
import type { HuntColumn, HuntRun } from './hunt-model';

/**
 * A run's rows as one CSV file, in parts the page joins in a Blob (never one string: a run may keep a
 * million rows): "Tenant", "Tenant ID", then every column any tenant answered (first seen first), one
 * line per row, tenants in the run's order. The page reads every tenant's chunk 0 first for the columns
 * (`huntCsvNames`), writes `huntCsvHeader`, then `huntCsvLines` for each chunk as it reads it.
 *
 * Text fields (names, strings, JSON) go through the audit log's `csvField` (quoted; a leading = + - @,
 * after spaces too, or a tab or CR, neutralised, so a spreadsheet never runs a value as a formula).
 * Numbers and booleans are written as they are (quoted): a guarded -5 would become the text '-5.
 */

/** One chunk of a tenant's rows; chunk 0 also has the tenant's columns (the storage's HuntRowsChunk). */
export interface HuntCsvChunk {
  tenantKey: string;
  columns: readonly HuntColumn[];
  rows: readonly Record<string, unknown>[];
}

/**
 * The file's columns with one tenant's chunk 0 added: its columns, then members of its rows no column
 * names (kept too), each name once, first seen first.
 */
export function huntCsvNames(known: readonly string[], head: HuntCsvChunk): string[] {
  const names = [...known];
  const seen = new Set(known);
  const see = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  };
  for (const column of head.columns) see(column.name);
  for (const row of head.rows) for (const name of Object.keys(row)) see(name);
  return names;
}

/** The header line (CRLF-ended). */
export function huntCsvHeader(names: readonly string[]): string {
  return `${['Tenant', 'Tenant ID', ...names].map(csvField).join(',')}\r\n`;
}

function valueField(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `"${String(value)}"`;
  return csvField(huntCellText(value));
}

/** One chunk's lines (each CRLF-ended), or '' for a tenant the run does not list. */
export function huntCsvLines(run: HuntRun, names: readonly string[], chunk: HuntCsvChunk): string {
  const tenant = run.tenants.find((entry) => entry.tenantKey === chunk.tenantKey);
  if (!tenant) return '';
  const lead = `${csvField(tenant.displayName)},${csvField(tenant.tenantId)}`;
  let text = '';
  for (const row of chunk.rows) {
    const own = (name: string) => (Object.prototype.hasOwnProperty.call(row, name) ? row[name] : undefined);
    text += `${[lead, ...names.map((name) => valueField(own(name)))].join(',')}\r\n`;
  }
  return text;
}
