export interface HuntRunSummaryView {
  runId: string;
  /** The query's first line. */
  title: string;
  /** When it ran, in words ("5 minutes ago"). */
  when: string;
  tenants: number;
  rows: number;
}

interface HuntRunHistoryProps {
  runs: readonly HuntRunSummaryView[];
  currentRunId: string | null;
  onShow: (runId: string) => void;
}

/** The last runs: a click shows one again (its results stay in this browser). */
export function HuntRunHistory({ runs, currentRunId, onShow }: HuntRunHistoryProps) {
  return (
    <section class="hunt-side" aria-labelledby="hunt-history-heading">
      <h2 id="hunt-history-heading">Last runs</h2>
      {runs.length === 0 ? (
        <p class="muted">No runs yet.</p>
      ) : (
        <ul class="hunt-list">
          {runs.map((run) => (
            <li key={run.runId} class="hunt-list__item">
              <button
                type="button"
                class="hunt-list__run"
                aria-current={run.runId === currentRunId ? 'true' : undefined}
                onClick={() => onShow(run.runId)}
              >
                <span class="hunt-list__name mono">{run.title}</span>
                <span class="help">{`${run.when} · ${run.tenants} ${run.tenants === 1 ? 'tenant' : 'tenants'} · ${run.rows.toLocaleString('en-US')} ${run.rows === 1 ? 'row' : 'rows'}`}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
