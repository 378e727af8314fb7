import { describe, expect, it } from 'vitest';
import {
  huntQueryMaxLength,
  huntQueryTextSchema,
  huntQueryTimeoutMs,
  huntRowLimit,
  huntSourceSchema,
  huntTimespanSchema,
  huntTimespans,
  savedHuntQuerySchema,
  unfinishedHuntOutcomes,
} from '@/utils/hunting/hunt-model';

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues.map((issue) => issue.message) ?? [];

describe('hunt-model limits', () => {
  it("are Graph's documented ones", () => {
    expect(huntTimespans).toEqual(['P1D', 'P7D', 'P30D']);
    expect(huntQueryMaxLength).toBe(20_000);
    expect(huntRowLimit).toBe(100_000);
    expect(huntQueryTimeoutMs).toBe(180_000);
  });

  it('unfinished outcomes: pending, running and waiting, nothing else', () => {
    expect([...unfinishedHuntOutcomes].sort()).toEqual(['pending', 'running', 'waiting']);
    expect(unfinishedHuntOutcomes.has('notRun')).toBe(false);
    expect(unfinishedHuntOutcomes.has('cancelled')).toBe(false);
  });
});

describe('huntTimespanSchema', () => {
  it('takes the three offered spans only', () => {
    for (const span of ['P1D', 'P7D', 'P30D']) expect(huntTimespanSchema.parse(span)).toBe(span);
    for (const span of ['P2D', 'p7d', 'PT1H', '', 7]) expect(huntTimespanSchema.safeParse(span).success).toBe(false);
  });
});

describe('huntQueryTextSchema', () => {
  it('trims the query and keeps it as written', () => {
    expect(huntQueryTextSchema.parse('  DeviceEvents | take 5\n')).toBe('DeviceEvents | take 5');
    const hostile = '<script>alert(1)</script> | where x == "=cmd"';
    expect(huntQueryTextSchema.parse(hostile)).toBe(hostile);
  });

  it('refuses an empty query and one over 20,000 characters, saying so', () => {
    expect(messages(huntQueryTextSchema.safeParse(''))).toEqual(['Write a query first.']);
    expect(messages(huntQueryTextSchema.safeParse(' \n\t '))).toEqual(['Write a query first.']);
    expect(huntQueryTextSchema.parse('x'.repeat(20_000))).toHaveLength(20_000);
    // Counted after the trim: spaces around a full-length query do not count.
    expect(huntQueryTextSchema.parse(` ${'x'.repeat(20_000)} `)).toHaveLength(20_000);
    expect(messages(huntQueryTextSchema.safeParse('x'.repeat(20_001)))).toEqual(['Keep the query under 20,000 characters.']);
    expect(huntQueryTextSchema.safeParse(42).success).toBe(false);
  });
});

describe('huntSourceSchema', () => {
  it('takes a tenant key and a safe incident id', () => {
    expect(huntSourceSchema.parse({ tenantKey: 'contoso.onmicrosoft.com', incidentId: 'ab_12-3' })).toEqual({
      tenantKey: 'contoso.onmicrosoft.com',
      incidentId: 'ab_12-3',
    });
    expect(huntSourceSchema.parse({ tenantKey: 'k'.repeat(256), incidentId: '1'.repeat(128) }).incidentId).toHaveLength(128);
  });

  it('refuses an empty or long key, and an incident id with other characters or over 128', () => {
    expect(huntSourceSchema.safeParse({ tenantKey: '', incidentId: '1' }).success).toBe(false);
    expect(huntSourceSchema.safeParse({ tenantKey: 'k'.repeat(257), incidentId: '1' }).success).toBe(false);
    for (const incidentId of ['', '../1', '1 2', '1?x=1', '<b>', '1'.repeat(129)]) {
      expect(huntSourceSchema.safeParse({ tenantKey: 'k', incidentId }).success).toBe(false);
    }
    expect(huntSourceSchema.safeParse({ tenantKey: 'k' }).success).toBe(false);
  });
});

describe('savedHuntQuerySchema', () => {
  const saved = { id: 'q1', name: '  Suspicious PowerShell  ', query: ' DeviceProcessEvents ', timespan: 'P30D', savedAt: 1_700_000_000_000 };

  it('takes a saved query, name and query trimmed', () => {
    expect(savedHuntQuerySchema.parse(saved)).toEqual({ ...saved, name: 'Suspicious PowerShell', query: 'DeviceProcessEvents' });
  });

  it('names what is wrong with the name and the query', () => {
    expect(messages(savedHuntQuerySchema.safeParse({ ...saved, name: '   ' }))).toEqual(['Name the query.']);
    expect(savedHuntQuerySchema.parse({ ...saved, name: 'n'.repeat(120) }).name).toHaveLength(120);
    expect(messages(savedHuntQuerySchema.safeParse({ ...saved, name: 'n'.repeat(121) }))).toEqual(['Keep the name under 120 characters.']);
    expect(messages(savedHuntQuerySchema.safeParse({ ...saved, query: '' }))).toEqual(['Write a query first.']);
  });

  it('refuses a bad id, time span or save time', () => {
    expect(savedHuntQuerySchema.safeParse({ ...saved, id: '' }).success).toBe(false);
    expect(savedHuntQuerySchema.safeParse({ ...saved, id: 'i'.repeat(65) }).success).toBe(false);
    expect(savedHuntQuerySchema.parse({ ...saved, id: 'i'.repeat(64) }).id).toHaveLength(64);
    expect(savedHuntQuerySchema.safeParse({ ...saved, timespan: 'P90D' }).success).toBe(false);
    for (const savedAt of [-1, 1.5, '1700000000000', null]) expect(savedHuntQuerySchema.safeParse({ ...saved, savedAt }).success).toBe(false);
    expect(savedHuntQuerySchema.parse({ ...saved, savedAt: 0 }).savedAt).toBe(0);
  });
});
