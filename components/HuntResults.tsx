import { useEffect, useState } from 'preact/hooks';
import type { HuntColumn, HuntOutcomeKind } from '@/utils/hunting/hunt-model';
import type { HuntResultLine } from '@/utils/hunting/hunt-results';
import { CopyButton } from './CopyButton';
import { HuntRowsTable } from './HuntRowsTable';

/** One tenant's line of a run: utils/hunting's HuntResultLine, as huntResultLines gives it (already sorted). */

/** The rows of the tenant whose table is open. */
export type HuntExpandedRows =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; columns: readonly HuntColumn[]; rows: readonly Record<string, unknown>[] };

/** The outcomes a line's "Try again" runs again. */
export const retryableHuntKinds: ReadonlySet<HuntOutcomeKind> = new Set(['needsConsent', 'quota', 'timeout', 'failed', 'notRun']);
/**
 * The outcomes "Retry failed tenants" runs again: not a timeout, the query's own fault (running it again in
 * every such tenant spends their CPU quota for nothing); its line's own Try again stays.
 */
export const retryFailedHuntKinds: ReadonlySet<HuntOutcomeKind> = new Set([...retryableHuntKinds].filter((kind) => kind !== 'timeout'));

/** A quota line Graph does not allow again yet. */
const blockedAt = (line: HuntResultLine, now: number) => line.retryAt !== null && line.retryAt > now;
const clockTime = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** `given`, or this component's own clock, moved on when the next blocked line's time comes. */
function useNow(given: number | undefined, lines: readonly HuntResultLine[]): number {
  const [clock, setClock] = useState(() => Date.now());
  const now = given ?? clock;
  const next = Math.min(...lines.map((line) => (line.retryAt !== null && line.retryAt > now ? line.retryAt : Infinity)));
  useEffect(() => {
    if (given !== undefined || next === Infinity) return undefined;
    const timer = setTimeout(() => setClock(Date.now()), Math.max(0, next - Date.now()));
    return () => clearTimeout(timer);
  }, [given, next]);
  return now;
}

const tone: Partial<Record<HuntOutcomeKind, string>> = {
  done: 'ok',
  needsConsent: 'attention',
  missingRole: 'attention',
  quota: 'attention',
  timeout: 'attention',
  queryError: 'error',
  failed: 'error',
};

interface HuntResultsProps {
  lines: readonly HuntResultLine[];
  /** The time the lines are judged at (a quota's Try again waits for its retryAt); default: the component's own clock. */
  now?: number;
  /** While the run goes on, nothing is run again. */
  running: boolean;
  expandedKey: string | null;
  expanded: HuntExpandedRows | null;
  onToggleRows: (tenantKey: string) => void;
  onOpenInHunting: (line: HuntResultLine) => void;
  /** The admin-consent link for a tenant, or null when Handoff cannot build one (no application id). */
  consentLink: (tenantId: string) => string | null;
  onRetry: (tenantKeys: string[]) => void;
  onExportCsv: () => void;
  exporting: boolean;
}

function ResultLine(props: HuntResultsProps & { line: HuntResultLine; now: number }) {
  const { line, running, expandedKey, expanded } = props;
  const blocked = blockedAt(line, props.now);
  const open = expandedKey === line.tenantKey;
  const hasRows = line.kind === 'done' && (line.rows ?? 0) > 0;
  const tableId = `hunt-rows-${line.tenantKey}`;
  const consent = line.kind === 'needsConsent' ? props.consentLink(line.tenantId) : null;
  return (
    <li class={`hunt-result hunt-result--${tone[line.kind] ?? 'muted'}`} data-tenant-key={line.tenantKey} data-kind={line.kind}>
      <div class="hunt-result__line">
        <span class="hunt-result__name">{line.displayName}</span>
        <span class="hunt-result__text">{line.text}</span>
        <span class="hunt-result__actions">
          {hasRows && (
            <button type="button" aria-expanded={open} aria-controls={open ? tableId : undefined} onClick={() => props.onToggleRows(line.tenantKey)}>
              {open ? 'Hide rows' : 'Show rows'}
            </button>
          )}
          {consent && <CopyButton label="Copy consent link" text={consent} what={`consent link for ${line.displayName}`} />}
          {retryableHuntKinds.has(line.kind) && (
            <button
              type="button"
              disabled={running || blocked}
              title={blocked && line.retryAt !== null ? `Graph allows advanced hunting in this tenant again at ${clockTime(line.retryAt)}.` : undefined}
              onClick={() => props.onRetry([line.tenantKey])}
            >
              {blocked && line.retryAt !== null ? `Try again at ${clockTime(line.retryAt)}` : 'Try again'}
            </button>
          )}
          <button type="button" class="hunt-result__link" onClick={() => props.onOpenInHunting(line)}>
            Open in Advanced hunting
          </button>
        </span>
      </div>
      {line.detail && (
        <details class="hunt-result__detail">
          <summary>Details</summary>
          <p>{line.detail}</p>
        </details>
      )}
      {open && expanded && (
        <div id={tableId}>
          {expanded.state === 'loading' && <p class="muted">Reading the rows…</p>}
          {expanded.state === 'failed' && <p class="error">{expanded.message}</p>}
          {expanded.state === 'ready' && (
            <HuntRowsTable tenantName={line.displayName} columns={expanded.columns} rows={expanded.rows} total={line.rows ?? expanded.rows.length} />
          )}
        </div>
      )}
    </li>
  );
}

/**
 * A run's results: one line per tenant in the order given, what became of it, and what the analyst can
 * do there (rows, consent, try again, the tenant's own Advanced hunting). Everything is text.
 */
export function HuntResults(props: HuntResultsProps) {
  const { lines, running } = props;
  const now = useNow(props.now, lines);
  const retryable = lines.filter((line) => retryFailedHuntKinds.has(line.kind) && !blockedAt(line, now)).map((line) => line.tenantKey);
  const anyRows = lines.some((line) => line.kind === 'done' && (line.rows ?? 0) > 0);
  return (
    <section class="hunt-results" aria-labelledby="hunt-results-heading">
      <div class="hunt-results__header">
        <h2 id="hunt-results-heading">Results by tenant</h2>
        <div class="actions">
          {retryable.length > 0 && (
            <button type="button" disabled={running} onClick={() => props.onRetry(retryable)}>
              {`Retry failed tenants (${retryable.length})`}
            </button>
          )}
          <button type="button" disabled={!anyRows || props.exporting} onClick={props.onExportCsv}>
            {props.exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <ul class="hunt-results__list" aria-label="Results by tenant">
        {lines.map((line) => (
          <ResultLine key={line.tenantKey} {...props} line={line} now={now} />
        ))}
      </ul>
    </section>
  );
}
