import { errorMessage } from '@/utils/portal/error-message';
import { useEffect, useState } from 'preact/hooks';
import type { HuntListMessage } from '@/components/SavedHuntQueries';
import { parseSavedQueriesFile, savedQueriesFile } from '@/utils/hunting/saved-queries-file';
import { savedHuntQuerySchema, type ExpertHuntQuery, type HuntRun, type HuntTimespan, type SavedHuntQuery } from '@/utils/hunting/hunt-model';
import {
  deleteSavedHuntQuery,
  importSavedHuntQueries,
  listExpertHuntQueries,
  listSavedHuntQueries,
  saveHuntQuery,
} from '@/utils/storage/hunt-queries-storage';
import { listHuntRuns } from '@/utils/storage/hunt-runs-storage';
import { download } from '../options/ReportExport';


/** The largest queries file the page reads (a file of 200 long queries is far smaller). */
export const queriesFileMaxBytes = 1024 * 1024;

/**
 * What the page keeps beside the run: the last runs, the saved queries (save, delete, import, export
 * as JSON) and the queries Defender Experts posted. Read once, and again after every change.
 */
export function useHuntLibrary() {
  const [runs, setRuns] = useState<HuntRun[]>([]);
  const [saved, setSaved] = useState<SavedHuntQuery[]>([]);
  const [experts, setExperts] = useState<ExpertHuntQuery[]>([]);
  const [message, setMessage] = useState<HuntListMessage | null>(null);
  const [details, setDetails] = useState<string[]>([]);

  const refresh = async () => {
    try {
      const [nextRuns, nextSaved, nextExperts] = await Promise.all([listHuntRuns(), listSavedHuntQueries(), listExpertHuntQueries()]);
      setRuns([...nextRuns].sort((a, b) => b.startedAt - a.startedAt));
      setSaved(nextSaved);
      setExperts(nextExperts);
    } catch (caught) {
      setMessage({ kind: 'error', text: `Could not read the saved queries and runs: ${errorMessage(caught)}` });
    }
  };
  useEffect(() => void refresh(), []);

  const say = (kind: HuntListMessage['kind'], text: string, skipped: string[] = []) => {
    setMessage({ kind, text });
    setDetails(skipped);
  };

  return {
    runs,
    saved,
    experts,
    message,
    details,
    refresh,
    /** Saves the query under `name`; true when it was saved. */
    save: async (name: string, query: string, timespan: HuntTimespan): Promise<boolean> => {
      const parsed = savedHuntQuerySchema.safeParse({ id: crypto.randomUUID(), name, query, timespan, savedAt: Date.now() });
      if (!parsed.success) {
        say('error', parsed.error.issues[0]?.message ?? 'This query cannot be saved.');
        return false;
      }
      try {
        await saveHuntQuery(parsed.data);
        say('ok', `Saved “${parsed.data.name}”.`);
        await refresh();
        return true;
      } catch (caught) {
        say('error', `Not saved: ${errorMessage(caught)}`);
        return false;
      }
    },
    remove: async (query: SavedHuntQuery) => {
      try {
        await deleteSavedHuntQuery(query.id);
        say('ok', `Deleted “${query.name}”.`);
        await refresh();
      } catch (caught) {
        say('error', `Not deleted: ${errorMessage(caught)}`);
      }
    },
    importFile: async (file: File) => {
      // Refused before it is read: a file this size is no queries file, and reading it would hold it all.
      if (file.size > queriesFileMaxBytes) {
        say('error', `Nothing imported: ${file.name} is larger than 1 MB, too large for a queries file.`);
        return;
      }
      try {
        const { queries, errors } = parseSavedQueriesFile(await file.text(), Date.now(), () => crypto.randomUUID());
        const { imported, skipped } = queries.length > 0 ? await importSavedHuntQueries(queries) : { imported: 0, skipped: 0 };
        const reasons = [...errors, ...(skipped > 0 ? [`${skipped} more could not be stored.`] : [])];
        if (imported === 0) say('error', `Nothing imported from ${file.name}:`, reasons.length > 0 ? reasons : ['The file has no queries.']);
        else {
          const count = `${imported} ${imported === 1 ? 'query' : 'queries'}`;
          say('ok', `Imported ${count} from ${file.name}${reasons.length > 0 ? `; skipped ${errors.length + skipped}:` : '.'}`, reasons);
        }
        await refresh();
      } catch (caught) {
        say('error', `Nothing imported: ${errorMessage(caught)}`);
      }
    },
    exportFile: () =>
      download(`handoff-hunt-queries-${new Date().toISOString().slice(0, 10)}.json`, 'application/json;charset=utf-8', savedQueriesFile(saved)),
  };
}
