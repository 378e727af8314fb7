import { incidentUrl, queueUrl } from '@/utils/portal/portal-url';
import type { QueueIncident, QueueRow } from '@/utils/sync/work-queue';
import { WindowedList } from './WindowedList';

/**
 * The popup's "My queue": incidents awaiting the partner across tenants, most severe and longest
 * waiting first, two lines each (what and where, then the title), each opening the incident in its
 * tenant; then "more in <tenant>" lines opening that tenant's queue. Incident data is text only.
 */

export const queueRowHeight = 44;

function rowKey(row: QueueRow): string {
  return row.kind === 'incident' ? `incident:${row.tenantKey}:${row.item.incidentId}` : `more:${row.tenantKey}`;
}

/** A link only where it can be made safely (an id or tenant that is not safe in a URL gets none). */
function hrefOf(row: QueueRow): string | null {
  try {
    if (!row.tenantId) return null;
    return row.kind === 'incident' ? incidentUrl(row.item.incidentId, row.tenantId) : queueUrl(row.tenantId);
  } catch {
    return null;
  }
}

interface WorkQueueListProps {
  rows: readonly QueueRow[];
  /** How many rows the queue has when `rows` are only its first ones (the popup's first screen). */
  rowCount?: number | undefined;
  maxHeight: number;
  /** Shown when there are no rows. */
  emptyText: string;
  /** Who in the team has a row's incident: "you" or a colleague's name; undefined for nobody. */
  assigneeOf?: ((row: QueueIncident) => string | undefined) | undefined;
}

export function WorkQueueList({ rows, rowCount, maxHeight, emptyText, assigneeOf }: WorkQueueListProps) {
  if (rows.length === 0) return <p class="muted popup__none">{emptyText}</p>;
  return (
    <WindowedList
      rows={rows}
      rowCount={rowCount}
      label="My queue"
      rowHeight={queueRowHeight}
      maxHeight={maxHeight}
      keyOf={rowKey}
      focusable={() => true}
      rowClass={(row) => (row.kind === 'incident' ? `queue-row--${row.item.severity}` : 'queue-row--more')}
      renderRow={(row, control) => {
        const href = hrefOf(row);
        const lines =
          row.kind === 'incident' ? (
            <>
              <span class="queue-row__what">{[row.what, assigneeOf?.(row)].filter(Boolean).join(' · ')}</span>
              <span class="queue-row__title">{row.title ?? `Incident ${row.item.incidentId}`}</span>
            </>
          ) : (
            <span class="queue-row__what">{`${row.count} more awaiting you in ${row.tenantName}`}</span>
          );
        return href ? (
          <a {...control} class="queue-row" href={href} target="_blank" rel="noreferrer">
            {lines}
          </a>
        ) : (
          <span {...control} class="queue-row">
            {lines}
          </span>
        );
      }}
    />
  );
}
