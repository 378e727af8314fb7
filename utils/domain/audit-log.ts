import { z } from 'zod';

/**
 * The audit log of writes: one entry per write Handoff attempted (a quick action on an incident, a
 * remediation task completed or run), so an MSSP can answer "who changed this customer's incident".
 * Kept locally for `auditRetentionDays` (older entries are dropped on every append) and at most
 * `auditEntryLimit` entries; exported as CSV from the options page.
 */

export const auditRetentionDays = 90;
export const auditEntryLimit = 5000;

export const auditResults = ['done', 'refused', 'conflict', 'unknown', 'failed'] as const;
export type AuditResult = (typeof auditResults)[number];

/** What the write touched, before and after: incident status/assignee/classification, task status/actionStatus. */
const auditStateSchema = z.record(z.string(), z.string().nullable()).nullable();
export type AuditState = z.infer<typeof auditStateSchema>;

export const auditEntrySchema = z.object({
  time: z.iso.datetime({ offset: true }),
  /** The signed-in analyst's UPN; null when nobody was signed in (the write was refused). */
  upn: z.string().nullable(),
  /** The tenant's key (its GUID, or the domain it was added by) and its display name. */
  tenant: z.string(),
  tenantName: z.string().nullable(),
  incidentId: z.string(),
  taskId: z.string().nullable(),
  action: z.string(),
  before: auditStateSchema,
  after: auditStateSchema,
  result: z.enum(auditResults),
  message: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The stored log, newest last; entries this version cannot read are dropped, not the whole log. */
export function parseAuditLog(stored: unknown): AuditEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((value) => {
    const parsed = auditEntrySchema.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Entries younger than the retention period, at most `limit` (the newest). */
export function pruneAuditLog(entries: readonly AuditEntry[], now: Date, limit = auditEntryLimit): AuditEntry[] {
  const oldest = now.getTime() - auditRetentionDays * 24 * 3_600_000;
  const kept = entries.filter((entry) => Date.parse(entry.time) >= oldest);
  return kept.slice(Math.max(0, kept.length - limit));
}

export function appendAuditEntry(entries: readonly AuditEntry[], entry: AuditEntry, now: Date, limit = auditEntryLimit): AuditEntry[] {
  return pruneAuditLog([...entries, entry], now, limit);
}

/**
 * One CSV field: quoted, quotes doubled; a value starting with = + - @ (also after spaces or line breaks,
 * which some spreadsheets trim) or with a tab or CR gets a leading quote mark so a spreadsheet never runs
 * it as a formula.
 */
export function csvField(value: string): string {
  const safe = /^(?:[\t\r]|\s*[=+\-@])/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

function stateText(state: AuditState): string {
  if (state === null) return '';
  return Object.entries(state)
    .map(([name, value]) => `${name}: ${value ?? '(none)'}`)
    .join('; ');
}

const columns: ReadonlyArray<[string, (entry: AuditEntry) => string]> = [
  ['Time', (entry) => entry.time],
  ['User', (entry) => entry.upn ?? ''],
  ['Tenant', (entry) => entry.tenantName ?? entry.tenant],
  ['Tenant key', (entry) => entry.tenant],
  ['Incident', (entry) => entry.incidentId],
  ['Task', (entry) => entry.taskId ?? ''],
  ['Action', (entry) => entry.action],
  ['Before', (entry) => stateText(entry.before)],
  ['After', (entry) => stateText(entry.after)],
  ['Result', (entry) => entry.result],
  ['Message', (entry) => entry.message],
];

/** RFC 4180 CSV of the log (CRLF line ends), oldest first. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const lines = [columns.map(([title]) => csvField(title)).join(',')];
  for (const entry of entries) lines.push(columns.map(([, value]) => csvField(value(entry))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
