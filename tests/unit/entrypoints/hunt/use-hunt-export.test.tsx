// @vitest-environment happy-dom
import '@/tests/support/fake-indexeddb';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downloadBlob, huntCsvParts, useHuntExport } from '@/entrypoints/hunt/use-hunt-export';
import type { HuntRun, HuntTenantState } from '@/utils/hunting/hunt-model';
import * as chunks from '@/utils/storage/hunt-rows-chunks';
import { writeHuntRun, writeHuntTenantRows } from '@/utils/storage/hunt-runs-storage';

const runId = '00000000-0000-4000-8000-000000000001';
const tenant = (tenantKey: string, displayName: string, outcome: HuntTenantState['outcome']): HuntTenantState => ({
  tenantKey,
  tenantId: `${tenantKey}-id`,
  displayName,
  outcome,
});
const done = (rows: number): HuntTenantState['outcome'] => ({ kind: 'done', rows, truncated: false, ms: 1 });

const run: HuntRun = {
  runId,
  query: 'DeviceInfo',
  timespan: 'P7D',
  startedAt: 1,
  finishedAt: 2,
  state: 'done',
  stoppedReason: null,
  source: null,
  tenants: [tenant('fabrikam', 'Fabrikam', done(1)), tenant('contoso', 'Contoso', done(2_001)), tenant('northwind', 'Northwind', { kind: 'queryError', message: 'x' })],
};

// setImmediate stays real: fake-indexeddb answers through it.
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] }));
afterEach(() => {
  render(null, document.body);
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('huntCsvParts', () => {
  it('reads the columns of every tenant first, then writes the header once and one part per chunk, tenants in the run’s order', async () => {
    await writeHuntRun(run);
    await writeHuntTenantRows({ runId, tenantKey: 'contoso', columns: [{ name: 'N', type: 'Int64' }], rows: Array.from({ length: 2_001 }, (_, at) => ({ N: -at })) });
    await writeHuntTenantRows({ runId, tenantKey: 'fabrikam', columns: [{ name: 'Device', type: 'String' }], rows: [{ Device: '=pc' }] });
    const parts = await huntCsvParts(run);
    expect(parts).toHaveLength(1 + 3);
    expect(parts[0]).toBe('"Tenant","Tenant ID","Device","N"\r\n');
    expect(parts[1]).toBe(`"Fabrikam","fabrikam-id","'=pc",""\r\n`);
    const contosoLines = (parts[2]! + parts[3]!).split('\r\n').slice(0, -1);
    expect(contosoLines).toHaveLength(2_001);
    expect(contosoLines[0]).toBe('"Contoso","contoso-id","","0"');
    expect(contosoLines[2_000]).toBe('"Contoso","contoso-id","","-2000"');
    expect(parts[3]!.split('\r\n')).toHaveLength(2);
  });

  it('writes the header alone when no tenant kept rows', async () => {
    await writeHuntRun(run);
    expect(await huntCsvParts(run)).toEqual(['"Tenant","Tenant ID"\r\n']);
  });
});

describe('downloadBlob', () => {
  it('saves the blob under its name and lets go of its URL later', () => {
    const blob = new Blob(['a']);
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:one');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    downloadBlob('rows.csv', blob);
    expect(create).toHaveBeenCalledWith(blob);
    expect(clicked).toEqual([{ href: 'blob:one', download: 'rows.csv' }]);
    expect(revoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(revoke).toHaveBeenCalledWith('blob:one');
  });
});

async function mountHook(initial: HuntRun | null, onError = vi.fn()) {
  const result = { current: undefined as unknown as ReturnType<typeof useHuntExport> };
  function Probe({ shown }: { shown: HuntRun | null }) {
    result.current = useHuntExport(shown, onError);
    return null;
  }
  const container = document.createElement('div');
  document.body.append(container);
  const draw = async (next: HuntRun | null) => {
    await act(async () => {
      render(<Probe shown={next} />, container);
      await vi.advanceTimersByTimeAsync(200);
    });
  };
  await draw(initial);
  return { result, draw };
}

describe('useHuntExport', () => {
  it('reads the kept rows of the run shown, again when another tenant answers, and not for another run', async () => {
    const kept = vi.spyOn(chunks, 'readHuntRowsKept').mockResolvedValue([{ tenantKey: 'contoso', keptRows: 1, answeredRows: 2 }]);
    const running: HuntRun = { ...run, state: 'running', tenants: [tenant('contoso', 'Contoso', done(2)), tenant('fabrikam', 'Fabrikam', { kind: 'running', startedAt: 1 })] };
    const hook = await mountHook(null);
    expect(kept).not.toHaveBeenCalled();
    expect(hook.result.current.kept).toEqual([]);
    await hook.draw(running);
    expect(kept).toHaveBeenCalledTimes(1);
    expect(hook.result.current.kept).toEqual([{ tenantKey: 'contoso', keptRows: 1, answeredRows: 2 }]);
    await hook.draw({ ...running });
    expect(kept).toHaveBeenCalledTimes(1);
    await hook.draw({ ...running, tenants: [running.tenants[0]!, tenant('fabrikam', 'Fabrikam', done(0))] });
    expect(kept).toHaveBeenCalledTimes(2);
    kept.mockReturnValue(new Promise(() => undefined));
    await hook.draw({ ...running, runId: 'another' });
    expect(hook.result.current.kept).toEqual([]);
  });

  it('exports the run as a CSV download, and says why not when it cannot', async () => {
    await writeHuntRun(run);
    await writeHuntTenantRows({ runId, tenantKey: 'fabrikam', columns: [{ name: 'Device', type: 'String' }], rows: [{ Device: 'pc' }] });
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:csv';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const onError = vi.fn();
    const hook = await mountHook(run, onError);
    await act(() => hook.result.current.exportCsv());
    expect(blobs).toHaveLength(1);
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0]!.text()).toBe('"Tenant","Tenant ID","Device"\r\n"Fabrikam","fabrikam-id","pc"\r\n');
    expect(hook.result.current.exporting).toBe(false);
    expect(onError).not.toHaveBeenCalled();

    vi.spyOn(chunks, 'huntRowsChunks').mockImplementation(() => {
      throw new Error('disk gone');
    });
    await act(() => hook.result.current.exportCsv());
    expect(onError).toHaveBeenCalledWith('Could not export: disk gone');
    expect(blobs).toHaveLength(1);
    expect(hook.result.current.exporting).toBe(false);
  });
});
