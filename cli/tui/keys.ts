/**
 * Keys → reducer actions. Pure and free of Ink types, so each binding is tested by
 * calling it; the App only forwards what `useInput` reports.
 */
import type { DisplayLine } from './detail-lines.ts';
import type { RowView } from './types.ts';
import { type UiAction, type UiState, uiReducer } from './ui-state.ts';

/** The subset of Ink's key flags the bindings read. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
}

export interface KeyContext {
  state: UiState;
  /** The rows the store holds now (what a pause freezes). */
  rows: readonly RowView[];
  /** Request IDs of the rows the list shows, oldest first. */
  visibleIds: readonly string[];
  detailLines: readonly DisplayLine[];
  pageSize: number;
}

/** The actions a key press stands for, applied in order. */
export type KeyOutcome = readonly UiAction[];

const none: KeyOutcome = [];
const act = (...actions: UiAction[]): KeyOutcome => actions;

/** Selection after moving `delta` rows (or to an end); following when it lands on the newest. */
export function moveSelection(
  visibleIds: readonly string[],
  selectedId: string | null,
  delta: number,
): UiAction {
  if (visibleIds.length === 0) return { type: 'select', id: null, follow: true };
  const last = visibleIds.length - 1;
  const at = selectedId === null ? -1 : visibleIds.indexOf(selectedId);
  const from = at < 0 ? last : at;
  const to = Math.max(0, Math.min(last, from + delta));
  return { type: 'select', id: visibleIds[to] ?? null, follow: to === last };
}

function nextMatch(lines: readonly DisplayLine[], from: number, direction: 1 | -1): number | null {
  for (let i = 1; i <= lines.length; i++) {
    const index = (from + direction * i + lines.length) % lines.length;
    if (lines[index]?.match) return index;
  }
  return null;
}

function promptKey(input: string, key: KeyInfo): KeyOutcome {
  if (key.return) return act({ type: 'prompt-submit' });
  if (key.escape) return act({ type: 'prompt-cancel' });
  if (key.backspace || key.delete) return act({ type: 'prompt-backspace' });
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.tab || input === '') return none;
  return act({ type: 'prompt-input', text: input });
}

function commonKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome | null {
  if (input === 'q' && !key.ctrl) return act({ type: 'quit' });
  if (input === '?') return act({ type: 'help' });
  if (input === 'p') return act({ type: 'toggle-pause', rows: ctx.rows });
  if (input === '/') return act({ type: 'prompt-open', kind: 'search' });
  return null;
}

function listKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome {
  const { visibleIds, state, pageSize } = ctx;
  if (key.upArrow || input === 'k') return act(moveSelection(visibleIds, state.selectedId, -1));
  if (key.downArrow || input === 'j') return act(moveSelection(visibleIds, state.selectedId, 1));
  if (key.pageUp) return act(moveSelection(visibleIds, state.selectedId, -pageSize));
  if (key.pageDown) return act(moveSelection(visibleIds, state.selectedId, pageSize));
  if (input === 'g') return act(moveSelection(visibleIds, state.selectedId, -visibleIds.length));
  if (input === 'G') return act(moveSelection(visibleIds, state.selectedId, visibleIds.length));
  if (key.return) {
    const selected = moveSelection(visibleIds, state.selectedId, 0);
    return selected.type === 'select' && selected.id !== null ? act(selected, { type: 'open' }) : none;
  }
  if (input === 'f') return act({ type: 'prompt-open', kind: 'filter' });
  if (key.escape) return act({ type: 'back' });
  return commonKey(input, key, ctx) ?? none;
}

function detailKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome {
  const { state, detailLines, pageSize } = ctx;
  const last = Math.max(0, detailLines.length - 1);
  const cursor = (index: number): KeyOutcome =>
    act({ type: 'detail-cursor', index: Math.max(0, Math.min(last, index)) });
  if (key.escape || key.backspace || key.delete) return act({ type: 'back' });
  if (key.upArrow || input === 'k') return cursor(state.detailCursor - 1);
  if (key.downArrow || input === 'j') return cursor(state.detailCursor + 1);
  if (key.pageUp) return cursor(state.detailCursor - pageSize);
  if (key.pageDown) return cursor(state.detailCursor + pageSize);
  if (input === 'g') return cursor(0);
  if (input === 'G') return cursor(last);
  if (input === ' ' || key.return) {
    const lineIndex = detailLines[state.detailCursor]?.logLine;
    return lineIndex === undefined ? none : act({ type: 'toggle-fold', lineIndex });
  }
  if (input === 'n' || input === 'N') {
    const found = nextMatch(detailLines, state.detailCursor, input === 'n' ? 1 : -1);
    return found === null ? none : cursor(found);
  }
  return commonKey(input, key, ctx) ?? none;
}

/** What one key press does on the current screen. */
export function handleKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome {
  if (ctx.state.prompt) return promptKey(input, key);
  if (ctx.state.screen === 'help') {
    if (key.escape || input === '?' || input === 'q') return act({ type: 'back' });
    return none;
  }
  if (ctx.state.screen === 'detail') return detailKey(input, key, ctx);
  return listKey(input, key, ctx);
}

/** Everything a key needs besides the screen state, as the last render saw it. */
export type KeyView = Omit<KeyContext, 'state'>;

/**
 * Applies one key to the current state inside the reducer, so keys that arrive faster than
 * frames each see the state the previous key left.
 */
export function reduceKey(state: UiState, input: string, key: KeyInfo, view: KeyView): UiState {
  // Keys typed faster than the terminal is read arrive as one chunk ("jj", "errors\r"):
  // each character is then its own key, Enter and Backspace included.
  if (input.length > 1 && !key.ctrl && !key.meta && !key.escape) {
    let next = state;
    for (const ch of input) {
      const single: KeyInfo =
        ch === '\r' || ch === '\n'
          ? { return: true }
          : ch === '\u007f' || ch === '\b'
            ? { backspace: true }
            : {};
      const text = single.return || single.backspace ? '' : ch;
      next = handleKey(text, single, { ...view, state: next }).reduce(uiReducer, next);
    }
    return next;
  }
  return handleKey(input, key, { ...view, state }).reduce(uiReducer, state);
}
