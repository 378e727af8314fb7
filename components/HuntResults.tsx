import type { HuntColumn, HuntOutcomeKind } from '@/utils/hunting/hunt-model';
import { CopyButton } from './CopyButton';
import { HuntRowsTable } from './HuntRowsTable';

/** One tenant's line of a run, as utils/hunting's huntResultLines gives it (already sorted for display). */
export interface HuntResultLineView {
  tenantKey: string;
  tenantId: string;
  displayName: string;
  kind: HuntOutcomeKind;
  rows: number | null;
  text: string;
  detail: string | null;
}

/** The rows of the tenant whose table is open. */
export type HuntExpandedRows =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; columns: readonly HuntColumn[]; rows: readonly Record<string, unknown>[] };

/** The outcomes "Try again" and "Retry failed tenants" run again. */
export const retryableHuntKinds: ReadonlySet<HuntOutcomeKind> = new Set(['needsConsent', 'quota', 'timeout', 'failed']);

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
  lines: readonly HuntResultLineView[];
  /** While the run goes on, nothing is run again. */
  running: boolean;
  expandedKey: string | null;
  expanded: HuntExpandedRows | null;
  onToggleRows: (tenantKey: string) => void;
  onOpenInHunting: (line: HuntResultLineView) => void;
  /** The admin-consent link for a tenant, or null when Handoff cannot build one (no application id). */
  consentLink: (tenantId: string) => string | null;
  onRetry: (tenantKeys: string[]) => void;
  onExportCsv: () => void;
  exporting: boolean;
}

function ResultLine(props: HuntResultsProps & { line: HuntResultLineView }) {
  const { line, running, expandedKey, expanded } = props;
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
            <button type="button" disabled={running} onClick={() => props.onRetry([line.tenantKey])}>
              Try again
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
  const retryable = lines.filter((line) => retryableHuntKinds.has(line.kind)).map((line) => line.tenantKey);
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
          <ResultLine key={line.tenantKey} {...props} line={line} />
        ))}
      </ul>
    </section>
  );
}
