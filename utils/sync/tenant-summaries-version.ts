/**
 * The tenant summaries document's format version (sync/tenant-summaries.ts), on its own and zod-free: the
 * popup's first paint checks a stored document's version without loading the schemas
 * (storage/tenant-summaries-record.ts). 2: entries carry `awaitingQueue`. A document of another version
 * is rebuilt from the caches.
 */
export const tenantSummariesSchemaVersion = 2;
