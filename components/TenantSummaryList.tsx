import { useState } from 'preact/hooks';
import { queueUrl } from '@/utils/portal/portal-url';
import { tenantColors } from '@/utils/domain/tenant-identity';
import type { TenantGroups, TenantLine } from '@/utils/sync/tenant-lines';
import { WindowedList, type WindowedRowProps } from './WindowedList';

/**
 * The popup's "Tenants" view: one 32 px line per tenant (its colour, name, and what awaits or what is
 * wrong); the tenants needing attention pinned on top, then those with work, the quiet ones folded
 * under one line. Only the lines in view are rendered (WindowedList).
 */

type TenantRow =
  | { kind: 'heading'; key: string; text: string }
  | { kind: 'tenant'; key: string; line: TenantLine }
  | { kind: 'fold'; key: string; count: number; open: boolean };

export const tenantLineHeight = 32;

/** "5 awaiting · 4 open tasks · 2 to review"; a problem first ("Needs sign-in · 5 awaiting": the last good counts). */
function workText(line: TenantLine): string {
  const parts: string[] = line.attention ? [line.attention] : [];
  if (line.awaitingYou === null) return parts[0] ?? line.status;
  if (line.awaitingYou > 0) parts.push(`${line.awaitingYou} awaiting`);
  if ((line.openGuidedTasks ?? 0) > 0) parts.push(`${line.openGuidedTasks} open ${line.openGuidedTasks === 1 ? 'task' : 'tasks'}`);
  if ((line.reviews ?? 0) > 0) parts.push(`${line.reviews} to review`);
  if ((line.unassigned ?? 0) > 0) parts.push(`${line.unassigned} unassigned`);
  return parts.length > 0 ? parts.join(' · ') : 'Nothing awaiting';
}

export type GroupSizes = Record<keyof TenantGroups, number>;

/**
 * The rows, and how many there are in all: `sizes` are the groups' whole sizes when `groups` hold only
 * their first lines (the popup's first screen); the rows then end where a group's lines stop.
 */
function tenantRows(groups: TenantGroups, quietOpen: boolean, filtered: boolean, sizes?: GroupSizes): { rows: TenantRow[]; count: number } {
  const size = sizes ?? { needsAttention: groups.needsAttention.length, active: groups.active.length, quiet: groups.quiet.length };
  const rows: TenantRow[] = [];
  let count = 0;
  let complete = true;
  const add = (lines: readonly TenantLine[], of: number) => {
    if (complete) for (const line of lines) rows.push({ kind: 'tenant', key: `tenant:${line.key}`, line });
    count += of;
    complete &&= lines.length === of;
  };
  const push = (row: TenantRow) => {
    if (complete) rows.push(row);
    count += 1;
  };
  if (size.needsAttention > 0) {
    push({ kind: 'heading', key: 'heading:attention', text: `Needs attention (${size.needsAttention})` });
    add(groups.needsAttention, size.needsAttention);
  }
  if (size.active > 0) {
    push({ kind: 'heading', key: 'heading:active', text: `With work (${size.active})` });
    add(groups.active, size.active);
  }
  if (size.quiet > 0 && filtered) {
    push({ kind: 'heading', key: 'heading:quiet', text: `Nothing awaiting (${size.quiet})` });
    add(groups.quiet, size.quiet);
  } else if (size.quiet > 0) {
    push({ kind: 'fold', key: 'fold:quiet', count: size.quiet, open: quietOpen });
    if (quietOpen) add(groups.quiet, size.quiet);
  }
  return { rows, count };
}

function safeQueueUrl(tenantId: string | null): string | null {
  try {
    return tenantId ? queueUrl(tenantId) : null;
  } catch {
    return null;
  }
}

/**
 * A tenant that needs the analyst (sign-in, consent, a role, a failing sync) links to the options page's
 * "Needs attention", where its plain sentence and buttons are (Copy consent link, Sign in again, Retry);
 * a throttled tenant needs nothing and links to its queue like the others.
 */
const optionsFixUrl = 'options.html#tenants';

function needsFix(line: TenantLine): boolean {
  return line.attention !== null && line.attention !== 'Throttled';
}

function TenantLineView({ line, control }: { line: TenantLine; control: WindowedRowProps }) {
  const fix = needsFix(line);
  const href = fix ? optionsFixUrl : safeQueueUrl(line.tenantId);
  const body = (
    <>
      <span class="tenant-line__name">{line.displayName}</span>
      <span class={line.attention ? 'tenant-line__work tenant-line__work--attention' : 'tenant-line__work'}>
        {workText(line)}
      </span>
    </>
  );
  const style = { borderLeftColor: tenantColors[line.color] };
  return href ? (
    <a
      {...control}
      class="tenant-line"
      href={href}
      target="_blank"
      rel="noreferrer"
      title={fix ? `${line.status}. Opens Handoff’s options.` : line.status}
      style={style}
      data-handoff-fix={fix ? 'options' : undefined}
    >
      {body}
    </a>
  ) : (
    <span {...control} class="tenant-line" title={line.status} style={style}>
      {body}
    </span>
  );
}

interface TenantSummaryListProps {
  groups: TenantGroups;
  /** A filter is typed: the quiet tenants it matches are shown unfolded. */
  filtered: boolean;
  maxHeight: number;
  /** The groups' whole sizes when `groups` hold only their first lines (the popup's first screen). */
  groupSizes?: GroupSizes | undefined;
}

export function TenantSummaryList({ groups, filtered, maxHeight, groupSizes }: TenantSummaryListProps) {
  const [quietOpen, setQuietOpen] = useState(false);
  const { rows, count } = tenantRows(groups, quietOpen, filtered, groupSizes);
  if (rows.length === 0) return <p class="muted popup__none">No tenant matches.</p>;
  return (
    <WindowedList
      rows={rows}
      rowCount={count}
      label="Tenants"
      rowHeight={tenantLineHeight}
      maxHeight={maxHeight}
      keyOf={(row) => row.key}
      focusable={(row) => row.kind !== 'heading'}
      rowClass={(row) => `tenant-row--${row.kind}`}
      renderRow={(row, control) => {
        if (row.kind === 'heading') return <span class="tenant-group__heading">{row.text}</span>;
        if (row.kind === 'tenant') return <TenantLineView line={row.line} control={control} />;
        return (
          <button
            {...control}
            type="button"
            class="tenant-fold"
            aria-expanded={row.open}
            onClick={() => setQuietOpen(!row.open)}
          >
            {`Quiet tenants, nothing awaiting (${row.count})`}
          </button>
        );
      }}
    />
  );
}
