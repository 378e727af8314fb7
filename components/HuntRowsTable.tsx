import type { HuntColumn } from '@/utils/hunting/hunt-model';

/** How many of a tenant's rows the page shows; the CSV export has them all. */
export const huntRowsShown = 50;

/**
 * One cell as text: strings as they are, objects and arrays as JSON, nothing as an empty cell. Graph's
 * rows are customer data: they are only ever put in text nodes, never parsed as markup.
 */
export function huntCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

interface HuntRowsTableProps {
  tenantName: string;
  columns: readonly HuntColumn[];
  rows: readonly Record<string, unknown>[];
  /** The tenant's row count for the run (the stored rows may be fewer than Graph counted). */
  total: number;
}

/** A tenant's first rows as a table, every cell text only. */
export function HuntRowsTable({ tenantName, columns, rows, total }: HuntRowsTableProps) {
  // Graph names the columns in its schema; rows without one still show every key they have.
  const names = columns.length > 0 ? columns.map((column) => column.name) : [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const shown = rows.slice(0, huntRowsShown);
  return (
    <div class="hunt-rows">
      <table class="hunt-rows__table">
        <caption>
          {shown.length < total
            ? `${tenantName}: the first ${shown.length} of ${total.toLocaleString('en-US')} rows (Export CSV has them all)`
            : `${tenantName}: ${total.toLocaleString('en-US')} ${total === 1 ? 'row' : 'rows'}`}
        </caption>
        <thead>
          <tr>
            {names.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, index) => (
            <tr key={index}>
              {names.map((name) => (
                <td key={name}>{huntCellText(row[name])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
