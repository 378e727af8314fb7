import { describe, expect, it } from 'vitest';
import { firstRunChecklist, permissionsToAdd } from '@/utils/sync/first-run-checklist';
import type { TenantSummaries, TenantSummaryEntry } from '@/utils/sync/tenant-summaries';

const entry = (tenantKey: string, state: 'ok' | 'needsConsent', lastSuccessAt: string | null): TenantSummaryEntry =>
  ({ tenantKey, resolvedTenantId: null, status: { state, message: null, retryAt: null }, lastAttemptAt: null, lastSuccessAt }) as TenantSummaryEntry;

const doneSteps = (input: Parameters<typeof firstRunChecklist>[0]) =>
  firstRunChecklist(input).steps.filter((step) => step.done).map((step) => step.id);

describe('firstRunChecklist', () => {
  it('a fresh install: nothing done, 0 of 0 tenants', () => {
    const list = firstRunChecklist({ clientId: null, signedIn: false, tenantKeys: [], summaries: {} });
    expect(list.steps.map((step) => [step.id, step.title, step.done])).toEqual([
      ['register', 'Register the app in Entra and enter its application id', false],
      ['signIn', 'Sign in', false],
      ['tenants', 'Add your customers’ tenants', false],
      ['ready', '0 of 0 tenants ready', false],
      ['badge', 'Badge live', false],
    ]);
    expect(list).toMatchObject({ doneCount: 0, allDone: false });
  });

  it('ticks each step from the state it reads', () => {
    expect(doneSteps({ clientId: 'id', signedIn: false, tenantKeys: [], summaries: {} })).toEqual(['register']);
    expect(doneSteps({ clientId: 'id', signedIn: true, tenantKeys: ['a', 'b'], summaries: {} })).toEqual(['register', 'signIn', 'tenants']);
    const summaries: TenantSummaries = { a: entry('a', 'ok', '2026-12-02T10:00:00Z'), b: entry('b', 'needsConsent', null) };
    const partly = firstRunChecklist({ clientId: 'id', signedIn: true, tenantKeys: ['a', 'b'], summaries });
    expect(partly.steps.find((step) => step.id === 'ready')).toMatchObject({ title: '1 of 2 tenants ready', done: false });
    expect(partly.steps.filter((step) => step.done).map((step) => step.id)).toEqual(['register', 'signIn', 'tenants', 'badge']);
    const all = firstRunChecklist({ clientId: 'id', signedIn: true, tenantKeys: ['a'], summaries });
    expect(all).toMatchObject({ doneCount: 5, allDone: true });
    expect(all.steps.find((step) => step.id === 'ready')?.title).toBe('1 of 1 tenant ready');
  });

  it('a summary of a tenant no longer configured does not count; signed out, the badge is not live', () => {
    const summaries: TenantSummaries = { gone: entry('gone', 'ok', '2026-12-02T10:00:00Z') };
    expect(doneSteps({ clientId: 'id', signedIn: true, tenantKeys: ['a'], summaries })).toEqual(['register', 'signIn', 'tenants']);
    expect(doneSteps({ clientId: 'id', signedIn: false, tenantKeys: ['gone'], summaries })).toEqual(['register', 'tenants', 'ready']);
  });
});

describe('permissionsToAdd', () => {
  it('read and sign-in always; write with quick actions; the GDAP import’s two when it is used', () => {
    expect(permissionsToAdd({ quickActions: false, gdapImport: false })).toEqual(['SecurityIncident.Read.All', 'offline_access', 'openid', 'profile']);
    expect(permissionsToAdd({ quickActions: true, gdapImport: true })).toEqual([
      'SecurityIncident.Read.All',
      'offline_access',
      'openid',
      'profile',
      'SecurityIncident.ReadWrite.All',
      'DelegatedAdminRelationship.Read.All',
      'User.Read',
    ]);
  });
});
