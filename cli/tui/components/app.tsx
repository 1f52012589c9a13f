import { Box, Text, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { layoutDetail } from '../detail-lines.ts';
import { describeFilter } from '../filter.ts';
import { type KeyInfo, type KeyView, reduceKey } from '../keys.ts';
import { selectVisibleRows } from '../selectors.ts';
import type { TailStore } from '../store.ts';
import type { TailSnapshot } from '../types.ts';
import { INITIAL_UI_STATE, type UiAction, type UiState, uiReducer } from '../ui-state.ts';

type AppAction = UiAction | { type: 'key'; input: string; key: KeyInfo; view: KeyView };

function appReducer(state: UiState, action: AppAction): UiState {
  if (action.type === 'key') return reduceKey(state, action.input, action.key, action.view);
  return uiReducer(state, action);
}

import { DetailView } from './detail-view.tsx';
import { HelpView } from './help-view.tsx';
import { InvocationList } from './invocation-list.tsx';
import { StatusBar } from './status-bar.tsx';

export interface AppProps {
  store: TailStore;
  onQuit: () => void;
  /** Terminal size; read from stdout when not given (tests pass it). */
  width?: number;
  height?: number;
}

/** Follows the store's throttled snapshots; the store, not React, decides how often. */
function useSnapshot(store: TailStore): TailSnapshot {
  const [snapshot, setSnapshot] = useState(() => store.snapshot());
  useEffect(() => store.subscribe(setSnapshot), [store]);
  return snapshot;
}

function useTerminalSize(width?: number, height?: number): { width: number; height: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState({ width: stdout.columns ?? 160, height: stdout.rows ?? 45 });
  useEffect(() => {
    const onResize = (): void => setSize({ width: stdout.columns ?? 160, height: stdout.rows ?? 45 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return { width: width ?? size.width, height: height ?? size.height };
}

export function App({ store, onQuit, width: w, height: h }: AppProps) {
  const snapshot = useSnapshot(store);
  const { width, height } = useTerminalSize(w, h);
  const [state, dispatch] = useReducer(appReducer, INITIAL_UI_STATE);
  const rows = state.frozenRows ?? snapshot.rows;
  const searchVersion = state.paused ? 0 : snapshot.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run the search when new rows are published
  const searchHits = useMemo(
    () => (state.search ? store.matching((line) => state.search?.test(line) ?? false) : null),
    [store, state.search, searchVersion],
  );
  const visible = useMemo(
    () => selectVisibleRows(rows, state.filter, searchHits),
    [rows, state.filter, searchHits],
  );
  const bodyHeight = Math.max(3, height - 4);
  // Laid out per render: renders come at most once per publish interval or per key press.
  const detail =
    state.screen === 'detail' && state.selectedId !== null ? store.detail(state.selectedId) : null;
  const detailLines = detail
    ? layoutDetail(detail, { folded: state.folded, search: state.search, width })
    : [];

  const view = useRef<KeyView | null>(null);
  view.current = {
    rows: snapshot.rows,
    visibleIds: visible.map((r) => r.requestId),
    detailLines,
    pageSize: Math.max(1, bodyHeight - 2),
  };
  useInput((input, key) => {
    if (view.current) dispatch({ type: 'key', input, key, view: view.current });
  });
  useEffect(() => {
    if (state.quit) onQuit();
  }, [state.quit, onQuit]);

  const lastSeq = (list: typeof rows): number => list[list.length - 1]?.seq ?? -1;
  const pending = state.frozenRows ? lastSeq(snapshot.rows) - lastSeq(state.frozenRows) : 0;
  const filterText = describeFilter(state.filter);
  const title = [
    'lambdalens tail',
    state.screen === 'detail' ? 'invocation' : state.screen === 'help' ? 'help' : 'invocations',
    filterText ? `filter: ${filterText}` : '',
    state.search ? `search: ${state.search.text} (${searchHits?.size ?? 0} invocations)` : '',
    state.follow && state.screen === 'list' ? 'following' : '',
  ].filter(Boolean);

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          {title[0]}
        </Text>{' '}
        · {title.slice(1).join(' · ')}
        {state.paused ? (
          <Text color="yellow" bold>
            {' '}
            · PAUSED
          </Text>
        ) : null}
      </Text>
      {state.screen === 'help' ? (
        <HelpView height={bodyHeight} />
      ) : state.screen === 'detail' ? (
        detail ? (
          <DetailView lines={detailLines} cursor={state.detailCursor} height={bodyHeight} />
        ) : (
          <Box height={bodyHeight}>
            <Text dimColor>This invocation has left the buffer (see --max-invocations). Esc to go back.</Text>
          </Box>
        )
      ) : (
        <InvocationList
          rows={visible}
          selectedId={state.selectedId}
          follow={state.follow}
          height={bodyHeight}
          emptyText={
            rows.length === 0 ? 'Waiting for invocations…' : 'No invocation matches the filter or search.'
          }
        />
      )}
      <StatusBar
        snapshot={snapshot}
        shown={visible.length}
        paused={state.paused}
        pendingWhilePaused={pending}
      />
      <Footer prompt={state.prompt} notice={state.notice} screen={state.screen} />
    </Box>
  );
}

function Footer({
  prompt,
  notice,
  screen,
}: {
  prompt: { kind: 'search' | 'filter'; text: string } | null;
  notice: string | null;
  screen: string;
}) {
  if (prompt) {
    return (
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          {prompt.kind === 'search' ? 'search /' : 'filter:'}
        </Text>{' '}
        {prompt.text}
        <Text inverse> </Text>
      </Text>
    );
  }
  if (notice) return <Text color="red">{notice}</Text>;
  const hints =
    screen === 'detail'
      ? 'Esc back · j/k move · space fold JSON · / search · n/N next match · p pause · ? help · q quit'
      : 'Enter open · j/k move · g/G first/newest · / search · f filter · p pause · ? help · q quit';
  return (
    <Text dimColor wrap="truncate-end">
      {hints}
    </Text>
  );
}
