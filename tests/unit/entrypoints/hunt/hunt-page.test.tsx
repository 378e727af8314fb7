// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settingsSchema } from '@/utils/domain/settings';
import type { HuntRun, SavedHuntQuery } from '@/utils/hunting/hunt-model';
import type { BackgroundRequest } from '@/utils/messages/background-requests';

vi.mock('@/utils/channels/extension-page-channel', () => ({ askBackground: vi.fn() }));
vi.mock('@/utils/storage/settings-storage', () => ({ readSettings: vi.fn(), watchStoredSettings: vi.fn(() => () => undefined) }));
vi.mock('@/utils/storage/hunt-runs-storage', () => ({ listHuntRuns: vi.fn(), readHuntTenantRows: vi.fn() }));
vi.mock('@/utils/storage/hunt-rows-chunks', () => ({ huntRowsChunks: vi.fn(), readHuntRowsKept: vi.fn(), huntRowsKeptPerRun: 1_000_000 }));
vi.mock('@/utils/storage/hunt-queries-storage', () => ({
  listSavedHuntQueries: vi.fn(),
  saveHuntQuery: vi.fn(),
  deleteSavedHuntQuery: vi.fn(),
  importSavedHuntQueries: vi.fn(),
  listExpertHuntQueries: vi.fn(),
}));
vi.mock('wxt/browser', () => ({ browser: { tabs: { create: vi.fn() }, identity: { getRedirectURL: () => 'https://bfbnmokagijepehdkaonafmkjmpjhlig.chromiumapp.org/' } } }));
vi.mock('@/utils/portal/portal-url', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/utils/portal/portal-url')>()),
  advancedHuntingUrl: vi.fn(async (kql: string, tenant?: string | null, range?: string) => `hunt:${tenant}:${range}:${kql}`),
}));

import { browser } from 'wxt/browser';
import { HuntPage } from '@/entrypoints/hunt/HuntPage';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { readSettings } from '@/utils/storage/settings-storage';
import { listHuntRuns, readHuntTenantRows } from '@/utils/storage/hunt-runs-storage';
import { huntRowsChunks, readHuntRowsKept, type HuntRowsChunk } from '@/utils/storage/hunt-rows-chunks';
import { listExpertHuntQueries, listSavedHuntQueries, saveHuntQuery } from '@/utils/storage/hunt-queries-storage';

const ask = vi.mocked(askBackground);
const contoso = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fabrikam = '9b2e1c4d-7a8f-4e3b-8c1d-2f6a5b4c3d21';
const clientId = '11111111-2222-4333-8444-555555555555';
const runId = '6f1c7a52-1d0e-4c43-9b7a-3e1f2a4b5c6d';
const draftId = '0d7c3a1e-5b2f-4e6a-9c8d-7e6f5a4b3c2d';

const run: HuntRun = {
  runId,
  query: 'DeviceEvents\n| take 10',
  timespan: 'P30D',
  startedAt: Date.parse('2026-12-02T12:00:00Z'),
  finishedAt: Date.parse('2026-12-02T12:01:00Z'),
  state: 'done',
  stoppedReason: null,
  source: null,
  tenants: [
    { tenantKey: fabrikam, tenantId: fabrikam, displayName: 'Fabrikam', outcome: { kind: 'needsConsent', message: 'Fabrikam has not approved advanced hunting.' } },
    { tenantKey: contoso, tenantId: contoso, displayName: 'Contoso', outcome: { kind: 'done', rows: 2, truncated: false, ms: 900 } },
  ],
};
const saved: SavedHuntQuery = { id: 's1', name: 'Logons', query: 'IdentityLogonEvents', timespan: 'P1D', savedAt: 1 };

function worker() {
  ask.mockImplementation((async (request: BackgroundRequest) => {
    if (request.type === 'startHunt') return { ok: true, runId };
    if (request.type === 'getHuntRun') return { ok: true, run };
    if (request.type === 'getHuntDraft') {
      return { ok: true, draft: { query: 'AlertInfo | take 5', source: { tenantKey: contoso, incidentId: '1024' }, tenantName: 'Contoso', incidentTitle: null } };
    }
    throw new Error(`unexpected ${request.type}`);
  }) as never);
}

async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

async function mount() {
  const container = document.createElement('div');
  document.body.append(container);
  await act(() => render(<HuntPage />, container));
  await settle();
  return container;
}

const button = (scope: Element, name: string) => [...scope.querySelectorAll('button')].find((candidate) => candidate.textContent === name);
async function type(container: HTMLElement, text: string) {
  const box = container.querySelector('textarea')!;
  box.value = text;
  await act(() => {
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
}
async function submitRun(container: HTMLElement) {
  await act(() => {
      container.querySelector('form.hunt-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers();
  ask.mockReset();
  worker();
  vi.mocked(readSettings).mockResolvedValue(
    settingsSchema.parse({
      clientId,
      tenants: [
        { tenantId: fabrikam, displayName: 'Fabrikam', service: 'xdr' },
        { tenantId: contoso, displayName: 'Contoso', service: 'xdr' },
      ],
    }),
  );
  vi.mocked(listHuntRuns).mockResolvedValue([]);
  vi.mocked(listSavedHuntQueries).mockResolvedValue([saved]);
  vi.mocked(listExpertHuntQueries).mockResolvedValue([]);
  vi.mocked(saveHuntQuery).mockImplementation(async (query) => query);
  vi.mocked(huntRowsChunks).mockImplementation(async function* (_runId, options = {}): AsyncGenerator<HuntRowsChunk> {
    yield { runId, tenantKey: contoso, chunk: 0, columns: [{ name: 'A', type: 'string' }], rows: [{ A: 'x' }] };
    if (!options.firstChunkOnly) yield { runId, tenantKey: contoso, chunk: 1, columns: [], rows: [{ A: -5 }] };
  });
  vi.mocked(readHuntRowsKept).mockResolvedValue([{ tenantKey: contoso, keptRows: 2, answeredRows: 2 }]);
  vi.mocked(readHuntTenantRows).mockResolvedValue({ runId, tenantKey: contoso, columns: [{ name: 'A', type: 'string' }], rows: [{ A: '<img src=x>' }] });
});
afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
  history.replaceState(null, '', '#');
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('HuntPage', () => {
  it('fills the query from an incident’s draft, names its source, and does not run by itself', async () => {
    history.replaceState(null, '', `#draft=${draftId}`);
    const container = await mount();
    expect(ask).toHaveBeenCalledWith({ type: 'getHuntDraft', draftId }, expect.anything());
    expect(container.querySelector('textarea')?.value).toBe('AlertInfo | take 5');
    expect(container.textContent).toContain('From incident 1024 in Contoso');
    expect(ask.mock.calls.some(([request]) => request.type === 'startHunt')).toBe(false);
    await submitRun(container);
    expect(ask).toHaveBeenCalledWith(
      { type: 'startHunt', query: 'AlertInfo | take 5', timespan: 'P7D', tenantKeys: [contoso, fabrikam], source: { tenantKey: contoso, incidentId: '1024' } },
      expect.anything(),
    );
  });

  it('runs in every tenant by default, then shows progress and the results in order', async () => {
    const container = await mount();
    expect(container.querySelector('h1')?.textContent).toBe('Hunt across tenants');
    expect(button(container, 'Run')?.disabled).toBe(true);
    await type(container, 'DeviceEvents');
    await submitRun(container);
    expect(ask).toHaveBeenCalledWith({ type: 'startHunt', query: 'DeviceEvents', timespan: 'P7D', tenantKeys: [contoso, fabrikam], source: null }, expect.anything());
    expect(container.querySelector('[role="status"].hunt-progress__text')?.textContent).toBe('2 of 2 tenants answered · 2 rows');
    expect([...container.querySelectorAll('.hunt-result__name')].map((name) => name.textContent)).toEqual(['Contoso', 'Fabrikam']);
    // The consent link asks for advanced hunting alone, with this browser's redirect URI.
    const consent = new URL(button(container, 'Copy consent link')!.getAttribute('data-copy-text')!);
    expect(consent.pathname).toBe(`/${fabrikam}/v2.0/adminconsent`);
    expect(consent.searchParams.get('scope')).toBe('https://graph.microsoft.com/ThreatHunting.Read.All');
    expect(consent.searchParams.get('client_id')).toBe(clientId);
  });

  it('opens a tenant in Advanced hunting with its tid and the run’s time range', async () => {
    const container = await mount();
    await type(container, 'DeviceEvents');
    await submitRun(container);
    await act(() => button(container.querySelector(`[data-tenant-key="${contoso}"]`)!, 'Open in Advanced hunting')?.click());
    await settle();
    expect(browser.tabs.create).toHaveBeenCalledWith({ url: `hunt:${contoso}:month:DeviceEvents\n| take 10` });
  });

  it('shows a tenant’s rows as text and exports the run as CSV', async () => {
    const container = await mount();
    await type(container, 'DeviceEvents');
    await submitRun(container);
    await act(() => button(container, 'Show rows')?.click());
    await settle();
    // Only the rows the table shows are read.
    expect(readHuntTenantRows).toHaveBeenCalledWith(runId, contoso, 50);
    expect(container.querySelector('td')?.textContent).toBe('<img src=x>');
    expect(container.querySelector('img')).toBeNull();
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:csv';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    await act(() => button(container, 'Export CSV')?.click());
    await settle();
    // The columns first (chunk 0 of each tenant, in the run's order), then every chunk.
    expect(vi.mocked(huntRowsChunks).mock.calls).toEqual([
      [runId, { tenantKeys: [fabrikam, contoso], firstChunkOnly: true }],
      [runId, { tenantKeys: [fabrikam, contoso] }],
    ]);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^handoff-hunt-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(blobs[0]!.type).toContain('text/csv');
    expect(await blobs[0]!.text()).toBe(`"Tenant","Tenant ID","A"\r\n"Contoso","${contoso}","x"\r\n"Contoso","${contoso}","-5"\r\n`);
    expect(container.querySelector('.hunt-run__kept')).toBeNull();
  });

  it('says which tenants’ rows the run could not keep in full', async () => {
    vi.mocked(readHuntRowsKept).mockResolvedValue([{ tenantKey: contoso, keptRows: 1, answeredRows: 2 }]);
    const container = await mount();
    await type(container, 'DeviceEvents');
    await submitRun(container);
    // Effects run after paint (a frame later on fake timers).
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    expect(readHuntRowsKept).toHaveBeenCalledWith(runId);
    expect(container.querySelector('.hunt-run__kept')?.textContent).toBe(
      'Handoff keeps at most 1,000,000 rows of a run, so it kept only part of the rows of one tenant (Contoso 1 of 2). ' +
        'Show rows and Export CSV have the rows kept; Open in Advanced hunting shows them all.',
    );
  });

  it('uses and saves queries', async () => {
    const container = await mount();
    await act(() => button(container, 'Use')?.click());
    expect(container.querySelector('textarea')?.value).toBe('IdentityLogonEvents');
    expect(container.querySelector('select')?.value).toBe('P1D');
    const name = container.querySelector<HTMLInputElement>('#hunt-save-name')!;
    name.value = 'Mine';
    await act(() => {
      name.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => {
      container.querySelector('form.hunt-save')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await settle();
    expect(saveHuntQuery).toHaveBeenCalledWith(expect.objectContaining({ name: 'Mine', query: 'IdentityLogonEvents', timespan: 'P1D' }));
    expect(container.textContent).toContain('Saved “Mine”.');
  });

  it('runs only in the tenants picked', async () => {
    const container = await mount();
    await type(container, 'DeviceEvents');
    const all = container.querySelector<HTMLInputElement>('.hunt-tenants__controls input')!;
    all.checked = false;
    await act(() => {
      all.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(button(container, 'Run')?.disabled).toBe(true);
    expect(container.textContent).toContain('Pick at least one tenant.');
    const fabrikamBox = [...container.querySelectorAll<HTMLInputElement>('.windowed-list input')][1]!;
    fabrikamBox.checked = true;
    await act(() => {
      fabrikamBox.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await submitRun(container);
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ type: 'startHunt', tenantKeys: [fabrikam] }), expect.anything());
  });
});
