import type { HuntColumn } from '@/utils/hunting/hunt-model';
import { huntCellText } from '@/utils/portal/hunt-cell-text';

/** How many of a tenant’s rows the page shows (and reads); the CSV export has every row the run kept. */
export const huntRowsShown = 50;

interface HuntRowsTableProps {
  tenantName: string;
  columns: readonly HuntColumn[];
  rows: readonly Record<string, unknown>[];
  /** The tenant's row count for the run (the stored rows may be fewer than Graph counted). */
  total: number;
}

/**
 * A tenant's first rows as a table, every cell text only (`huntCellText`: Graph's rows are customer data,
 * only ever put in text nodes, never parsed as markup).
 */
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
