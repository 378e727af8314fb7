import {
  mtoGridColumns,
  mtoLinkTarget,
  mtoRowTarget,
  type MtoGridColumns,
  type MtoIncidentTarget,
  type TenantDirectory,
} from '@/utils/portal/mto-incident-rows';
import { incidentIdFromHref } from '@/utils/portal/portal-url';

/**
 * Reads the multitenant incident list the way assistive technology does: by ARIA roles (grid, row,
 * columnheader, gridcell/rowheader) and the columns' names, never by the portal's generated class
 * names. What a row means is decided in utils/portal/mto-incident-rows.ts; this only finds the text.
 * A grid without a Tenant name column is not the incident list and is left alone, links in it too.
 */

/** One place a chip may go, with the incident it is for: a row of the list, or a link outside any grid. */
export interface MtoChipSlot {
  /** What the chip belongs to (the row or the link): one chip each. */
  owner: Element;
  /** The chip goes right before this element (a link) or first inside it (a cell). */
  anchor: Element;
  placement: 'before' | 'first';
  target: MtoIncidentTarget;
}

const gridSelector = '[role="grid"], [role="treegrid"]';
const cellSelector = '[role="gridcell"], [role="rowheader"], [role="columnheader"]';
/** Links that may point to an incident, filtered by the browser (as the tenant portal's chips do). */
const incidentLinkSelector = 'a[href*="incident" i]';

/** The elements of `selector` inside `grid` that belong to it, not to a grid nested in it. */
function ownedBy(grid: Element, selector: string): Element[] {
  return [...grid.querySelectorAll(selector)].filter((element) => element.parentElement?.closest(gridSelector) === grid);
}

function colIndexOf(element: Element): number | null {
  const value = Number(element.getAttribute('aria-colindex'));
  return Number.isInteger(value) && value > 0 ? value : null;
}

interface GridLayout {
  columns: MtoGridColumns;
  /** aria-colindex of each header (null where the grid gives none): cells are matched by it, else by position. */
  colIndexes: (number | null)[];
}

function gridLayout(grid: Element): GridLayout | null {
  const headers = ownedBy(grid, '[role="columnheader"]');
  const columns = mtoGridColumns(headers.map((header) => header.textContent ?? ''));
  return columns ? { columns, colIndexes: headers.map(colIndexOf) } : null;
}

/** The row's cells, each at the index of its column header. */
function cellsOf(row: Element, layout: GridLayout): (Element | null)[] {
  const cells = [...row.querySelectorAll(cellSelector)].filter((cell) => cell.closest('[role="row"]') === row);
  const byColIndex = layout.colIndexes.every((index) => index !== null) && cells.every((cell) => colIndexOf(cell) !== null);
  if (byColIndex) return layout.colIndexes.map((index) => cells.find((cell) => colIndexOf(cell) === index) ?? null);
  // Without aria-colindex, cells line up with the headers only when there are as many.
  return cells.length === layout.colIndexes.length ? cells : layout.colIndexes.map(() => null);
}

function rowSlot(row: Element, layout: GridLayout, directory: TenantDirectory): MtoChipSlot | null {
  const cells = cellsOf(row, layout);
  if (cells.some((cell) => cell?.getAttribute('role') === 'columnheader')) return null; // the header row
  const links = [...row.querySelectorAll<HTMLAnchorElement>(incidentLinkSelector)];
  const target = mtoRowTarget(
    layout.columns,
    { cells: cells.map((cell) => (cell ? (cell.textContent ?? '') : null)), links: links.map((link) => link.href) },
    directory,
  );
  if (!target) return null;
  const { incidentName, incidentId, tenantName } = layout.columns;
  const linkToIt = links.find((link) => incidentIdFromHref(link.href) === target.incidentId);
  if (linkToIt) return { owner: row, anchor: linkToIt, placement: 'before', target };
  const cell = [incidentName, incidentId, tenantName].map((index) => (index === null ? null : cells[index])).find(Boolean);
  return cell ? { owner: row, anchor: cell, placement: 'first', target } : null;
}

/** Every chip slot of the page now: rows of multitenant incident grids, and incident links (with `tid`) outside grids. */
export function readMtoChipSlots(root: ParentNode, directory: TenantDirectory): MtoChipSlot[] {
  const slots: MtoChipSlot[] = [];
  for (const grid of root.querySelectorAll(gridSelector)) {
    const layout = gridLayout(grid);
    if (!layout) continue;
    for (const row of ownedBy(grid, '[role="row"]')) {
      const slot = rowSlot(row, layout, directory);
      if (slot) slots.push(slot);
    }
  }
  for (const link of root.querySelectorAll<HTMLAnchorElement>(incidentLinkSelector)) {
    if (link.closest(gridSelector)) continue; // a grid's links are its rows' business (or nobody's)
    const target = mtoLinkTarget(link.href);
    if (target) slots.push({ owner: link, anchor: link, placement: 'before', target });
  }
  return slots;
}
