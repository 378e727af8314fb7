import type { ComponentChildren } from 'preact';
import type { HuntTimespan } from '@/utils/hunting/hunt-model';

export const huntTimespanLabels: Record<HuntTimespan, string> = {
  P1D: 'Last 24 hours',
  P7D: 'Last 7 days',
  P30D: 'Last 30 days',
};
// Listed here, not imported from hunt-model at run time: components stay free of zod.
const timespans = Object.keys(huntTimespanLabels) as HuntTimespan[];

interface HuntQueryFormProps {
  query: string;
  timespan: HuntTimespan;
  maxLength: number;
  /** Where the query came from ("From incident 1024 in Contoso"), or null. */
  note: string | null;
  onQueryChange: (query: string) => void;
  onTimespanChange: (timespan: HuntTimespan) => void;
  /** Why Run is not possible now ("Write a query first."), or null when it is. */
  runBlockedReason: string | null;
  running: boolean;
  onRun: () => void;
  /** The tenant picker, between the time span and Run. */
  children?: ComponentChildren;
}

/** The query, its time span, the tenants (children) and Run. */
export function HuntQueryForm(props: HuntQueryFormProps) {
  const { query, timespan, maxLength, note, runBlockedReason, running } = props;
  return (
    <form
      class="hunt-form"
      aria-labelledby="hunt-query-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (!runBlockedReason && !running) props.onRun();
      }}
    >
      <h2 id="hunt-query-heading">Query</h2>
      <div class="field hunt-form__query">
        <label for="hunt-query">KQL query</label>
        <textarea
          id="hunt-query"
          class="mono"
          rows={10}
          spellcheck={false}
          maxLength={maxLength}
          value={query}
          aria-describedby={note ? 'hunt-query-note' : undefined}
          onInput={(event) => props.onQueryChange((event.currentTarget as HTMLTextAreaElement).value)}
        />
        {note && (
          <p id="hunt-query-note" class="help">
            {note}
          </p>
        )}
      </div>
      <div class="field">
        <label for="hunt-timespan">Time span</label>
        <select
          id="hunt-timespan"
          value={timespan}
          onChange={(event) => props.onTimespanChange((event.currentTarget as HTMLSelectElement).value as HuntTimespan)}
        >
          {timespans.map((value) => (
            <option key={value} value={value}>
              {huntTimespanLabels[value]}
            </option>
          ))}
        </select>
      </div>
      {props.children}
      <div class="actions">
        <button type="submit" class="button-primary" disabled={running || runBlockedReason !== null} aria-describedby="hunt-run-help">
          {running ? 'Running…' : 'Run'}
        </button>
      </div>
      <p id="hunt-run-help" class="help">
        {running ? 'A run is going on: cancel it or wait for it to finish.' : (runBlockedReason ?? '')}
      </p>
    </form>
  );
}
