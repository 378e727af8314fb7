import type { TenantSummaries } from '../sync/tenant-summaries';
import { tenantSummariesSchemaVersion } from '../sync/tenant-summaries-version';
import { inTransaction, metaStore, requestResult } from './handoff-database';

/**
 * The tenant summaries record as stored (the `meta` store of the extension's IndexedDB, one record) and
 * its change channel, without zod or the extension API: the popup's first paint reads it through here
 * (storage/first-paint-storage.ts). Rebuilding a missing or unreadable document, and every write, are
 * tenant-summaries-storage.ts's. Only extension code writes the record, from validated data, so a read
 * checks the version and shape, not every field.
 */

export const summariesRecordName = 'tenantSummaries';
/**
 * The popup's first screen (sync/popup-first-screen.ts), written in the same transaction as the summaries
 * (so never out of step with them), read by the popup's first paint instead of the whole document.
 */
export const firstScreenRecordName = 'popupFirstScreen';
/** Pages learn of a write on this BroadcastChannel (the extension's own origin only). */
export const summariesChannelName = 'handoff:tenantSummaries';

/** The stored record's tenants, or null when it is missing, of another version or not a document. */
export function summariesOfRecord(record: unknown): TenantSummaries | null {
  const document = (record as { document?: unknown } | undefined)?.document as { schemaVersion?: unknown; tenants?: unknown } | undefined;
  if (document?.schemaVersion !== tenantSummariesSchemaVersion) return null;
  const tenants = document.tenants;
  return typeof tenants === 'object' && tenants !== null && !Array.isArray(tenants) ? (tenants as TenantSummaries) : null;
}

/** Every tenant's summary as stored, or null when there is no readable document (then it must be rebuilt). */
export async function readStoredTenantSummaries(): Promise<TenantSummaries | null> {
  const stored = await inTransaction([metaStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(metaStore).get(summariesRecordName)),
  );
  return summariesOfRecord(stored);
}

/** The stored first screen as it is (firstScreenAt checks it), or undefined. */
export async function readStoredFirstScreen(): Promise<unknown> {
  const stored = await inTransaction([metaStore], 'readonly', (transaction) =>
    requestResult(transaction.objectStore(metaStore).get(firstScreenRecordName)),
  );
  return (stored as { screen?: unknown } | undefined)?.screen;
}

/** Calls `onChange` when the summaries are written in another extension context (or another channel here). */
export function watchTenantSummaries(onChange: () => void): () => void {
  const channel = new BroadcastChannel(summariesChannelName);
  channel.onmessage = () => onChange();
  return () => channel.close();
}
