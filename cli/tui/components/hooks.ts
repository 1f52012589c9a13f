/**
 * The App's connections to the world outside React: the store's snapshots, the terminal
 * size, the store's pins, and the effects the reducer queued. Each is a thin effect over
 * something pure.
 */
import { useStdout } from 'ink';
import { type Dispatch, useEffect, useRef, useState } from 'react';
import type { Highlight } from '../filter.ts';
import type { Colour } from '../format.ts';
import type { TailStore } from '../store.ts';
import type { TailSnapshot } from '../types.ts';
import type { Effect, UiAction, UiState } from '../ui-state.ts';

/** What the App asks of the program around it. */
export interface TuiHost {
  copy(text: string): void;
  /** Writes the invocations to a file and says where; a pager target leaves the screen to the pager. */
  exportTo(ids: readonly string[], target: string): Promise<string>;
  suspend(): void;
  quit(): void;
}

/** Follows the store's throttled snapshots; the store, not React, decides how often. */
export function useSnapshot(store: TailStore): TailSnapshot {
  const [snapshot, setSnapshot] = useState(() => store.snapshot());
  useEffect(() => store.subscribe(setSnapshot), [store]);
  return snapshot;
}

/**
 * Once a snapshot is drawn, rows that left the ring before it can no longer be acted on.
 * Called after `usePins`, so a pause pins the rows it froze before they are let go.
 */
export function useShown(store: TailStore, version: number): void {
  useEffect(() => store.shown(version), [store, version]);
}

export function useTerminalSize(width?: number, height?: number): { width: number; height: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => ({ width: stdout.columns || 80, height: stdout.rows || 24 }));
  useEffect(() => {
    const onResize = (): void => setSize({ width: stdout.columns || 80, height: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return { width: width ?? size.width, height: height ?? size.height };
}

function sameSet(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): boolean {
  if (!a || a.size !== b.size) return false;
  for (const id of b) if (!a.has(id)) return false;
  return true;
}

/** Tells the store what must not be evicted, when it changes. */
export function usePins(store: TailStore, pins: Record<string, ReadonlySet<string>>): void {
  const last = useRef<Record<string, ReadonlySet<string>>>({});
  useEffect(() => {
    for (const [owner, ids] of Object.entries(pins)) {
      if (sameSet(last.current[owner], ids)) continue;
      last.current[owner] = ids;
      store.setPins(owner, ids);
    }
  });
}

/** Runs each queued effect once and reports how it went as a notice. */
export function useEffects(state: UiState, dispatch: Dispatch<UiAction>, host: TuiHost): void {
  useEffect(() => {
    if (state.effects.length === 0) return;
    const batch = state.effects;
    dispatch({ type: 'effects-done', upTo: batch[batch.length - 1]?.seq ?? 0 });
    for (const { effect } of batch) run(effect, dispatch, host);
  }, [state.effects, dispatch, host]);
}

function run(effect: Effect, dispatch: Dispatch<UiAction>, host: TuiHost): void {
  switch (effect.kind) {
    case 'copy':
      host.copy(effect.text);
      dispatch({
        type: 'notice',
        notice: { text: `copied ${effect.label}: ${effect.text.slice(0, 80)}`, tone: 'info' },
      });
      return;
    case 'export':
      host.exportTo(effect.ids, effect.target).then(
        (text) => dispatch({ type: 'notice', notice: { text, tone: 'info' } }),
        (error: unknown) =>
          dispatch({
            type: 'notice',
            notice: { text: `export failed: ${(error as Error).message}`, tone: 'error' },
          }),
      );
      return;
    case 'suspend':
      host.suspend();
      return;
  }
}

const NO_MARKS: ReadonlyMap<string, Colour> = new Map();

/** Which held invocations carry each highlight term, coloured by the first term found. */
export function useHighlightMarks(
  store: TailStore,
  highlights: readonly Highlight[],
  version: number,
): ReadonlyMap<string, Colour> {
  const [marks, setMarks] = useState<ReadonlyMap<string, Colour>>(NO_MARKS);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when new rows are published
  useEffect(() => {
    if (highlights.length === 0) {
      setMarks(NO_MARKS); // the same object: no second render per publish when nothing is highlighted
      return;
    }
    const out = new Map<string, Colour>();
    for (const h of highlights) {
      for (const id of store.matching(h)) if (!out.has(id)) out.set(id, h.colour);
    }
    setMarks(out);
  }, [store, highlights, version]);
  return marks;
}
