import { describe, expect, it } from 'vitest';
import { badgeColors, badgeState, badgeStateSchema, type BadgeStateInput, type BadgeTenantFacts } from '@/utils/sync/badge-state';
import { settingsSchema, tenantConfigSchema, type Settings, type TenantConfig } from '@/utils/domain/settings';
import { pollTenant } from '@/utils/sync/poll-tenant';
import { emptyTenantCache, type TenantCache } from '@/utils/sync/tenant-cache';
import { CONTOSO_TENANT_ID, demoTenants, FABRIKAM_TENANT_ID, NORTHWIND_TENANT_ID } from '../../fixtures/demo-tenants';

const now = new Date('2026-11-27T12:00:00Z');
const demo = demoTenants(new Date('2026-11-27T11:00:00Z'));
const minute = 60_000;

const contoso = tenantConfigSchema.parse({ tenantId: CONTOSO_TENANT_ID, displayName: 'Contoso', service: 'xdr' });
const fabrikam = tenantConfigSchema.parse({ tenantId: FABRIKAM_TENANT_ID, displayName: 'Fabrikam', service: 'hunting' });
const northwind = tenantConfigSchema.parse({ tenantId: NORTHWIND_TENANT_ID, displayName: 'Northwind', service: 'none' });

async function synced(tenant: TenantConfig, index: number, at = now): Promise<TenantCache> {
  const incidents = demo.customers[index]!.incidents as unknown[];
  const graph = {
    async *listIncidents() {
      yield incidents;
    },
  };
  return (await pollTenant({ tenant, previous: null, graph, now: at })).cache;
}

function settings(overrides: Partial<Settings> = {}): Settings {
  return settingsSchema.parse({ tenants: [contoso, fabrikam, northwind], ...overrides });
}

async function input(overrides: Partial<BadgeStateInput> = {}): Promise<BadgeStateInput & { caches: TenantCache[] }> {
  return {
    caches: [await synced(contoso, 0), await synced(fabrikam, 1), await synced(northwind, 2)],
    settings: settings(),
    now,
    signedIn: true,
    pollIntervalMinutes: 5,
    ...overrides,
  } as BadgeStateInput & { caches: TenantCache[] };
}

describe('badgeState', () => {
  it('counts "act" incidents across tenants, in red', async () => {
    const state = await input();
    const expected = state.caches.reduce((sum, cache) => sum + cache.summary.awaitingYou, 0);
    expect(expected).toBeGreaterThan(1);
    expect(badgeState(state)).toEqual({
      text: String(expected),
      color: badgeColors.awaiting,
      title: `Handoff: ${expected} incidents awaiting you`,
    });
    expect(badgeColors.awaiting).toBe('#c4314b');
  });

  it('adds reviews and unassigned incidents only when the settings say so', async () => {
    const state = await input();
    const sum = (pick: (cache: BadgeTenantFacts) => number) => state.caches.reduce((total, cache) => total + pick(cache), 0);
    const act = sum((cache) => cache.summary.awaitingYou);
    const reviews = sum((cache) => cache.summary.reviews);
    const unassigned = sum((cache) => cache.summary.unassigned);
    expect(reviews).toBeGreaterThan(0);
    expect(unassigned).toBeGreaterThan(0);
    expect(badgeState({ ...state, settings: settings({ badgeIncludesReviews: true }) }).text).toBe(String(act + reviews));
    expect(badgeState({ ...state, settings: settings({ badgeIncludesUnassigned: true }) }).text).toBe(String(act + unassigned));
  });

  it('shows nothing, in a neutral colour, when nothing awaits', async () => {
    const state = await input({ caches: [await synced(northwind, 2)] });
    expect(badgeState(state)).toEqual({ text: '', color: badgeColors.neutral, title: 'Handoff: nothing awaiting you' });
  });

  it('says so when no tenant is set up', async () => {
    expect(badgeState(await input({ settings: settingsSchema.parse({}) }))).toMatchObject({
      text: '',
      title: 'Handoff: no tenants set up yet',
    });
  });

  it('asks for sign-in, amber "!", when signed out or a tenant needs sign-in', async () => {
    const signedOut = badgeState(await input({ signedIn: false }));
    expect(signedOut.text).toBe('!');
    expect(signedOut.color).toBe(badgeColors.signIn);
    expect(signedOut.title).toMatch(/^Handoff: sign in needed/);

    const state = await input();
    const [first, ...rest] = state.caches;
    const expired = { ...first!, status: { state: 'needsSignIn' as const, message: 'Sign in again', retryAt: null } };
    const needsSignIn = badgeState({ ...state, caches: [expired, ...rest] });
    expect(needsSignIn).toMatchObject({ text: '!', color: badgeColors.signIn });
    expect(needsSignIn.title).toContain('Contoso: sign in needed');
  });

  it('turns grey and says since when once a tenant has not synced for three poll intervals, keeping the count', async () => {
    const state = await input();
    const fresh = badgeState(state);
    const oldSync = await synced(fabrikam, 1, new Date(now.getTime() - 16 * minute));
    const failing = { ...oldSync, status: { state: 'error' as const, message: 'Graph answered 500', retryAt: null } };
    const stale = badgeState({ ...state, caches: [state.caches[0]!, failing, state.caches[2]!] });
    expect(stale.color).toBe(badgeColors.stale);
    expect(stale.text).toBe(fresh.text);
    expect(Number(stale.text)).toBeGreaterThan(0);
    expect(stale.title).toContain('stale since 2026-11-27 11:44 UTC (Fabrikam not synced since)');
    expect(stale.title).toContain('Fabrikam: last sync failed');
    // Two intervals old is not stale yet.
    const recent = await synced(fabrikam, 1, new Date(now.getTime() - 10 * minute));
    expect(badgeState({ ...state, caches: [state.caches[0]!, recent, state.caches[2]!] }).color).toBe(badgeColors.awaiting);
  });

  it('does not call a tenant that never synced stale, but lists its problem', async () => {
    const state = await input();
    const noConsent: TenantCache = {
      ...emptyTenantCache(FABRIKAM_TENANT_ID),
      lastAttemptAt: now.toISOString(),
      status: { state: 'needsConsent', message: 'AADSTS65001', retryAt: null },
    };
    const result = badgeState({ ...state, caches: [state.caches[0]!, noConsent] });
    expect(result.color).toBe(badgeColors.awaiting);
    expect(result.title.split('\n')).toEqual([expect.stringMatching(/awaiting you$/), 'Fabrikam: the app needs consent in this tenant']);
  });

  it('ignores caches of tenants no longer configured, and caps the text at 99+', async () => {
    const state = await input();
    const onlyNorthwind = settingsSchema.parse({ tenants: [northwind] });
    expect(badgeState({ ...state, settings: onlyNorthwind }).text).toBe('');
    const contosoCache = state.caches[0]!;
    const many = { ...contosoCache, summary: { ...contosoCache.summary, awaitingYou: 120 } };
    const capped = badgeState({ ...state, caches: [many] });
    expect(capped.text).toBe('99+');
    expect(capped.title).toBe('Handoff: 120 incidents awaiting you');
    expect(badgeStateSchema.safeParse(capped).success).toBe(true);
  });
});
