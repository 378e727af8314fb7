import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { WorkQueueView } from '@/components/WorkQueuePopup';
import type { TenantConfig } from '@/utils/domain/settings';
import { groupTenantLines, popupTotals, tenantLines, tenantMatches, totalsText } from '@/utils/sync/tenant-lines';
import { defaultPopupView, type PopupFirstScreen } from '@/utils/sync/popup-first-screen';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';
import { incidentTitleKey, workQueueRows, type QueueIncident } from '@/utils/sync/work-queue';
import type { AssigneeAliases } from '@/utils/domain/assignee-aliases';
import type { assigneeTexts } from './incident-details';

/**
 * The popup's work queue state (filter, view) and what it shows, from the pure models in utils/sync:
 * only the view on screen is computed, and only again when its inputs change. Until the summaries
 * document is read (`summaries` null), the worker's first screen: its view unfiltered; another view or a
 * filter waits for the document (`pending`).
 */
export function useWorkQueue(
  tenants: readonly TenantConfig[],
  summaries: TenantSummaries | null,
  now: number,
  /** The signed-in analyst's UPN and the extra assignee aliases: who in the team has each row. */
  team: { you: string | null; extraAliases?: AssigneeAliases } = { you: null },
  firstScreen: PopupFirstScreen | null = null,
) {
  const [filter, setFilter] = useState('');
  const lines = useMemo(() => (summaries ? tenantLines(tenants, summaries, new Date(now)) : null), [tenants, summaries, now]);
  const totals = useMemo(() => (lines || !firstScreen ? popupTotals(lines ?? []) : firstScreen.totals), [lines, firstScreen]);
  const [view, setView] = useState<WorkQueueView>(defaultPopupView(totals));
  // The first screen's view is the document's (written together); should they differ (the document
  // written by something else), the view nobody chose follows the document once it is read.
  const chosen = useRef(false);
  const fromDocument = useRef(!!summaries);
  useEffect(() => {
    if (!lines || fromDocument.current) return;
    fromDocument.current = true;
    if (!chosen.current) setView(defaultPopupView(totals));
  }, [lines]);
  const onView = (next: WorkQueueView) => {
    chosen.current = true;
    setView(next);
  };
  const first = !lines && firstScreen && filter === '' && view === firstScreen.view ? firstScreen : null;
  // Titles come from the extension's IndexedDB after the first paint (never from the summaries in
  // storage.local, which Firefox opens to content scripts): until then a row says "Incident <id>".
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [assignedTo, setAssignedTo] = useState<ReadonlyMap<string, string>>(new Map());
  // Who has each row, worked out by ./incident-details.ts, loaded after the first paint with the titles.
  const [whoOf, setWhoOf] = useState<{ texts: typeof assigneeTexts } | null>(null);
  useEffect(() => {
    if (!summaries) return;
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
    () => (lines && summaries ? (view === 'queue' ? workQueueRows(lines, summaries, now, filter, titles) : []) : (first?.queue ?? [])),
    [view, lines, summaries, now, filter, titles, first],
  );
  // "you" or the colleague's name, by row key; nothing for an incident nobody in the team has.
  const assigneeOf = useMemo(() => {
    const who = whoOf?.texts(assignedTo, team) ?? new Map<string, string>();
    return (row: QueueIncident) => who.get(incidentTitleKey(row.tenantKey, row.item.incidentId));
  }, [whoOf, assignedTo, team.you, team.extraAliases]);
  const groups = useMemo(
    () =>
      view !== 'tenants' ? null : lines ? groupTenantLines(lines.filter((line) => tenantMatches(line, filter))) : (first?.groups ?? null),
    [view, lines, filter, first],
  );
  return {
    totalsText: totalsText(totals),
    awaitingYou: totals.awaitingYou,
    tenantCount: totals.tenants,
    filter,
    onFilter: setFilter,
    view,
    onView,
    queue,
    assigneeOf,
    groups,
    queueCount: first?.queueCount,
    groupSizes: first?.groupSizes,
    pending: !lines && !first,
  };
}
