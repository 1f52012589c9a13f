import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useReducer, useRef } from 'react';
import { layoutColumns, naturalFunctionWidth } from '../columns.ts';
import { layoutDetail } from '../detail-lines.ts';
import { describeFilter } from '../filter.ts';
import { spansDays } from '../format.ts';
import type { GlyphSet } from '../glyphs.ts';
import { summarizeRows } from '../health.ts';
import { helpLines } from '../help.ts';
import { type KeyInfo, type KeyView, reduceKey } from '../keys.ts';
import { failedCount, pinsOf, resolveSelection, selectVisibleRows, sortRows } from '../selectors.ts';
import type { TailStore } from '../store.ts';
import { summaryLines } from '../summary-lines.ts';
import { INITIAL_UI_STATE, type UiAction, type UiState, uiReducer } from '../ui-state.ts';
import { DetailView } from './detail-view.tsx';
import { Footer } from './footer.tsx';
import { HelpView } from './help-view.tsx';
import {
  type TuiHost,
  useEffects,
  useHighlightMarks,
  usePins,
  useShown,
  useSnapshot,
  useTerminalSize,
} from './hooks.ts';
import { InvocationList } from './invocation-list.tsx';
import { StatusBar } from './status-bar.tsx';
import { SummaryView } from './summary-view.tsx';
import { GlyphContext } from './theme.ts';

type AppAction = UiAction | { type: 'key'; input: string; key: KeyInfo; view: KeyView };

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
  const version = state.paused ? 0 : snapshot.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run the search when new rows are published
  const searchHits = useMemo(
    () => (state.search ? store.matching((text) => state.search?.test(text) ?? false) : null),
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
  const help = useMemo(() => helpLines(glyphs), [glyphs]);

  // Laid out per render: renders come at most once per publish interval or per key press.
  const detail =
    state.screen === 'detail' && state.selectedId !== null ? store.detail(state.selectedId) : null;
  const detailLines = detail
    ? layoutDetail(detail, {
        state: state.detail,
        search: state.search,
        highlights: state.highlights,
        width: width - 1,
        glyphs,
        region,
      })
    : [];
  const failed = failedCount(visible);
  const summary =
    state.screen === 'summary'
      ? summaryLines(
          summarizeRows(visible),
          store.health(),
          width,
          `On screen: ${visible.length} invocations${state.paused ? ' (paused)' : ''}${describeFilter(state.filter) ? `, filter ${describeFilter(state.filter)}` : ''}`,
        )
      : [];

  const view = useRef<KeyView | null>(null);
  view.current = {
    rows: snapshot.rows,
    visible,
    detail,
    detailLines,
    pageSize: Math.max(1, bodyHeight - 2),
    helpLines: help.length + 1,
    summaryLines: summary.length,
  };
  useInput((input, key) => {
    if (view.current) dispatch({ type: 'key', input, key, view: view.current });
  });
  useEffects(state, dispatch, host);
  useEffect(() => {
    if (state.quit) host.quit();
  }, [state.quit, host]);
  useEffect(() => onState?.(state), [state, onState]);

  const lastSeq = (list: typeof rows): number => list.reduce((m, r) => Math.max(m, r.seq), -1);
  const pending = state.frozenRows ? snapshot.rows.filter((r) => r.seq > lastSeq(rows)).length : 0;
  const sep = ` ${glyphs.separator} `;
  const filterText = describeFilter(state.filter);
  const screenName = { list: 'invocations', detail: 'invocation', summary: 'summary', help: 'help' }[
    state.screen
  ];
  const title = [
    screenName,
    state.sort === 'time' ? '' : `sorted by ${state.sort}`,
    filterText ? `filter: ${filterText}` : '',
    state.search ? `search: ${state.search.text} (${searchHits?.size ?? 0} invocations)` : '',
    state.highlights.length > 0 ? `highlight: ${state.highlights.map((hl) => hl.text).join(', ')}` : '',
    state.follow && state.sort === 'time' && state.screen === 'list' ? 'following' : '',
  ].filter(Boolean);

  return (
    <GlyphContext.Provider value={glyphs}>
      <Box flexDirection="column" width={width} height={height}>
        <Text wrap="truncate-end">
          <Text bold color="cyan">
            lambdalens tail
          </Text>
          {sep}
          {title.join(sep)}
          {state.paused ? (
            <Text color="yellow" bold>
              {sep}PAUSED
            </Text>
          ) : null}
        </Text>
        {state.screen === 'help' ? (
          <HelpView lines={help} scroll={state.helpScroll} height={bodyHeight} />
        ) : state.screen === 'summary' ? (
          <SummaryView lines={summary} scroll={state.summaryScroll} height={bodyHeight} />
        ) : state.screen === 'detail' ? (
          detail ? (
            <DetailView lines={detailLines} cursor={state.detail.cursor} height={bodyHeight} />
          ) : (
            <Box height={bodyHeight}>
              <Text dimColor>
                This invocation has left the buffer (see --max-invocations). Esc to go back.
              </Text>
            </Box>
          )
        ) : (
          <InvocationList
            rows={visible}
            selected={selection.index}
            height={bodyHeight}
            layout={layout}
            bookmarks={bookmarks}
            highlights={highlightMarks}
            emptyText={
              rows.length === 0
                ? `Waiting for invocations${glyphs.ellipsis}`
                : 'No invocation matches the filter or search.'
            }
          />
        )}
        <StatusBar
          snapshot={snapshot}
          shown={visible.length}
          failed={failed}
          paused={state.paused}
          pendingWhilePaused={pending}
        />
        <Footer prompt={state.prompt} notice={state.notice} screen={state.screen} />
      </Box>
    </GlyphContext.Provider>
  );
}
