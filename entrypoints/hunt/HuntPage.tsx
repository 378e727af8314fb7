import { errorMessage } from '@/utils/portal/error-message';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ExpertHuntQueries, type ExpertHuntQueryView } from '@/components/ExpertHuntQueries';
import { HuntProgress } from '@/components/HuntProgress';
import { HuntQueryForm } from '@/components/HuntQueryForm';
import { HuntResults, type HuntExpandedRows } from '@/components/HuntResults';
import type { HuntResultLine } from '@/utils/hunting/hunt-results';
import { huntRowsShown } from '@/components/HuntRowsTable';
import { HuntRunHistory } from '@/components/HuntRunHistory';
import { HuntTenantPicker } from '@/components/HuntTenantPicker';
import { SavedHuntQueries } from '@/components/SavedHuntQueries';
import { huntQueryMaxLength, type HuntSource, type HuntTimespan } from '@/utils/hunting/hunt-model';
import { huntProgress, huntResultLines } from '@/utils/hunting/hunt-results';
import { advancedHuntingUrl, normalizeTenantId } from '@/utils/portal/portal-url';
import { huntRowsKeptPerRun } from '@/utils/storage/hunt-rows-chunks';
import { readHuntTenantRows } from '@/utils/storage/hunt-runs-storage';
import { adminConsentUrl } from '@/utils/sync/failure-advice';
import { expertViews, huntingTimeRangeOf, keptRowsNote, runSummaries, sourceNote } from './hunt-views';
import { useHuntExport } from './use-hunt-export';
import { useHuntLibrary } from './use-hunt-library';
import { useHuntRun } from './use-hunt-run';
import { useHuntDraft, useHuntSetup } from './use-hunt-setup';

/** The permission advanced hunting needs in each customer tenant (the consent link asks for it alone). */
const huntingScope = 'https://graph.microsoft.com/ThreatHunting.Read.All';

/** Where the query came from while its text is unchanged: an incident's Defender Experts query. */
interface QuerySource {
  source: HuntSource;
  query: string;
  note: string;
}


/**
 * Hunting across tenants (issue 16): one KQL query in every selected tenant, run by the worker; this page
 * wires the form, the run's progress and results, the last runs and the saved and posted queries.
 */
export function HuntPage() {
  const { tenants, clientId, redirectUri } = useHuntSetup();
  const hunt = useHuntRun();
  const library = useHuntLibrary();
  const [query, setQuery] = useState('');
  const [timespan, setTimespan] = useState<HuntTimespan>('P7D');
  const [querySource, setQuerySource] = useState<QuerySource | null>(null);
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const [filter, setFilter] = useState('');
  // The tenant whose rows are open, in which run (another run shown closes it).
  const [open, setOpen] = useState<{ runId: string; tenantKey: string } | null>(null);
  const [expanded, setExpanded] = useState<HuntExpandedRows | null>(null);
  const reading = useRef(0);
  const [saveName, setSaveName] = useState('');
  const [pageError, setPageError] = useState<string | null>(null);

  const fill = (text: string, source: QuerySource | null) => {
    setQuery(text);
    setQuerySource(source);
    document.getElementById('hunt-query')?.focus();
  };
  const draftError = useHuntDraft((draft) =>
    fill(draft.query, { source: draft.source, query: draft.query, note: sourceNote(draft.source.incidentId, draft.tenantName) }),
  );

  // Every tenant is selected until the analyst changes it.
  const chosen = selected ?? new Set(tenants?.map((tenant) => tenant.key));
  const run = hunt.run;
  const csv = useHuntExport(run, setPageError);
  const keptNote = run ? keptRowsNote(run, csv.kept, huntRowsKeptPerRun) : null;
  const running = run?.state === 'running' || hunt.busy === 'starting';
  // The last runs change when a run ends.
  useEffect(() => void library.refresh(), [run?.runId, run?.state]);
  const expandedKey = open && open.runId === run?.runId ? open.tenantKey : null;

  const tenantKeys = tenants?.filter((tenant) => chosen.has(tenant.key)).map((tenant) => tenant.key) ?? [];
  const runBlockedReason =
    tenants === null
      ? 'Reading your tenants…'
      : query.trim() === ''
        ? 'Write a query first.'
        : tenantKeys.length === 0
          ? 'Pick at least one tenant.'
          : null;
  const source = querySource && querySource.query === query ? querySource : null;

  const onToggleRows = (key: string) => {
    if (!run || expandedKey === key) {
      setOpen(null);
      return;
    }
    setOpen({ runId: run.runId, tenantKey: key });
    setExpanded({ state: 'loading' });
    // Only the last tenant opened gets its rows (an earlier, slower read is dropped).
    const read = ++reading.current;
    const show = (rows: HuntExpandedRows) => read === reading.current && setExpanded(rows);
    readHuntTenantRows(run.runId, key, huntRowsShown)
      .then((stored) =>
        show(stored ? { state: 'ready', columns: stored.columns, rows: stored.rows } : { state: 'failed', message: 'This browser no longer has these rows: run the query again.' }),
      )
      .catch((caught: unknown) => show({ state: 'failed', message: `Could not read the rows: ${errorMessage(caught)}` }));
  };

  const onOpenInHunting = async (line: HuntResultLine) => {
    const tenantId = normalizeTenantId(line.tenantId);
    if (!run) return;
    if (!tenantId) {
      setPageError(`Handoff does not know ${line.displayName}’s tenant id yet, so it cannot open that tenant’s Advanced hunting.`);
      return;
    }
    try {
      await browser.tabs.create({ url: await advancedHuntingUrl(run.query, tenantId, huntingTimeRangeOf[run.timespan]) });
    } catch (caught) {
      setPageError(`Could not open Advanced hunting: ${errorMessage(caught)}`);
    }
  };

  const setMany = (keys: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const key of keys) if (on) next.add(key);
    else next.delete(key);
    setSelected(next);
  };

  const error = pageError ?? hunt.error ?? draftError;
  return (
    <div class="hunt">
      <header class="hunt__header">
        <h1>Hunt across tenants</h1>
        <a href="/options.html">Handoff options</a>
      </header>
      <main class="hunt__main">
        <HuntQueryForm
          query={query}
          timespan={timespan}
          maxLength={huntQueryMaxLength}
          note={source?.note ?? null}
          onQueryChange={setQuery}
          onTimespanChange={setTimespan}
          runBlockedReason={runBlockedReason}
          running={running}
          onRun={() => {
            setPageError(null);
            void hunt.start({ query, timespan, tenantKeys, source: source?.source ?? null });
          }}
        >
          <HuntTenantPicker
            tenants={tenants ?? []}
            selected={chosen}
            filter={filter}
            onFilterChange={setFilter}
            onToggle={(key, on) => setMany([key], on)}
            onSetMany={setMany}
          />
        </HuntQueryForm>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {run && (
          <section class="hunt-run" aria-labelledby="hunt-run-heading">
            <h2 id="hunt-run-heading">This run</h2>
            <pre class="hunt-run__query mono">{run.query}</pre>
            <HuntProgress
              progress={huntProgress(run)}
              state={run.state}
              stoppedReason={run.stoppedReason}
              cancelling={hunt.busy === 'cancelling'}
              onCancel={() => void hunt.cancel()}
            />
            {keptNote && (
              <p class="hunt-run__kept" role="status">
                {keptNote}
              </p>
            )}
            <HuntResults
              lines={huntResultLines(run)}
              running={running || hunt.busy === 'rerunning'}
              expandedKey={expandedKey}
              expanded={expanded}
              onToggleRows={onToggleRows}
              onOpenInHunting={(line) => void onOpenInHunting(line)}
              consentLink={(tenantId) => (clientId && redirectUri ? adminConsentUrl(tenantId, clientId, redirectUri, [huntingScope]) : null)}
              onRetry={(keys) => void hunt.rerun(keys)}
              onExportCsv={() => void csv.exportCsv()}
              exporting={csv.exporting}
            />
          </section>
        )}
      </main>
      <aside class="hunt__side" aria-label="Runs and queries">
        <HuntRunHistory runs={runSummaries(library.runs, Date.now())} currentRunId={hunt.runId} onShow={hunt.show} />
        <SavedHuntQueries
          queries={library.saved}
          name={saveName}
          onNameChange={setSaveName}
          canSave={query.trim() !== ''}
          onSave={() => void library.save(saveName, query, timespan).then((saved) => saved && setSaveName(''))}
          onUse={(saved) => {
            setTimespan(saved.timespan);
            fill(saved.query, null);
          }}
          onDelete={(saved) => void library.remove(saved)}
          onImportFile={(file) => void library.importFile(file)}
          onExport={library.exportFile}
          message={library.message}
          details={library.details}
        />
        <ExpertHuntQueries
          queries={expertViews(library.experts, tenants ?? [])}
          onUse={(item: ExpertHuntQueryView) =>
            fill(item.query, { source: { tenantKey: item.tenantKey, incidentId: item.incidentId }, query: item.query, note: sourceNote(item.incidentId, item.tenantName) })
          }
        />
      </aside>
    </div>
  );
}
