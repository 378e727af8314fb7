import { errorMessage } from '@/utils/portal/error-message';
import { useEffect, useState } from 'preact/hooks';
import { huntCsvHeader, huntCsvLines, huntCsvNames } from '@/utils/hunting/hunt-csv';
import type { HuntRun } from '@/utils/hunting/hunt-model';
import { huntRowsChunks, readHuntRowsKept, type HuntRowsKept } from '@/utils/storage/hunt-rows-chunks';

/**
 * The run's rows as CSV parts: every tenant's columns first (chunk 0 of each, read one at a time), the
 * header, then one part per chunk of rows, tenants in the run's order. No part is more than one chunk's
 * lines, so no string nears V8's maximum length, whatever the run kept.
 */
export async function huntCsvParts(run: HuntRun): Promise<string[]> {
  const tenantKeys = run.tenants.map((tenant) => tenant.tenantKey);
  let names: string[] = [];
  for await (const head of huntRowsChunks(run.runId, { tenantKeys, firstChunkOnly: true })) names = huntCsvNames(names, head);
  const parts = [huntCsvHeader(names)];
  for await (const chunk of huntRowsChunks(run.runId, { tenantKeys })) parts.push(huntCsvLines(run, names, chunk));
  return parts;
}

/** Saves `blob` as a download named `fileName`. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}


/**
 * The run's CSV export, and how many rows each tenant kept (read again whenever a tenant answers: a run
 * keeps at most `huntRowsKeptPerRun` rows, so a late tenant's rows may be cut).
 */
export function useHuntExport(run: HuntRun | null, onError: (message: string) => void) {
  const [exporting, setExporting] = useState(false);
  const [kept, setKept] = useState<{ runId: string; tenants: HuntRowsKept[] } | null>(null);
  const answered = run?.tenants.filter((tenant) => tenant.outcome.kind === 'done').length ?? 0;
  useEffect(() => {
    if (!run) return;
    const { runId } = run;
    let active = true;
    readHuntRowsKept(runId)
      .then((tenants) => active && setKept({ runId, tenants }))
      // Only the note that rows were cut depends on it: without it, nothing is said.
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [run?.runId, answered]);

  return {
    exporting,
    /** Each tenant's kept and answered rows in the run shown (none until read). */
    kept: run && kept?.runId === run.runId ? kept.tenants : [],
    exportCsv: async () => {
      if (!run) return;
      setExporting(true);
      try {
        const blob = new Blob(await huntCsvParts(run), { type: 'text/csv;charset=utf-8' });
        downloadBlob(`handoff-hunt-${new Date().toISOString().slice(0, 10)}.csv`, blob);
      } catch (caught) {
        onError(`Could not export: ${errorMessage(caught)}`);
      } finally {
        setExporting(false);
      }
    },
  };
}
