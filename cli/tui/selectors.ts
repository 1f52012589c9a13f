/**
 * Small selectors from a snapshot plus screen state to what one component draws. The
 * selection is resolved here once per render, and the keys act on what this returned, so
 * the row marked on screen is always the row Enter opens.
 */
import type { InvocationStatus } from '../../collectors/model.ts';
import { isFilterActive, matchesFilter, type RowFilter } from './filter.ts';
import type { RowView } from './types.ts';
import type { SortKey, UiState } from './ui-state.ts';

/** Rows passing the filter and, when a search is set, matching it. */
export function selectVisibleRows(
  rows: readonly RowView[],
  filter: RowFilter,
  searchHits: ReadonlySet<string> | null,
): readonly RowView[] {
  if (!isFilterActive(filter) && searchHits === null) return rows;
  return rows.filter((row) => matchesFilter(row, filter) && (searchHits === null || searchHits.has(row.id)));
}

/** Worst first: what needs looking at comes to the top. */
const STATUS_RANK: Record<InvocationStatus | 'live', number> = {
  crash: 0,
  oom: 1,
  timeout: 2,
  error: 3,
  incomplete: 4,
  live: 5,
  success: 6,
};

const nullsLast = (a: number | null, b: number | null): number =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a;

const memoryShare = (r: RowView): number | null =>
  r.maxMemoryUsedMB === null || !r.memorySizeMB ? null : r.maxMemoryUsedMB / r.memorySizeMB;

const COMPARE: Record<Exclude<SortKey, 'time'>, (a: RowView, b: RowView) => number> = {
  duration: (a, b) => nullsLast(a.durationMs, b.durationMs),
  cost: (a, b) => nullsLast(a.costUsd, b.costUsd),
  memory: (a, b) => nullsLast(memoryShare(a), memoryShare(b)),
  status: (a, b) => STATUS_RANK[a.live ? 'live' : a.status] - STATUS_RANK[b.live ? 'live' : b.status],
};

/**
 * Rows in the chosen order. Time order is the store's (start time across all sources);
 * the others put the largest (or the worst status) first, ties in time order.
 */
export function sortRows(rows: readonly RowView[], sort: SortKey): readonly RowView[] {
  if (sort === 'time') return rows;
  const compare = COMPARE[sort];
  const order = new Map<RowView, number>();
  for (let i = 0; i < rows.length; i++) order.set(rows[i] as RowView, i);
  return [...rows].sort((a, b) => compare(a, b) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

export interface Selection {
  /** Index in the visible rows, -1 when there are none. */
  index: number;
  id: string | null;
  key: number | null;
}

/**
 * The row the cursor is on: the newest when following; else the selected row; and when
 * that row has left the list (filtered out, or gone from the store), the row nearest its
 * start time, so the cursor lands where it was rather than jumping to an end.
 */
export function resolveSelection(
  visible: readonly RowView[],
  state: Pick<UiState, 'selectedId' | 'selectedKey' | 'follow' | 'sort'>,
): Selection {
  const at = (index: number): Selection => {
    const row = visible[index];
    return row ? { index, id: row.id, key: row.placeMs } : { index: -1, id: null, key: null };
  };
  if (visible.length === 0) return at(-1);
  const last = visible.length - 1;
  if (state.follow && state.sort === 'time') return at(last);
  if (state.selectedId !== null) {
    const found = visible.findIndex((r) => r.id === state.selectedId);
    if (found >= 0) return at(found);
  }
  if (state.selectedKey !== null && state.sort === 'time') {
    const key = state.selectedKey;
    const next = visible.findIndex((r) => r.placeMs !== null && r.placeMs >= key);
    return at(next < 0 ? last : next);
  }
  return at(state.sort === 'time' ? last : 0);
}

export interface RowWindow {
  rows: readonly RowView[];
  /** Index of the selected row within `rows`, or -1. */
  selected: number;
}

/** The rows that fit in `height` lines around the selection (the newest when following). */
export function windowRows(visible: readonly RowView[], selected: number, height: number): RowWindow {
  const size = Math.max(1, height);
  const at = selected < 0 ? visible.length - 1 : selected;
  const offset = Math.max(0, Math.min(at - Math.floor(size / 2), visible.length - size));
  return { rows: visible.slice(offset, offset + size), selected: selected < 0 ? -1 : at - offset };
}

/** Start of the slice of `total` display lines that keeps `cursor` on screen. */
export function windowStart(total: number, cursor: number, height: number): number {
  const size = Math.max(1, height);
  return Math.max(0, Math.min(cursor - Math.floor(size / 3), total - size));
}

/** What each pin owner holds, so the store never evicts what the user is looking at. */
export function pinsOf(state: UiState, selectedId: string | null): Record<string, ReadonlySet<string>> {
  return {
    pause: new Set(state.frozenRows?.map((r) => r.id) ?? []),
    selection: new Set(selectedId !== null && !state.follow ? [selectedId] : []),
    bookmarks: new Set(state.bookmarks),
  };
}
