import { useEffect, useMemo, useState } from 'preact/hooks';
import type { WorkQueueView } from '@/components/WorkQueuePopup';
import type { TenantConfig } from '@/utils/domain/settings';
import { groupTenantLines, popupTotals, tenantLines, tenantMatches, totalsText } from '@/utils/sync/tenant-lines';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';
import { incidentTitleKey, workQueueRows, type QueueIncident } from '@/utils/sync/work-queue';
import type { AssigneeAliases } from '@/utils/domain/assignee-aliases';
import type { assigneeTexts } from './incident-details';

/**
 * The popup's work queue state (filter, view) and what it shows, from the pure models in utils/sync:
 * only the view on screen is computed, and only again when its inputs change.
 */
export function useWorkQueue(
  tenants: readonly TenantConfig[],
  summaries: TenantSummaries,
  now: number,
  /** The signed-in analyst's UPN and the extra assignee aliases: who in the team has each row. */
  team: { you: string | null; extraAliases?: AssigneeAliases } = { you: null },
) {
  const [filter, setFilter] = useState('');
  const lines = useMemo(() => tenantLines(tenants, summaries, new Date(now)), [tenants, summaries, now]);
  const totals = useMemo(() => popupTotals(lines), [lines]);
  // My queue first when something awaits you; otherwise the tenants (and their problems).
  const [view, setView] = useState<WorkQueueView>(totals.awaitingYou > 0 ? 'queue' : 'tenants');
  // Titles come from the extension's IndexedDB after the first paint (never from the summaries in
  // storage.local, which Firefox opens to content scripts): until then a row says "Incident <id>".
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [assignedTo, setAssignedTo] = useState<ReadonlyMap<string, string>>(new Map());
  // Who has each row, worked out by ./incident-details.ts, loaded after the first paint with the titles.
  const [whoOf, setWhoOf] = useState<{ texts: typeof assigneeTexts } | null>(null);
  useEffect(() => {
    let current = true;
    const wanted = Object.values(summaries).flatMap((entry) =>
      entry.awaitingQueue.map((item) => ({ tenantKey: entry.tenantKey, incidentId: item.incidentId })),
    );
    import('./incident-details')
      .then(async (details) => {
        const read = await details.readIncidentTitlesAndAssignees(wanted, incidentTitleKey);
        if (!current) return;
        setTitles(read.titles);
        setAssignedTo(read.assignees);
        setWhoOf({ texts: details.assigneeTexts });
      })
      .catch((error: unknown) => console.warn('[Handoff] incident titles unavailable', error));
    return () => {
      current = false;
    };
  }, [summaries]);
  const queue = useMemo(
    () => (view === 'queue' ? workQueueRows(lines, summaries, now, filter, titles) : []),
    [view, lines, summaries, now, filter, titles],
  );
  // "you" or the colleague's name, by row key; nothing for an incident nobody in the team has.
  const assigneeOf = useMemo(() => {
    const who = whoOf?.texts(assignedTo, team) ?? new Map<string, string>();
    return (row: QueueIncident) => who.get(incidentTitleKey(row.tenantKey, row.item.incidentId));
  }, [whoOf, assignedTo, team.you, team.extraAliases]);
  const groups = useMemo(
    () => (view === 'tenants' ? groupTenantLines(lines.filter((line) => tenantMatches(line, filter))) : null),
    [view, lines, filter],
  );
  return {
    totalsText: totalsText(totals),
    awaitingYou: totals.awaitingYou,
    tenantCount: totals.tenants,
    filter,
    onFilter: setFilter,
    view,
    onView: setView,
    queue,
    assigneeOf,
    groups,
  };
}
