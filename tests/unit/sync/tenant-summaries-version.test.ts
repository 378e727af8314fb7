import { describe, expect, it } from 'vitest';
import { tenantSummariesSchema, tenantSummariesSchemaVersion as fromSchemas } from '@/utils/sync/tenant-summaries';
import { tenantSummariesSchemaVersion } from '@/utils/sync/tenant-summaries-version';

describe('the tenant summaries format version', () => {
  it('is the one the schema requires (2: entries carry awaitingQueue)', () => {
    expect(tenantSummariesSchemaVersion).toBe(2);
    expect(fromSchemas).toBe(tenantSummariesSchemaVersion);
    expect(tenantSummariesSchema.safeParse({ schemaVersion: tenantSummariesSchemaVersion, tenants: {} }).success).toBe(true);
    expect(tenantSummariesSchema.safeParse({ schemaVersion: tenantSummariesSchemaVersion - 1, tenants: {} }).success).toBe(false);
  });
});
