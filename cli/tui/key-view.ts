/**
 * What a key sees (the rows listed, the invocation open, its lines) for any UI state, not
 * only the one last drawn. Keys typed faster than frames arrive as one chunk ("f",
 * "status:timeout", Enter, "g", Enter): after the filter's Enter the list is another one,
 * and "g" and Enter must act on it, not on the rows the last frame showed.
 */
import { type DisplayLine, detailLayout } from './detail-lines.ts';
import type { GlyphSet } from './glyphs.ts';
import type { KeyView } from './keys.ts';
import { selectVisibleRows, sortRows } from './selectors.ts';
import type { InvocationDetail, TailStore } from './store.ts';
import type { RowView } from './types.ts';
import type { UiState } from './ui-state.ts';

/** What the last render computed, reused when a state asks for the same. */
export interface DrawnView {
  state: UiState;
  view: KeyView;
  searchHits: ReadonlySet<string> | null;
}

export interface KeyViewInputs {
  store: TailStore;
  /** The rows the store holds now (what a pause freezes). */
  liveRows: readonly RowView[];
  /** Detail width and glyphs, as the App lays the detail out. */
  width: number;
  glyphs: GlyphSet;
  region: string | null;
  drawn: DrawnView;
}

function visibleFor(state: UiState, inputs: KeyViewInputs): readonly RowView[] {
  const { drawn, store } = inputs;
  const before = drawn.state;
  const rows = state.frozenRows ?? inputs.liveRows;
  if (
    state.filter === before.filter &&
    state.search === before.search &&
    state.sort === before.sort &&
    state.frozenRows === before.frozenRows
  )
    return drawn.view.visible;
  const search = state.search;
  const hits = search === before.search ? drawn.searchHits : search ? store.matching(search) : null;
  return sortRows(selectVisibleRows(rows, state.filter, hits), state.sort);
}

function detailFor(
  state: UiState,
  inputs: KeyViewInputs,
): { detail: InvocationDetail | null; detailLines: readonly DisplayLine[]; maxScrollX: number } {
  const { drawn } = inputs;
  const before = drawn.state;
  if (
    state.screen === before.screen &&
    state.selectedId === before.selectedId &&
    state.detail === before.detail &&
    state.search === before.search &&
    state.highlights === before.highlights
  )
    return {
      detail: drawn.view.detail,
      detailLines: drawn.view.detailLines,
      maxScrollX: drawn.view.maxScrollX,
    };
  const detail =
    state.screen === 'detail' && state.selectedId !== null ? inputs.store.detail(state.selectedId) : null;
  const laidOut = detail
    ? detailLayout(detail, {
        state: state.detail,
        search: state.search,
        highlights: state.highlights,
        width: inputs.width,
        glyphs: inputs.glyphs,
        region: inputs.region,
      })
    : null;
  return { detail, detailLines: laidOut?.lines ?? [], maxScrollX: laidOut?.maxScrollX ?? 0 };
}

/** The key view for `state`: the drawn one when it is the drawn state, else computed as a render would. */
export function keyViewFor(state: UiState, inputs: KeyViewInputs): KeyView {
  if (state === inputs.drawn.state) return inputs.drawn.view;
  return { ...inputs.drawn.view, visible: visibleFor(state, inputs), ...detailFor(state, inputs) };
}
