import '@/tests/support/fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AccessToken } from '@/utils/auth/auth-protocol';
import { readScopes, type TokenBroker } from '@/utils/auth/token-broker';
import { createHuntDrafts, expertHuntQueriesOf, huntDraftLifetimeMs } from '@/utils/background/hunt-drafts';
import { settingsSchema } from '@/utils/domain/settings';
import { getHuntDraftResponseSchema } from '@/utils/messages/hunt-requests';
import { tenantDataPurges } from '@/utils/background/purge-log';
import * as storage from '@/utils/storage/hunt-queries-storage';
import { listExpertHuntQueries } from '@/utils/storage/hunt-queries-storage';
import { writeSettings, writeSignedInAccount } from '@/utils/storage/settings-storage';

/**
 * "Run in all my tenants": the worker reads the incident's query itself (Graph beta, stubbed fetch), keeps
 * it as a one-time draft for 10 minutes and opens the Hunt page on it.
 */

const clientId = '0a1b2c3d-0000-4000-8000-000000000001';
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const draftId = '44444444-4444-4444-8444-444444444444';
const account = { username: 'analyst@woodgrove.example', name: 'Analyst', homeTenantId: contoso, homeAccountId: `oid.${contoso}` };

const incident = {
  id: '1003',
  displayName: 'Ransomware staging on CONTOSO-SRV-FS01',
  status: 'active',
  severity: 'high',
  createdDateTime: '2026-11-27T10:00:00Z',
  lastUpdateDateTime: '2026-11-27T11:00:00Z',
  recommendedHuntingQueries: [{ kqlText: 'DeviceProcessEvents | where FileName =~ "rclone.exe"' }, { kqlText: '   ' }, { kqlText: '  EmailEvents | take 5  ' }],
};

function fakeBroker() {
  const token = (tenantId: string, scopes: readonly string[]): AccessToken => ({
    accessToken: 'opaque-token',
    expiresOn: Date.now() + 3_600_000,
    tenantId,
    scopes: [...scopes],
    account,
  });
  return { accessToken: vi.fn(async (_clientId: string, tenantId: string, scopes: readonly string[] = readScopes) => token(tenantId, scopes)), forget: vi.fn() };
}

let fetch: ReturnType<typeof vi.fn<(url: string | URL | Request) => Promise<Response>>>;
let answer: { status: number; body: unknown };
let clock: number;

async function setUp() {
  await writeSettings(
    settingsSchema.parse({
      clientId,
      tenants: [
        { tenantId: contoso, resolvedTenantId: contoso, displayName: 'Contoso', service: 'xdr' },
        { tenantId: fabrikam, resolvedTenantId: fabrikam, displayName: 'Fabrikam', service: 'xdr' },
      ],
    }),
  );
  await writeSignedInAccount(account, [...readScopes]);
  const broker = fakeBroker();
  const opened: string[] = [];
  const drafts = createHuntDrafts({
    broker: broker as unknown as TokenBroker,
    now: () => clock,
    randomId: () => draftId,
    openHuntPage: async (hash) => opened.push(hash),
  });
  return { drafts, broker, opened };
}

const open = { type: 'openHuntFromIncident', tenantId: contoso, incidentId: '1003', queryIndex: 0 } as const;

beforeEach(() => {
  fakeBrowser.reset();
  clock = 1_800_000_000_000;
  answer = { status: 200, body: incident };
  fetch = vi.fn(async () => new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetch);
});
afterEach(() => vi.unstubAllGlobals());

describe('openHuntFromIncident and getHuntDraft', () => {
  it('reads the incident from beta in the tab’s tenant, keeps the query as a draft and opens the Hunt page on it', async () => {
    const { drafts, broker, opened } = await setUp();
    expect(await drafts.open(open)).toEqual({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(fetch.mock.calls[0]![0])).toBe('https://graph.microsoft.com/beta/security/incidents/1003?$expand=alerts');
    expect(broker.accessToken).toHaveBeenCalledWith(clientId, contoso, readScopes);
    expect(opened).toEqual([`#draft=${draftId}`]);

    const taken = drafts.take(draftId);
    expect(getHuntDraftResponseSchema.parse(taken)).toEqual({
      ok: true,
      draft: {
        query: 'DeviceProcessEvents | where FileName =~ "rclone.exe"',
        source: { tenantKey: contoso, incidentId: '1003' },
        tenantName: 'Contoso',
        incidentTitle: 'Ransomware staging on CONTOSO-SRV-FS01',
      },
    });
    // Once only.
    expect(drafts.take(draftId)).toEqual({ ok: true, draft: null });
  });

  it('takes the query at the index asked, trimmed', async () => {
    const { drafts } = await setUp();
    await drafts.open({ ...open, queryIndex: 2 });
    expect(drafts.take(draftId).draft?.query).toBe('EmailEvents | take 5');
  });

  it('answers an error for a missing or empty query, keeping no draft and opening nothing', async () => {
    const { drafts, opened } = await setUp();
    await expect(drafts.open({ ...open, queryIndex: 3 })).rejects.toThrow('Incident 1003 has no hunting query number 4.');
    await expect(drafts.open({ ...open, queryIndex: 1 })).rejects.toThrow('Incident 1003 has no hunting query number 2.');
    expect(opened).toEqual([]);
    expect(drafts.take(draftId)).toEqual({ ok: true, draft: null });
  });

  it('answers an error when Graph beta refuses, and for a tenant not set up (without asking Graph)', async () => {
    const { drafts, opened } = await setUp();
    answer = { status: 404, body: { error: { code: 'NotFound', message: 'not found' } } };
    await expect(drafts.open(open)).rejects.toThrow('The incident’s hunting queries could not be read (Microsoft Graph beta answered 404).');
    fetch.mockClear();
    await expect(drafts.open({ ...open, tenantId: '9b1c2d3e-0000-4000-8000-0000000000ff' })).rejects.toThrow('This tenant is not set up in Handoff.');
    expect(fetch).not.toHaveBeenCalled();
    expect(opened).toEqual([]);
  });

  it('refuses an answer about another incident than asked', async () => {
    const { drafts, opened } = await setUp();
    answer = { status: 200, body: { ...incident, id: '9999' } };
    await expect(drafts.open(open)).rejects.toThrow('Microsoft Graph’s incident 1003 could not be read.');
    expect(opened).toEqual([]);
  });

  it('forgets a draft after 10 minutes', async () => {
    const { drafts } = await setUp();
    await drafts.open(open);
    clock += huntDraftLifetimeMs - 1;
    expect(drafts.take(draftId).draft).not.toBeNull();
    await drafts.open(open);
    clock += huntDraftLifetimeMs;
    expect(drafts.take(draftId)).toEqual({ ok: true, draft: null });
  });

  it('forgets the drafts of removed tenants, and all of them at sign-out', async () => {
    const { drafts } = await setUp();
    await drafts.open(open);
    drafts.forgetTenants([fabrikam]);
    expect(drafts.take(draftId).draft).not.toBeNull();
    await drafts.open(open);
    drafts.forgetTenants([contoso]);
    expect(drafts.take(draftId).draft).toBeNull();
    await drafts.open(open);
    drafts.forgetTenants('all');
    expect(drafts.take(draftId).draft).toBeNull();
  });

  it('remembers the incident’s queries for the Hunt page (blank ones left out, positions kept)', async () => {
    const { drafts } = await setUp();
    await drafts.open(open);
    expect(await listExpertHuntQueries()).toEqual([
      { tenantKey: contoso, incidentId: '1003', index: 0, query: incident.recommendedHuntingQueries[0]!.kqlText, incidentTitle: incident.displayName, seenAt: clock },
      { tenantKey: contoso, incidentId: '1003', index: 2, query: 'EmailEvents | take 5', incidentTitle: incident.displayName, seenAt: clock },
    ]);
  });

  it('keeps no draft and remembers no query of a tenant purged (removed, signed out) while its incident was read', async () => {
    const { drafts, opened } = await setUp();
    fetch.mockImplementation(async () => {
      tenantDataPurges.record([contoso]);
      return new Response(JSON.stringify(incident), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    await expect(drafts.open(open)).rejects.toThrow('This tenant is not set up in Handoff.');
    expect(await listExpertHuntQueries()).toEqual([]);
    expect(opened).toEqual([]);
    expect(drafts.take(draftId)).toEqual({ ok: true, draft: null });
  });

  it('deletes the queries again when the purge came while they were written', async () => {
    const { drafts } = await setUp();
    const remember = storage.rememberExpertHuntQueries;
    const spy = vi.spyOn(storage, 'rememberExpertHuntQueries');
    spy.mockImplementation(async (items) => {
      await remember(items);
      tenantDataPurges.record('all');
    });
    await expect(drafts.open(open)).rejects.toThrow('This tenant is not set up in Handoff.');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await listExpertHuntQueries()).toEqual([]);
    spy.mockRestore();
  });

  it('opens hunt.html with the draft in the hash in a new tab by default', async () => {
    await setUp();
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const drafts = createHuntDrafts({ broker: fakeBroker() as unknown as TokenBroker, now: () => clock, randomId: () => draftId });
    await drafts.open(open);
    expect(create).toHaveBeenCalledWith({ url: `${fakeBrowser.runtime.getURL('/hunt.html' as '/options.html')}#draft=${draftId}` });
    expect(create.mock.calls[0]![0].url).toMatch(/^chrome-extension:\/\/[^/]+\/hunt\.html#draft=44444444-/);
  });
});

describe('expertHuntQueriesOf', () => {
  it('keeps each non-blank query with its position, source incident and title, cut to the hunt query limit', () => {
    const long = 'x'.repeat(20_050);
    expect(
      expertHuntQueriesOf('contoso', { id: '7', displayName: null, recommendedHuntingQueries: [{ kqlText: '' }, { kqlText: long }] }, 5),
    ).toEqual([{ tenantKey: 'contoso', incidentId: '7', index: 1, query: 'x'.repeat(20_000), incidentTitle: null, seenAt: 5 }]);
  });
});
