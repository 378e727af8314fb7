// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { HuntRowsTable, huntRowsShown } from '@/components/HuntRowsTable';
import { huntCsvLines } from '@/utils/hunting/hunt-csv';
import type { HuntRun } from '@/utils/hunting/hunt-model';

afterEach(() => document.body.replaceChildren());

describe('HuntRowsTable', () => {
  it('writes each cell with the one cell-text function the CSV export uses too, as text only', () => {
    const row = { S: '<b id="injected">x</b>', N: -5, B: false, O: { a: [1] }, Z: null };
    const columns = Object.keys(row).map((name) => ({ name, type: 'String' }));
    const container = document.createElement('div');
    document.body.append(container);
    render(<HuntRowsTable tenantName="Contoso" columns={columns} rows={[row]} total={1} />, container);
    const cells = [...container.querySelectorAll('td')].map((cell) => cell.textContent);
    expect(cells).toEqual(['<b id="injected">x</b>', '-5', 'false', '{"a":[1]}', '']);
    expect(container.querySelector('#injected')).toBeNull();
    // The same text in the CSV (numbers and booleans unguarded there).
    const run = { tenants: [{ tenantKey: 'c', tenantId: 'c-id', displayName: 'Contoso', outcome: { kind: 'done' } }] } as unknown as HuntRun;
    expect(huntCsvLines(run, Object.keys(row), { tenantKey: 'c', columns, rows: [row] })).toBe(
      `"Contoso","c-id",${cells.map((cell) => `"${cell!.replace(/"/g, '""')}"`).join(',')}\r\n`,
    );
  });

  it('shows at most the rows the page reads', () => {
    expect(huntRowsShown).toBe(50);
  });
});
