import type { HuntOutcomeKind, HuntRun } from './hunt-model';
import { huntOutcomeText } from './hunt-outcome';

/** One tenant's line in a run's results: what it answered, or why not. */
export interface HuntResultLine {
  tenantKey: string;
  tenantId: string;
  displayName: string;
  kind: HuntOutcomeKind;
  /** Rows answered (`done` only). */
  rows: number | null;
  text: string;
  detail: string | null;
  /** A quota's time Graph allows the tenant again (epoch ms): no "Try again" before it. Null otherwise. */
  retryAt: number | null;
}

/** Answers first (most rows first), then the failures to act on, then what is still going, then not run and cancelled. */
const order: Record<HuntOutcomeKind, number> = {
  done: 0,
  needsConsent: 1,
  missingRole: 2,
  quota: 3,
  queryError: 4,
  timeout: 5,
  failed: 6,
  waiting: 7,
  running: 8,
  pending: 9,
  notRun: 10,
  cancelled: 11,
};

const byName = (a: HuntResultLine, b: HuntResultLine) =>
  a.displayName.localeCompare(b.displayName, 'en-US') || (a.tenantKey < b.tenantKey ? -1 : a.tenantKey > b.tenantKey ? 1 : 0);

export function huntResultLines(run: HuntRun, now: number = Date.now()): HuntResultLine[] {
  const lines = run.tenants.map(({ tenantKey, tenantId, displayName, outcome }): HuntResultLine => {
    const { text, detail } = huntOutcomeText(outcome, now);
    const rows = outcome.kind === 'done' ? outcome.rows : null;
    const retryAt = outcome.kind === 'quota' ? (outcome.retryAt ?? null) : null;
    return { tenantKey, tenantId, displayName, kind: outcome.kind, rows, text, detail, retryAt };
  });
  return lines.sort((a, b) => order[a.kind] - order[b.kind] || (b.rows ?? 0) - (a.rows ?? 0) || byName(a, b));
}

const answeredKinds = new Set<HuntOutcomeKind>(['done', 'needsConsent', 'missingRole', 'quota', 'queryError', 'timeout', 'failed']);

export interface HuntProgress {
  answered: number;
  total: number;
  rows: number;
  /** answered / total, 0 to 1 (1 for a run without tenants). */
  fraction: number;
  text: string;
}

/** "37 of 200 tenants answered · 1,204 rows". */
export function huntProgress(run: HuntRun): HuntProgress {
  let answered = 0;
  let rows = 0;
  for (const { outcome } of run.tenants) {
    if (answeredKinds.has(outcome.kind)) answered += 1;
    if (outcome.kind === 'done') rows += outcome.rows;
  }
  const total = run.tenants.length;
  const count = (value: number) => value.toLocaleString('en-US');
  const text = `${count(answered)} of ${count(total)} ${total === 1 ? 'tenant' : 'tenants'} answered · ${count(rows)} ${rows === 1 ? 'row' : 'rows'}`;
  return { answered, total, rows, fraction: total === 0 ? 1 : answered / total, text };
}
