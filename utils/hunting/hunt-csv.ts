import { csvField } from '@/utils/domain/audit-log';
import type { HuntRun, HuntTenantRows } from './hunt-model';

/**
 * A run's rows as one CSV file: "Tenant", "Tenant ID", then every column any tenant answered (first seen
 * first), one line per row, tenants in the run's order. Fields go through the audit log's `csvField`
 * (quoted; a leading = + - @ tab or CR neutralised, so a spreadsheet never runs a value as a formula).
 */

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

export function huntRunToCsv(run: HuntRun, rowsByTenant: readonly HuntTenantRows[]): string {
  const rowsOf = new Map<string, HuntTenantRows>();
  for (const entry of rowsByTenant) if (entry.runId === run.runId && !rowsOf.has(entry.tenantKey)) rowsOf.set(entry.tenantKey, entry);
  const parts = run.tenants.flatMap((tenant) => {
    const entry = rowsOf.get(tenant.tenantKey);
    return entry === undefined ? [] : [{ tenant, entry }];
  });

  const names: string[] = [];
  const known = new Set<string>();
  const see = (name: string) => {
    if (!known.has(name)) {
      known.add(name);
      names.push(name);
    }
  };
  for (const { entry } of parts) for (const column of entry.columns) see(column.name);
  // A row member the schema did not name is kept too (after the named columns).
  for (const { entry } of parts) for (const row of entry.rows) for (const name of Object.keys(row)) see(name);

  const lines = [['Tenant', 'Tenant ID', ...names].map(csvField).join(',')];
  for (const { tenant, entry } of parts) {
    const lead = `${csvField(tenant.displayName)},${csvField(tenant.tenantId)}`;
    for (const row of entry.rows) {
      const own = (name: string) => (Object.prototype.hasOwnProperty.call(row, name) ? row[name] : undefined);
      lines.push(`${lead},${names.map((name) => csvField(cell(own(name)))).join(',')}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
