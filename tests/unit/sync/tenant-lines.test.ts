import { describe, expect, it } from 'vitest';
import { settingsSchema, type TenantConfig } from '@/utils/domain/settings';
import { emptyTenantCache, type SyncState } from '@/utils/sync/tenant-cache';
import {
  groupTenantLines,
  normalizeFilter,
  popupTotals,
  tenantLines,
  tenantMatches,
  totalsText,
} from '@/utils/sync/tenant-lines';
import { summaryEntryOf, type TenantSummaries } from '@/utils/sync/tenant-summaries';

const now = new Date('2026-12-01T12:00:00Z');
const guid = (n: number) => `0be4c400-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function tenants(...names: string[]): TenantConfig[] {
  return settingsSchema.parse({ tenants: names.map((displayName, index) => ({ tenantId: guid(index + 1), displayName, service: 'xdr' })) }).tenants;
}

function entry(key: string, counts: { awaitingYou?: number; reviews?: number; unassigned?: number }, state: SyncState = 'ok', synced = true) {
  const empty = emptyTenantCache(key);
  return summaryEntryOf({
    ...empty,
    status: { state, message: state === 'ok' ? null : 'AADSTS65001: consent', retryAt: null },
    lastSuccessAt: synced ? '2026-12-01T11:58:00Z' : null,
    summary: { ...empty.summary, awaitingYou: 0, reviews: 0, unassigned: 0, ...counts },
  });
}

describe('the popup’s tenant lines', () => {
  const configured = tenants('Contoso', 'Fabrikam', 'Northwind', 'Adatum', 'Litware', 'Tailspin');
  const summaries: TenantSummaries = {
    [guid(1)]: entry(guid(1), { awaitingYou: 2, reviews: 1 }),
    [guid(2)]: entry(guid(2), { awaitingYou: 5 }),
    [guid(3)]: entry(guid(3), {}, 'needsConsent', false),
    [guid(4)]: entry(guid(4), {}),
    [guid(5)]: entry(guid(5), { awaitingYou: 1 }, 'throttled'),
    // Tailspin (6) never synced: no entry at all.
  };
  const lines = tenantLines(configured, summaries, now);

  it('pins the tenants needing attention, then those with work by what awaits, and folds the quiet ones', () => {
    const groups = groupTenantLines(lines);
    expect(groups.needsAttention.map((line) => [line.displayName, line.attention])).toEqual([
      ['Litware', 'Throttled'],
      ['Northwind', 'Needs consent'],
    ]);
    expect(groups.active.map((line) => line.displayName)).toEqual(['Fabrikam', 'Contoso']);
    expect(groups.quiet.map((line) => line.displayName)).toEqual(['Adatum', 'Tailspin']);
  });

  it('shows counts only after a successful sync, and the status text', () => {
    const northwind = lines.find((line) => line.displayName === 'Northwind')!;
    expect(northwind).toMatchObject({ awaitingYou: null, tenantId: guid(3), status: 'Needs consent: an administrator of this tenant must approve Handoff (Handoff options: Copy consent link)' });
    expect(lines.find((line) => line.displayName === 'Contoso')).toMatchObject({ awaitingYou: 2, reviews: 1, status: 'Synced 2 minutes ago' });
    expect(lines.find((line) => line.displayName === 'Tailspin')).toMatchObject({ awaitingYou: null, attention: null, status: 'Not synced yet' });
  });

  it('totals what awaits across tenants (last good counts of a failing tenant included)', () => {
    const totals = popupTotals(lines);
    expect(totals).toEqual({ awaitingYou: 8, reviews: 1, tenants: 6, needsAttention: 2 });
    expect(totalsText(totals)).toBe('8 awaiting you · 2 tenants need attention');
    expect(totalsText({ awaitingYou: 1, reviews: 0, tenants: 1, needsAttention: 1 })).toBe('1 awaiting you · 1 tenant needs attention');
    expect(totalsText({ awaitingYou: 0, reviews: 0, tenants: 1, needsAttention: 0 })).toBe('0 awaiting you');
  });

  it('filters by name (case, accents and spaces folded) or tenant id', () => {
    const line = { displayName: 'Café  Contoso EMEA', tenantId: guid(9), key: guid(9) };
    expect(tenantMatches(line, '')).toBe(true);
    expect(tenantMatches(line, ' cafe contoso ')).toBe(true);
    expect(tenantMatches(line, 'EMEA')).toBe(true);
    expect(tenantMatches(line, '000000000009')).toBe(true);
    expect(tenantMatches(line, 'fabrikam')).toBe(false);
    expect(normalizeFilter('  Ünïcode  Name ')).toBe('unicode name');
  });

  it('keeps no link for a tenant whose GUID is not known yet', () => {
    const [byDomain] = settingsSchema.parse({ tenants: [{ tenantId: 'contoso.onmicrosoft.com', displayName: 'Contoso', service: 'xdr' }] }).tenants;
    expect(tenantLines([byDomain!], {}, now)[0]?.tenantId).toBeNull();
  });
});
