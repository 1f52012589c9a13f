/**
 * Small selectors from a snapshot plus screen state to what one component draws.
 */
import { isFilterActive, matchesFilter, type RowFilter } from './filter.ts';
import type { RowView } from './types.ts';

/** Rows passing the filter and, when a search is set, holding a matching line. */
export function selectVisibleRows(
  rows: readonly RowView[],
  filter: RowFilter,
  searchHits: ReadonlySet<string> | null,
): readonly RowView[] {
  if (!isFilterActive(filter) && searchHits === null) return rows;
  return rows.filter(
    (row) => matchesFilter(row, filter) && (searchHits === null || searchHits.has(row.requestId)),
  );
}

export interface RowWindow {
  rows: readonly RowView[];
  /** Index of the selected row within `rows`, or -1. */
  selected: number;
}

/** The rows that fit in `height` lines: the newest when following, else around the selection. */
export function windowRows(
  visible: readonly RowView[],
  selectedId: string | null,
  follow: boolean,
  height: number,
): RowWindow {
  const size = Math.max(1, height);
  const last = visible.length - 1;
  let at = follow || selectedId === null ? last : visible.findIndex((r) => r.requestId === selectedId);
  if (at < 0) at = last;
  const offset = Math.max(0, Math.min(at - Math.floor(size / 2), visible.length - size));
  const rows = visible.slice(offset, offset + size);
  return { rows, selected: at - offset };
}

/** Start of the slice of `total` display lines that keeps `cursor` on screen. */
export function windowStart(total: number, cursor: number, height: number): number {
  const size = Math.max(1, height);
  return Math.max(0, Math.min(cursor - Math.floor(size / 3), total - size));
}
