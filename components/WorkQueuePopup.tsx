import type { TenantGroups } from '@/utils/sync/tenant-lines';
import type { GroupSizes } from './TenantSummaryList';
import type { QueueIncident, QueueRow } from '@/utils/sync/work-queue';
import { TenantSummaryList } from './TenantSummaryList';
import { WorkQueueList } from './WorkQueueList';

/**
 * The popup as a work queue: totals across tenants, a filter, and two views — "My queue" (incidents
 * awaiting you, across tenants) and "Tenants" (one line each). Renders what the popup page computed
 * from the summaries document (entrypoints/popup/use-work-queue.ts); nothing here reads storage.
 */

export type WorkQueueView = 'queue' | 'tenants';

interface WorkQueuePopupProps {
  totalsText: string;
  awaitingYou: number;
  tenantCount: number;
  filter: string;
  onFilter: (filter: string) => void;
  view: WorkQueueView;
  onView: (view: WorkQueueView) => void;
  /** The rows of the view shown (the other view's are not computed). */
  queue: readonly QueueRow[];
  /** Who in the team has a queue row's incident ("you" or a colleague's name); undefined: nobody. */
  assigneeOf?: (row: QueueIncident) => string | undefined;
  groups: TenantGroups | null;
  /**
   * The popup's first screen (before the whole summaries document is read): the rows above are the view's
   * first ones, and these its whole sizes; `pending` while the view asked for waits for the document.
   */
  queueCount?: number | undefined;
  groupSizes?: GroupSizes | undefined;
  pending?: boolean;
  /** Height available to the list under the controls. */
  listHeight: number;
}

export function WorkQueuePopup(props: WorkQueuePopupProps) {
  const { filter, view, listHeight } = props;
  const filtered = filter.trim() !== '';
  return (
    <section class="work-queue" aria-label="Work queue">
      <p class="work-queue__totals">{props.totalsText}</p>
      <div class="work-queue__controls">
        <input
          type="search"
          class="work-queue__filter"
          aria-label="Filter by tenant or incident"
          placeholder="Filter by tenant or incident"
          value={filter}
          onInput={(event) => props.onFilter((event.currentTarget as HTMLInputElement).value)}
        />
        <div class="work-queue__views" role="group" aria-label="View">
          <button type="button" aria-pressed={view === 'queue'} onClick={() => props.onView('queue')}>
            {`My queue (${props.awaitingYou})`}
          </button>
          <button type="button" aria-pressed={view === 'tenants'} onClick={() => props.onView('tenants')}>
            {`Tenants (${props.tenantCount})`}
          </button>
        </div>
      </div>
      {props.pending ? (
        <div class="work-queue__pending" aria-busy="true" style={{ height: `${listHeight}px` }} />
      ) : view === 'queue' ? (
        <WorkQueueList
          rows={props.queue}
          rowCount={props.queueCount}
          assigneeOf={props.assigneeOf}
          maxHeight={listHeight}
          emptyText={filtered ? 'Nothing awaiting you matches.' : 'Nothing awaits you in any tenant.'}
        />
      ) : (
        props.groups && (
          <TenantSummaryList groups={props.groups} groupSizes={props.groupSizes} filtered={filtered} maxHeight={listHeight} />
        )
      )}
    </section>
  );
}
