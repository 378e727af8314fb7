import { describe, expect, it } from 'vitest';
import { backgroundRequestSchema, contentScriptRequestTypes } from '@/utils/messages/background-requests';
import {
  cancelHuntResponseSchema,
  getHuntDraftResponseSchema,
  getHuntRunResponseSchema,
  huntRequestSchemas,
  rerunHuntTenantsResponseSchema,
  startHuntResponseSchema,
} from '@/utils/messages/hunt-requests';

const runId = '9b2f3c4d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const contoso = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
const start = { type: 'startHunt', query: '  DeviceEvents | take 5 ', timespan: 'P7D', tenantKeys: ['contoso.onmicrosoft.com', contoso.toLowerCase()], source: null };
const fromIncident = { type: 'openHuntFromIncident', tenantId: contoso, incidentId: '1008', queryIndex: 0 };
const parse = (value: unknown) => backgroundRequestSchema.safeParse(value);
const issues = (value: unknown) => parse(value).error?.issues.map((issue) => issue.message) ?? [];

describe('hunt requests', () => {
  it('are the six hunt messages, in the background request union', () => {
    expect(huntRequestSchemas.map((schema) => schema.shape.type.value)).toEqual([
      'startHunt',
      'cancelHunt',
      'getHuntRun',
      'rerunHuntTenants',
      'openHuntFromIncident',
      'getHuntDraft',
    ]);
    // Only openHuntFromIncident may come from a portal tab; a run starts from the Hunt page alone.
    expect(contentScriptRequestTypes.has('openHuntFromIncident')).toBe(true);
    for (const type of ['startHunt', 'cancelHunt', 'getHuntRun', 'rerunHuntTenants', 'getHuntDraft'] as const) expect(contentScriptRequestTypes.has(type)).toBe(false);
  });
});

describe('startHunt', () => {
  it('takes the query trimmed, the time span, the tenant keys in order and the source', () => {
    expect(parse(start).data).toEqual({ ...start, query: 'DeviceEvents | take 5' });
    const source = { tenantKey: contoso.toLowerCase(), incidentId: '1008' };
    expect(parse({ ...start, source }).data).toEqual({ ...start, query: 'DeviceEvents | take 5', source });
  });

  it('takes 2,000 tenant keys and refuses 2,001', () => {
    const keys = (count: number) => Array.from({ length: count }, (_, n) => `tenant-${n}.example.com`);
    expect(parse({ ...start, tenantKeys: keys(2000) }).success).toBe(true);
    expect(parse({ ...start, tenantKeys: keys(2001) }).success).toBe(false);
  });

  it('refuses an empty tenant list, an empty or long key, saying to pick a tenant', () => {
    expect(issues({ ...start, tenantKeys: [] })).toEqual(['Pick at least one tenant.']);
    expect(parse({ ...start, tenantKeys: [''] }).success).toBe(false);
    expect(parse({ ...start, tenantKeys: ['k'.repeat(257)] }).success).toBe(false);
    expect(parse({ ...start, tenantKeys: 'contoso' }).success).toBe(false);
  });

  it('refuses a time span other than P1D, P7D, P30D, an empty or long query, a missing source', () => {
    for (const timespan of ['P2D', 'P90D', 'p7d', '', null]) expect(parse({ ...start, timespan }).success).toBe(false);
    expect(issues({ ...start, query: '   ' })).toEqual(['Write a query first.']);
    expect(issues({ ...start, query: 'x'.repeat(20_001) })).toEqual(['Keep the query under 20,000 characters.']);
    const { source: _source, ...noSource } = start;
    expect(parse(noSource).success).toBe(false);
    expect(parse({ ...start, source: { tenantKey: 'k', incidentId: '../1' } }).success).toBe(false);
  });
});

describe('run ids', () => {
  it('cancelHunt, getHuntRun and rerunHuntTenants take a UUID only', () => {
    expect(parse({ type: 'cancelHunt', runId }).data).toEqual({ type: 'cancelHunt', runId });
    expect(parse({ type: 'getHuntRun', runId }).data).toEqual({ type: 'getHuntRun', runId });
    expect(parse({ type: 'rerunHuntTenants', runId, tenantKeys: ['contoso'] }).data).toEqual({ type: 'rerunHuntTenants', runId, tenantKeys: ['contoso'] });
    for (const bad of ['', 'run-1', `${runId}x`, runId.replace(/-/g, ''), '../9b2f3c4d-1e2f-4a3b-8c4d-5e6f7a8b9c0d']) {
      expect(parse({ type: 'cancelHunt', runId: bad }).success).toBe(false);
      expect(parse({ type: 'getHuntRun', runId: bad }).success).toBe(false);
    }
    expect(parse({ type: 'rerunHuntTenants', runId, tenantKeys: [] }).success).toBe(false);
    expect(parse({ type: 'rerunHuntTenants', runId, tenantKeys: Array.from({ length: 2001 }, (_, n) => `t${n}`) }).success).toBe(false);
    expect(parse({ type: 'getHuntDraft', draftId: runId }).success).toBe(true);
    expect(parse({ type: 'getHuntDraft', draftId: 'draft-1' }).success).toBe(false);
  });

  it('the answers carry a UUID run id', () => {
    expect(startHuntResponseSchema.safeParse({ ok: true, runId }).success).toBe(true);
    expect(startHuntResponseSchema.safeParse({ ok: true, runId: 'run-1' }).success).toBe(false);
    expect(rerunHuntTenantsResponseSchema).toBe(startHuntResponseSchema);
    expect(cancelHuntResponseSchema.parse({ ok: true, cancelled: false })).toEqual({ ok: true, cancelled: false });
    expect(getHuntRunResponseSchema.safeParse({ ok: true, run: null }).success).toBe(true);
    expect(getHuntRunResponseSchema.safeParse({ ok: true, run: 'run' }).success).toBe(false);
    expect(getHuntDraftResponseSchema.safeParse({ ok: true, draft: null }).success).toBe(true);
  });
});

describe('openHuntFromIncident', () => {
  it('takes a query index from 0 to 49, the tenant GUID lower-cased', () => {
    expect(parse(fromIncident).data).toEqual({ ...fromIncident, tenantId: contoso.toLowerCase() });
    expect(parse({ ...fromIncident, queryIndex: 49 }).success).toBe(true);
    for (const queryIndex of [-1, 50, 1.5, '0', null]) expect(parse({ ...fromIncident, queryIndex }).success).toBe(false);
  });

  it('takes a null tenant id (the portal named none), never a domain or other text', () => {
    expect(parse({ ...fromIncident, tenantId: null }).data).toEqual({ ...fromIncident, tenantId: null });
    for (const tenantId of ['contoso.onmicrosoft.com', '', 'not-a-guid', undefined]) expect(parse({ ...fromIncident, tenantId }).success).toBe(false);
  });

  it('refuses an unsafe incident id, and names no query text', () => {
    for (const incidentId of ['', '../1008', '1008?x', '1'.repeat(129)]) expect(parse({ ...fromIncident, incidentId }).success).toBe(false);
    // A query text sent along is dropped: the worker reads the query from Graph itself.
    expect(parse({ ...fromIncident, query: 'DeviceEvents' }).data).toEqual({ ...fromIncident, tenantId: contoso.toLowerCase() });
  });
});
