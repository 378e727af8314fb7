import { z } from 'zod';
import { handoffCountsSchema, countHandoffs } from '../domain/handoff-counts';
import { incidentParseErrorSchema } from '../domain/parse-incidents';
import { cachedIncidentSchema } from './cached-incident';

/**
 * What Handoff keeps per tenant between polls: the slim incidents with their handoffs, the watermark
 * for the next incremental poll, how the last sync went, and the counts the popup and badge read. Stored
 * split (storage/tenant-cache-storage.ts: a small sync record plus one record per incident;
 * tenant-cache-diff.ts). Versioned: a document this version cannot read is discarded and the
 * tenant resyncs from scratch; this schema validates what comes from outside the database (the
 * storage.local entries of older versions, writeTenantCache).
 */

export const tenantCacheSchemaVersion = 2;
/** Parse errors kept per tenant: enough to show the problem, bounded whatever Graph sends. */
export const parseErrorLimit = 50;

export const syncStateSchema = z.enum([
  'ok',
  'needsSignIn',
  'needsConsent',
  'missingRole',
  'throttled',
  'error',
  'neverSynced',
]);
export type SyncState = z.infer<typeof syncStateSchema>;

const isoDateTime = z.iso.datetime({ offset: true });

export const syncStatusSchema = z.object({
  state: syncStateSchema,
  /** For people: what went wrong, or null. */
  message: z.string().nullable(),
  /** When throttled: not before this time. */
  retryAt: isoDateTime.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const tenantCacheSchema = z
  .object({
    schemaVersion: z.literal(tenantCacheSchemaVersion),
    /** settings.ts tenantKey(): the GUID when known, else what the analyst entered. */
    tenantKey: z.string().min(1),
    /** The tenant GUID as Graph reports it on the incidents (the portal's `tid`), once seen. */
    resolvedTenantId: z.string().nullable(),
    /** The latest lastUpdateDateTime seen (Graph's clock, not ours); null until an incident was seen. */
    watermark: isoDateTime.nullable(),
    lastAttemptAt: isoDateTime.nullable(),
    lastSuccessAt: isoDateTime.nullable(),
    status: syncStatusSchema,
    /**
     * When the open incidents were last compared with Graph's list of open ids (reconcile-tenant.ts);
     * null until then. A first sync lists every open incident, so it counts as one. (Since version 2.)
     */
    lastReconciledAt: isoDateTime.nullable(),
    /** By incident id. */
    incidents: z.record(z.string(), cachedIncidentSchema),
    /** Incidents (or parts of them) Graph sent that could not be read; still reported until read fine. */
    parseErrors: z.array(incidentParseErrorSchema).max(parseErrorLimit),
    summary: handoffCountsSchema,
    /**
     * What the handoffs were classified with (the tenant's service and the assignee aliases,
     * poll-tenant.ts classificationKey): a poll that finds nothing new reuses them only while it matches.
     * Absent in documents written before it existed: the next poll classifies everything again.
     */
    classifiedWith: z.string().max(64).optional(),
    /**
     * When the first kept closed incident leaves the first-sync window, so the cache must be rewritten
     * then even if Graph reports nothing new; null: no closed incident kept. Absent: unknown.
     */
    expiresAt: isoDateTime.nullable().optional(),
  })
  .refine((cache) => Object.entries(cache.incidents).every(([id, entry]) => entry.incident.id === id), {
    message: 'incidents must be keyed by their id',
    path: ['incidents'],
  });
export type TenantCache = z.infer<typeof tenantCacheSchema>;

/** A tenant nothing is known about yet. */
export function emptyTenantCache(tenantKey: string): TenantCache {
  return {
    schemaVersion: tenantCacheSchemaVersion,
    tenantKey,
    resolvedTenantId: null,
    watermark: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    status: { state: 'neverSynced', message: null, retryAt: null },
    lastReconciledAt: null,
    incidents: {},
    parseErrors: [],
    summary: countHandoffs([]),
  };
}

/**
 * A stored cache document as this version reads it, or null: "resync from scratch". Older versions are
 * upgraded step by step, from the oldest readable version up (1 → 2: lastReconciledAt null, so the
 * next round reconciles); unknown or newer versions and corrupt documents give null; never throws.
 */
export function migrateTenantCache(raw: unknown): TenantCache | null {
  try {
    if (typeof raw !== 'object' || raw === null || !('schemaVersion' in raw)) return null;
    let document: object = raw;
    if (raw.schemaVersion === 1) document = { ...raw, schemaVersion: 2, lastReconciledAt: null };
    if (!('schemaVersion' in document) || document.schemaVersion !== tenantCacheSchemaVersion) return null;
    const parsed = tenantCacheSchema.safeParse(document);
    return parsed.success ? parsed.data : null;
  } catch {
    // A hostile object (throwing getters, proxies) is as unreadable as a corrupt one.
    return null;
  }
}
