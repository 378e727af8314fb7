import type { TenantConfig } from '../domain/settings';
import { tenantKey } from '../domain/tenant-identity';
import { groupTenantLines, popupTotals, tenantLines, type PopupTotals, type TenantGroups, type TenantLine } from './tenant-lines';
import type { TenantSummaries } from './tenant-summaries';
import { tenantStatusText } from './tenant-status-text';
import { queueRowText, workQueueRows, type QueueRow } from './work-queue';

/**
 * The popup's first screen as data: the totals, the default view and that view's first rows, and how many
 * rows the whole view has (the windowed list's scroll height). The worker writes it beside the summaries
 * document, in the same IndexedDB transaction (storage/tenant-summaries-storage.ts), so the popup's first
 * paint reads a few KB instead of the whole document (read right after the first paint). Made by the
 * popup's own pure models (tenant-lines.ts, work-queue.ts): never a second copy of their rules. Times stay
 * timestamps: the texts that depend on the time ("9h", "Synced 2 minutes ago") are made again at the
 * popup's `now` (`firstScreenAt`). It holds for the tenant list it was made from (`inputs`), nothing else.
 */

export const popupFirstScreenVersion = 1;

/**
 * Rows kept: what the popup's 400 px list shows with its overscan (WindowedList: rows up to
 * ceil(400 / 32) + 4 = 17, index from 0, at the 32 px tenant lines; fewer at the 44 px queue rows).
 */
export const firstScreenRowCount = 18;

export type PopupView = 'queue' | 'tenants';

export interface PopupFirstScreen {
  version: number;
  /** `firstScreenInputs` of the tenants it was made for. */
  inputs: string;
  totals: PopupTotals;
  /** Whether any tenant's last sync needs sign-in (the popup's notice). */
  anyNeedsSignIn: boolean;
  view: PopupView;
  /** The queue's first rows (view 'queue'), and how many rows it has in all. */
  queue: QueueRow[];
  queueCount: number;
  /** The tenant groups' first lines (view 'tenants'), and how many lines each group has in all. */
  groups: TenantGroups;
  groupSizes: Record<keyof TenantGroups, number>;
  /** What each kept tenant line's status text is made of, to make it again at the popup's `now`. */
  syncFacts: Record<string, Pick<TenantSummaries[string], 'status' | 'lastSuccessAt'>>;
}

/** My queue first when something awaits you; otherwise the tenants (and their problems). */
export function defaultPopupView(totals: Pick<PopupTotals, 'awaitingYou'>): PopupView {
  return totals.awaitingYou > 0 ? 'queue' : 'tenants';
}

/** Whether the popup says "Sign in needed" for the summaries (with a signed-in account). */
export function anyNeedsSignIn(summaries: TenantSummaries): boolean {
  return Object.values(summaries).some((entry) => entry.status.state === 'needsSignIn');
}

/** A 53-bit hash of a string (cyrb53): short, synchronous, the same in the worker and the popup. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** What the first screen depends on besides the summaries: every field of the tenants tenantLines reads, in order. */
export function firstScreenInputs(tenants: readonly TenantConfig[]): string {
  const fields = tenants.map((tenant) => [
    tenantKey(tenant),
    tenant.displayName,
    tenant.service,
    tenant.color,
    tenant.tenantId,
    tenant.resolvedTenantId ?? null,
  ]);
  return `${popupFirstScreenVersion}:${tenants.length}:${hash53(JSON.stringify(fields))}`;
}

/** The first screen for these tenants and summaries (what the popup would draw first, at `now`). */
export function popupFirstScreen(tenants: readonly TenantConfig[], summaries: TenantSummaries, now: number): PopupFirstScreen {
  const lines = tenantLines(tenants, summaries, new Date(now));
  const totals = popupTotals(lines);
  const view = defaultPopupView(totals);
  const queue = view === 'queue' ? workQueueRows(lines, summaries, now) : [];
  const all = view === 'tenants' ? groupTenantLines(lines) : { needsAttention: [], active: [], quiet: [] };
  // The quiet tenants are folded under one line: the first screen never shows them.
  const needsAttention = all.needsAttention.slice(0, firstScreenRowCount);
  const groups = { needsAttention, active: all.active.slice(0, Math.max(0, firstScreenRowCount - needsAttention.length)), quiet: [] };
  const syncFacts: PopupFirstScreen['syncFacts'] = {};
  for (const line of [...groups.needsAttention, ...groups.active]) {
    const entry = summaries[line.key];
    if (entry) syncFacts[line.key] = { status: entry.status, lastSuccessAt: entry.lastSuccessAt };
  }
  return {
    version: popupFirstScreenVersion,
    inputs: firstScreenInputs(tenants),
    totals,
    anyNeedsSignIn: anyNeedsSignIn(summaries),
    view,
    queue: queue.slice(0, firstScreenRowCount),
    queueCount: queue.length,
    groups,
    groupSizes: { needsAttention: all.needsAttention.length, active: all.active.length, quiet: all.quiet.length },
    syncFacts,
  };
}

/**
 * The stored first screen when it was made for exactly these tenants by this version, its times made
 * again at `now`; null otherwise (then the popup draws from the whole summaries document).
 */
export function firstScreenAt(stored: unknown, tenants: readonly TenantConfig[], now: number): PopupFirstScreen | null {
  const screen = stored as Partial<PopupFirstScreen> | null | undefined;
  if (!screen || screen.version !== popupFirstScreenVersion || screen.inputs !== firstScreenInputs(tenants)) return null;
  if (!Array.isArray(screen.queue) || typeof screen.groups !== 'object' || screen.groups === null) return null;
  const { syncFacts = {} } = screen;
  const line = (kept: TenantLine): TenantLine => ({ ...kept, status: tenantStatusText(syncFacts[kept.key], new Date(now)).status });
  const groups = screen.groups;
  return {
    ...(screen as PopupFirstScreen),
    queue: screen.queue.map((row) => (row.kind === 'incident' ? { ...row, what: queueRowText(row, now) } : row)),
    groups: { needsAttention: groups.needsAttention.map(line), active: groups.active.map(line), quiet: groups.quiet.map(line) },
  };
}
