import { useInput } from 'ink';
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { countOf, footerLine, statusLines, titleLine } from '../chrome-lines.ts';
import { layoutColumns, naturalFunctionWidth } from '../columns.ts';
import { detailLayout, detailScreen } from '../detail-lines.ts';
import { describeFilter } from '../filter.ts';
import { spansDays } from '../format.ts';
import type { GlyphSet } from '../glyphs.ts';
import { summarizeRows } from '../health.ts';
import { helpLines, helpScreen } from '../help.ts';
import { keyViewFor } from '../key-view.ts';
import { type KeyInfo, type KeyViewOf, reduceKey } from '../keys.ts';
import { listLines } from '../list-lines.ts';
import { type Line, paintLine, plain } from '../paint.ts';
import { pinsOf, resolveSelection, selectVisibleRows, sortRows } from '../selectors.ts';
import type { TailStore } from '../store.ts';
import { summaryLines, summaryScreen } from '../summary-lines.ts';
import { INITIAL_UI_STATE, type UiAction, type UiState, uiReducer } from '../ui-state.ts';
import {
  type TuiHost,
  useEffects,
  useHighlightMarks,
  usePins,
  useShown,
  useSnapshot,
  useTerminalSize,
} from './hooks.ts';
import { Lines } from './lines.tsx';

type AppAction = UiAction | { type: 'key'; input: string; key: KeyInfo; view: KeyViewOf };

function appReducer(state: UiState, action: AppAction): UiState {
  if (action.type === 'key') return reduceKey(state, action.input, action.key, action.view);
  return uiReducer(state, action);
}

export interface AppProps {
  store: TailStore;
  host: TuiHost;
  glyphs: GlyphSet;
  /** Region for console links when the logs do not say. */
  region?: string | null;
  /** State to start from (after a suspend or a pager, the App is mounted again). */
  initialState?: UiState;
  onState?: (state: UiState) => void;
  /** Terminal size; read from stdout when not given (tests pass it). */
  width?: number;
  height?: number;
}

/**
 * The state owner: snapshots from the store, the reducer's state, and the lines every view
 * lays out (pure functions), painted and handed to Ink as finished lines.
 */
export function App({
  store,
  host,
  glyphs,
  region = null,
  initialState,
  onState,
  width: w,
  height: h,
}: AppProps) {
  const snapshot = useSnapshot(store);
  const size = useTerminalSize(w, h);
  const height = Math.max(8, size.height);
  const width = size.width;
  const [state, dispatch] = useReducer(appReducer, initialState ?? INITIAL_UI_STATE);
  const rows = state.frozenRows ?? snapshot.rows;
  // Paused, the search and highlights stand as they are, but rows a pass left for their thread's
  // copy (thread-rows.ts) are still asked on the publishes after.
  const version = state.paused && !store.patternsWaiting() ? 0 : snapshot.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run the search when new rows are published
  const searchHits = useMemo(
    () => (state.search ? store.matching(state.search) : null),
    [store, state.search, version],
  );
  const visible = useMemo(
    () => sortRows(selectVisibleRows(rows, state.filter, searchHits), state.sort),
    [rows, state.filter, searchHits, state.sort],
  );
  const selection = resolveSelection(visible, state);
  usePins(store, pinsOf(state, state.screen === 'detail' ? state.selectedId : selection.id));
  useShown(store, snapshot.version);
  const highlightMarks = useHighlightMarks(store, state.highlights, version);
  const bookmarks = useMemo(() => new Set(state.bookmarks), [state.bookmarks]);
  const fnWidth = useMemo(() => naturalFunctionWidth(rows), [rows]);
  const withDate = spansDays(snapshot.stats.spanMs);
  const layout = useMemo(() => layoutColumns(width, fnWidth, withDate), [width, fnWidth, withDate]);
  const bodyHeight = Math.max(3, height - 4);
  const help = useMemo(() => helpLines(glyphs, width), [glyphs, width]);

  // Laid out per render: renders come at most once per publish interval or per key press.
  const detail =
    state.screen === 'detail' && state.selectedId !== null ? store.detail(state.selectedId) : null;
  const laidOut = detail
    ? detailLayout(detail, {
        state: state.detail,
        search: state.search,
        highlights: state.highlights,
        width: width - 1,
        glyphs,
        region,
      })
    : null;
  const detailLines = laidOut?.lines ?? [];
  const summary =
    state.screen === 'summary'
      ? summaryLines(
          summarizeRows(visible),
          store.health(),
          width,
          `On screen: ${countOf(visible.length, 'invocation')}${state.paused ? ' (paused)' : ''}${describeFilter(state.filter) ? `, filter ${describeFilter(state.filter)}` : ''}`,
          glyphs,
        )
      : [];

  const drawn = {
    state,
    searchHits,
    view: {
      rows: snapshot.rows,
      visible,
      detail,
      detailLines,
      maxScrollX: laidOut?.maxScrollX ?? 0,
      pageSize: Math.max(1, bodyHeight - 2),
      helpLines: help.length + 1,
      summaryLines: summary.length,
    },
  };
  // Keys of one chunk, or dispatched before the next render, each see the rows of the state
  // the previous key left (a filter's Enter, then g and Enter), not those last drawn.
  const view = useRef<KeyViewOf | null>(null);
  view.current = (s) =>
    keyViewFor(s, { store, liveRows: snapshot.rows, width: width - 1, glyphs, region, drawn });
  useInput((input, key) => {
    if (view.current) dispatch({ type: 'key', input, key, view: view.current });
  });
  useEffects(state, dispatch, host);
  // A pattern gives up during a render (its pass ran over budget): the state then drops it.
  useEffect(() => {
    if (state.search?.gaveUp() || state.highlights.some((h) => h.gaveUp()))
      dispatch({ type: 'patterns-gave-up' });
  });
  // While a pattern is typed, the held rows' lines go to its thread, a slice each publish.
  const typingPattern = state.prompt?.kind === 'search' || state.prompt?.kind === 'highlight';
  // biome-ignore lint/correctness/useExhaustiveDependencies: another slice when new rows are published
  useEffect(() => {
    if (typingPattern) store.preparePatterns();
  }, [store, typingPattern, snapshot.version]);
  useEffect(() => {
    if (state.quit) host.quit();
  }, [state.quit, host]);
  useEffect(() => onState?.(state), [state, onState]);

  let body: Line[];
  if (state.screen === 'help') body = helpScreen(help, state.helpScroll, bodyHeight, glyphs);
  else if (state.screen === 'summary') body = summaryScreen(summary, state.summaryScroll, bodyHeight);
  else if (state.screen === 'detail') {
    body = detail
      ? detailScreen(detailLines, state.detail.cursor, bodyHeight, glyphs)
      : [
          [
            plain('This invocation has left the buffer (see --max-invocations). Esc to go back.', {
              dim: true,
            }),
          ],
        ];
  } else {
    body = listLines({
      rows: visible,
      selected: selection.index,
      height: bodyHeight,
      layout,
      glyphs,
      bookmarks,
      highlights: highlightMarks,
      emptyText:
        rows.length === 0
          ? `Waiting for invocations${glyphs.ellipsis}`
          : 'No invocation matches the filter or search (Esc clears them).',
    });
  }
  const newest = state.frozenRows ? state.frozenRows.reduce((m, r) => Math.max(m, r.seq), -1) : 0;
  const status = statusLines({
    snapshot,
    shown: visible.length,
    paused: state.paused,
    pendingWhilePaused: state.frozenRows ? snapshot.rows.filter((r) => r.seq > newest).length : 0,
    glyphs,
    width,
  });
  // The search count is of the rows listed: those the filter keeps too.
  const screen: Line[] = [
    titleLine(
      state,
      searchHits ? visible.length : null,
      glyphs,
      store.functionNames(),
      state.search !== null && store.patternsWaiting(state.search),
    ),
    ...body.slice(0, bodyHeight),
  ];
  while (screen.length < bodyHeight + 1) screen.push([]);
  screen.push(...status, footerLine(state, glyphs));
  const painted = screen.map((line) => paintLine(line, width, glyphs.ellipsis));
  return <Lines lines={painted} width={width} height={height} />;
}
