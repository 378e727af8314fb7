// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HuntRun, SavedHuntQuery } from '@/utils/hunting/hunt-model';

vi.mock('@/utils/storage/hunt-runs-storage', () => ({ listHuntRuns: vi.fn() }));
vi.mock('@/utils/storage/hunt-queries-storage', () => ({
  listSavedHuntQueries: vi.fn(),
  saveHuntQuery: vi.fn(),
  deleteSavedHuntQuery: vi.fn(),
  importSavedHuntQueries: vi.fn(),
  listExpertHuntQueries: vi.fn(),
}));
vi.mock('@/entrypoints/options/ReportExport', () => ({ download: vi.fn() }));

import { queriesFileMaxBytes, useHuntLibrary } from '@/entrypoints/hunt/use-hunt-library';
import { download } from '@/entrypoints/options/ReportExport';
import { listHuntRuns } from '@/utils/storage/hunt-runs-storage';
import {
  deleteSavedHuntQuery,
  importSavedHuntQueries,
  listExpertHuntQueries,
  listSavedHuntQueries,
  saveHuntQuery,
} from '@/utils/storage/hunt-queries-storage';

const saved: SavedHuntQuery = { id: 's1', name: 'Logons', query: 'IdentityLogonEvents', timespan: 'P1D', savedAt: 1 };
const run = (runId: string, startedAt: number) => ({ runId, startedAt }) as HuntRun;

async function settle() {
  await act(async () => {
    for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
  });
}

async function mountHook() {
  const result = { current: undefined as unknown as ReturnType<typeof useHuntLibrary> };
  function Probe() {
    result.current = useHuntLibrary();
    return null;
  }
  await act(() => render(<Probe />, document.createElement('div')));
  await settle();
  return result;
}

const file = (text: string, size = new TextEncoder().encode(text).length) => ({ name: 'queries.json', size, text: vi.fn(async () => text) }) as unknown as File;
const queriesFile = (queries: unknown[]) => JSON.stringify({ format: 'handoff-hunting-queries', version: 1, queries });

beforeEach(() => {
  vi.clearAllMocks();
  vi.mocked(listHuntRuns).mockResolvedValue([run('old', 1), run('new', 2)]);
  vi.mocked(listSavedHuntQueries).mockResolvedValue([saved]);
  vi.mocked(listExpertHuntQueries).mockResolvedValue([]);
  vi.mocked(saveHuntQuery).mockImplementation(async (query) => query);
  vi.mocked(deleteSavedHuntQuery).mockResolvedValue();
  vi.mocked(importSavedHuntQueries).mockImplementation(async (queries) => ({ imported: queries.length, skipped: 0 }));
});

describe('useHuntLibrary', () => {
  it('reads the runs (newest first) and the queries', async () => {
    const library = await mountHook();
    expect(library.current.runs.map((entry) => entry.runId)).toEqual(['new', 'old']);
    expect(library.current.saved).toEqual([saved]);
  });

  it('saves a named query, and says why not without a name', async () => {
    const library = await mountHook();
    await act(async () => expect(await library.current.save('  ', 'AlertInfo', 'P7D')).toBe(false));
    expect(library.current.message).toEqual({ kind: 'error', text: 'Name the query.' });
    expect(saveHuntQuery).not.toHaveBeenCalled();
    await act(async () => expect(await library.current.save('Alerts', 'AlertInfo', 'P7D')).toBe(true));
    expect(saveHuntQuery).toHaveBeenCalledWith(expect.objectContaining({ name: 'Alerts', query: 'AlertInfo', timespan: 'P7D' }));
    expect(library.current.message).toEqual({ kind: 'ok', text: 'Saved “Alerts”.' });
  });

  it('deletes a query', async () => {
    const library = await mountHook();
    await act(() => library.current.remove(saved));
    expect(deleteSavedHuntQuery).toHaveBeenCalledWith('s1');
    expect(library.current.message?.text).toBe('Deleted “Logons”.');
  });

  it('imports a file and lists what it skipped', async () => {
    const library = await mountHook();
    await act(() => library.current.importFile(file(queriesFile([{ name: 'A', query: 'AlertInfo', timespan: 'P1D' }, { name: 'B', query: '' }]))));
    expect(importSavedHuntQueries).toHaveBeenCalledWith([expect.objectContaining({ name: 'A', query: 'AlertInfo' })]);
    expect(library.current.message).toEqual({ kind: 'ok', text: 'Imported 1 query from queries.json; skipped 1:' });
    expect(library.current.details).toHaveLength(1);
    expect(library.current.details[0]).toContain('Query 2 ("B")');
  });

  it('says when nothing could be imported', async () => {
    const library = await mountHook();
    await act(() => library.current.importFile(file('<html>')));
    expect(importSavedHuntQueries).not.toHaveBeenCalled();
    expect(library.current.message).toEqual({ kind: 'error', text: 'Nothing imported from queries.json:' });
    expect(library.current.details).toEqual(['This is not a Handoff queries file.']);
  });

  it('refuses a file over 1 MB before reading it, and reads one of exactly 1 MB', async () => {
    expect(queriesFileMaxBytes).toBe(1_048_576);
    const library = await mountHook();
    const large = file(queriesFile([{ name: 'A', query: 'AlertInfo', timespan: 'P1D' }]), queriesFileMaxBytes + 1);
    await act(() => library.current.importFile(large));
    expect(large.text).not.toHaveBeenCalled();
    expect(importSavedHuntQueries).not.toHaveBeenCalled();
    expect(library.current.message).toEqual({ kind: 'error', text: 'Nothing imported: queries.json is larger than 1 MB, too large for a queries file.' });
    expect(library.current.details).toEqual([]);

    const limit = file(queriesFile([{ name: 'A', query: 'AlertInfo', timespan: 'P1D' }]), queriesFileMaxBytes);
    await act(() => library.current.importFile(limit));
    expect(limit.text).toHaveBeenCalledTimes(1);
    expect(library.current.message).toEqual({ kind: 'ok', text: 'Imported 1 query from queries.json.' });
  });

  it('exports the saved queries as a JSON file', async () => {
    const library = await mountHook();
    library.current.exportFile();
    const [name, type, text] = vi.mocked(download).mock.calls[0]!;
    expect(name).toMatch(/^handoff-hunt-queries-\d{4}-\d{2}-\d{2}\.json$/);
    expect(type).toContain('application/json');
    expect(JSON.parse(text).queries).toEqual([saved]);
  });
});
