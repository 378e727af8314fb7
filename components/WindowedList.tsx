import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * A list that renders only the rows in view (fixed row height), so 500 tenants cost what 20 do, with
 * one tab stop: the active row's control has tabIndex 0, every other -1 (a roving tabindex); the arrow
 * keys, Home/End and PageUp/PageDown move between rows that can take focus, skipping headings. The
 * active row is always rendered, even scrolled away, so Tab always lands on it.
 */

export interface WindowedRowProps {
  /** For the row's one control (link or button); -1 unless it is the active row. */
  tabIndex: number;
  /** Marks the control, so the list can focus it after moving. */
  'data-row-index': number;
}

interface WindowedListProps<Row> {
  rows: readonly Row[];
  /** How many rows the list has when `rows` holds only the first ones (the rest not read yet): its scroll height. */
  rowCount?: number | undefined;
  label: string;
  rowHeight: number;
  /** The list's height when it has more rows than fit. */
  maxHeight: number;
  keyOf: (row: Row) => string;
  /** Whether a row has a control to focus (headings have none). */
  focusable: (row: Row) => boolean;
  renderRow: (row: Row, control: WindowedRowProps) => ComponentChildren;
  rowClass?: (row: Row) => string;
}

/** Rows rendered beyond the visible ones, above and below, so a fast scroll shows no gap. */
const overscan = 4;

function nextFocusable<Row>(rows: readonly Row[], focusable: (row: Row) => boolean, from: number, step: number): number {
  for (let index = from; index >= 0 && index < rows.length; index += step) if (focusable(rows[index]!)) return index;
  return -1;
}

export function WindowedList<Row>({ rows, rowCount, label, rowHeight, maxHeight, keyOf, focusable, renderRow, rowClass }: WindowedListProps<Row>) {
  const count = Math.max(rows.length, rowCount ?? 0);
  const [scrollTop, setScrollTop] = useState(0);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const focusNext = useRef<number | null>(null);

  let active = activeKey === null ? -1 : rows.findIndex((row) => keyOf(row) === activeKey);
  if (active < 0) active = nextFocusable(rows, focusable, 0, 1);

  const height = Math.min(maxHeight, count * rowHeight);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length - 1, Math.ceil((scrollTop + maxHeight) / rowHeight) + overscan);
  const shown: number[] = [];
  if (active >= 0 && (active < first || active > last)) shown.push(active);
  for (let index = first; index <= last; index += 1) shown.push(index);

  // A filter that shrinks the list leaves the old scroll position past its end.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (element && scrollTop > Math.max(0, count * rowHeight - height)) {
      element.scrollTop = 0;
      setScrollTop(0);
    }
  }, [count]);

  useEffect(() => {
    if (focusNext.current === null) return;
    const index = focusNext.current;
    focusNext.current = null;
    viewport.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`)?.focus();
  });

  const moveTo = (index: number) => {
    if (index < 0) return;
    const element = viewport.current;
    if (element) {
      const top = index * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
      setScrollTop(element.scrollTop);
    }
    focusNext.current = index;
    setActiveKey(keyOf(rows[index]!));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (active < 0) return;
    const page = Math.max(1, Math.floor(height / rowHeight) - 1);
    const target: Record<string, () => number> = {
      ArrowDown: () => nextFocusable(rows, focusable, active + 1, 1),
      ArrowUp: () => nextFocusable(rows, focusable, active - 1, -1),
      Home: () => nextFocusable(rows, focusable, 0, 1),
      End: () => nextFocusable(rows, focusable, rows.length - 1, -1),
      PageDown: () => nextFocusable(rows, focusable, Math.min(rows.length - 1, active + page), -1),
      PageUp: () => nextFocusable(rows, focusable, Math.max(0, active - page), 1),
    };
    const find = target[event.key];
    if (!find) return;
    event.preventDefault();
    moveTo(find());
  };

  const onFocusIn = (event: FocusEvent) => {
    const index = Number((event.target as HTMLElement | null)?.getAttribute('data-row-index'));
    if (Number.isInteger(index) && rows[index] && index !== active) setActiveKey(keyOf(rows[index]));
  };

  return (
    <div
      ref={viewport}
      class="windowed-list"
      style={{ height: `${height}px` }}
      onScroll={(event) => setScrollTop((event.currentTarget as HTMLDivElement).scrollTop)}
    >
      <ul
        aria-label={label}
        class="windowed-list__rows"
        style={{ height: `${count * rowHeight}px` }}
        onKeyDown={onKeyDown}
        onFocusIn={onFocusIn}
      >
        {shown.map((index) => {
          const row = rows[index]!;
          return (
            <li
              key={keyOf(row)}
              class={`windowed-list__row ${rowClass?.(row) ?? ''}`}
              style={{ top: `${index * rowHeight}px`, height: `${rowHeight}px` }}
              aria-setsize={count}
              aria-posinset={index + 1}
            >
              {renderRow(row, { tabIndex: index === active ? 0 : -1, 'data-row-index': index })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
