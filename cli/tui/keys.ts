/**
 * Keys → reducer actions. Pure and free of Ink types, so each binding is tested by
 * calling it; the App only forwards what `useInput` reports. Every key that acts on "the
 * selected invocation" takes it from `view.selection`, resolved from what was drawn.
 */
import type { DisplayLine } from './detail-lines.ts';
import { firstAtOrAfter, parseJumpTime } from './jump.ts';
import { requestIdOfRow } from './row-view.ts';
import { resolveSelection, type Selection } from './selectors.ts';
import type { InvocationDetail } from './store.ts';
import type { RowView } from './types.ts';
import { SORT_KEYS, type UiAction, type UiState, uiReducer } from './ui-state.ts';

/** The subset of Ink's key flags the bindings read. */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
}

/** Everything a key needs besides the screen state, as the last render drew it. */
export interface KeyView {
  /** The rows the store holds now (what a pause freezes). */
  rows: readonly RowView[];
  /** The rows the list shows, in the order shown. */
  visible: readonly RowView[];
  detail: InvocationDetail | null;
  detailLines: readonly DisplayLine[];
  /** How far the detail's lines scroll sideways (the longest one's end at the right edge). */
  maxScrollX: number;
  pageSize: number;
  /** Lines of the help and summary screens, to bound their scrolling. */
  helpLines: number;
  summaryLines: number;
}

export interface KeyContext extends KeyView {
  state: UiState;
  /** The row the cursor is drawn on, resolved from `visible` and the state as the list does it. */
  selection: Selection;
}

/** The actions a key press stands for, applied in order. */
export type KeyOutcome = readonly UiAction[];

const none: KeyOutcome = [];
const act = (...actions: UiAction[]): KeyOutcome => actions;

/** Selection after moving `delta` rows; following again when it lands on the newest in time order. */
export function moveSelection(
  ctx: Pick<KeyContext, 'visible' | 'selection' | 'state'>,
  delta: number,
): UiAction {
  const { visible, selection } = ctx;
  if (visible.length === 0) return { type: 'select', id: null, key: null, follow: true };
  const last = visible.length - 1;
  const from = selection.index < 0 ? last : selection.index;
  const to = Math.max(0, Math.min(last, from + delta));
  const row = visible[to];
  return {
    type: 'select',
    id: row?.id ?? null,
    key: row?.placeMs ?? null,
    follow: to === last && ctx.state.sort === 'time',
  };
}

function nextMatch(lines: readonly DisplayLine[], from: number, direction: 1 | -1): number | null {
  for (let i = 1; i <= lines.length; i++) {
    const index = (from + direction * i + lines.length) % lines.length;
    if (lines[index]?.match) return index;
  }
  return null;
}

function jumpTo(text: string, ctx: KeyContext): KeyOutcome {
  const times = ctx.visible.map((r) => r.placeMs);
  const newest = times.reduce<number | null>((m, t) => (t !== null && (m === null || t > m) ? t : m), null);
  const parsed = parseJumpTime(text, newest);
  if (!parsed.ok)
    return act({ type: 'prompt-cancel' }, { type: 'notice', notice: { text: parsed.error, tone: 'error' } });
  const sorted =
    ctx.state.sort === 'time'
      ? ctx.visible
      : [...ctx.visible].sort((a, b) => (a.placeMs ?? 0) - (b.placeMs ?? 0));
  const index = firstAtOrAfter(
    sorted.map((r) => r.placeMs),
    parsed.value,
  );
  const row = sorted[index];
  if (!row) return act({ type: 'prompt-cancel' });
  return act(
    { type: 'prompt-cancel' },
    { type: 'sort', sort: 'time' },
    { type: 'select', id: row.id, key: row.placeMs, follow: false },
  );
}

function promptKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome {
  const prompt = ctx.state.prompt;
  if (key.return) {
    if (prompt?.kind === 'jump') return jumpTo(prompt.text, ctx);
    return act({ type: 'prompt-submit' });
  }
  if (key.escape) return act({ type: 'prompt-cancel' });
  if (key.backspace || key.delete) return act({ type: 'prompt-backspace' });
  if (key.ctrl && input === 'u') return act({ type: 'prompt-clear' });
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.tab || input === '') return none;
  return act({ type: 'prompt-input', text: input });
}

const copy = (label: string, text: string | null): UiAction =>
  text
    ? { type: 'effect', effect: { kind: 'copy', label, text } }
    : { type: 'notice', notice: { text: `no ${label} to copy`, tone: 'error' } };

function exportPrompt(ids: readonly string[], placeholder: string): UiAction {
  return ids.length === 0
    ? { type: 'notice', notice: { text: 'nothing to export', tone: 'error' } }
    : { type: 'prompt-open', kind: 'export', text: '', ids, placeholder };
}

/** Keys that mean the same on every screen but help. */
function commonKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome | null {
  const { state, selection } = ctx;
  if (key.ctrl && input === 'z') return act({ type: 'effect', effect: { kind: 'suspend' } });
  if (key.ctrl || key.meta) return none;
  if (key.tab) return act({ type: 'summary' });
  const selectedRow = ctx.visible[selection.index] ?? null;
  const id = state.screen === 'detail' ? state.selectedId : selection.id;
  switch (input) {
    case 'q':
      return act({ type: 'quit' });
    case '?':
      return act({ type: 'help' });
    case 'p':
      return act({ type: 'toggle-pause', rows: ctx.rows });
    case '/':
      return act({ type: 'prompt-open', kind: 'search' });
    case 'h':
      return act({ type: 'prompt-open', kind: 'highlight' });
    case 'H':
      return act({ type: 'clear-highlights' });
    case 'm':
      return id === null ? none : act({ type: 'bookmark', id });
    case 'y':
      return act(copy('request ID', id === null ? null : requestIdOfRow(id)));
    case 'Y':
      return act(copy('trace ID', ctx.detail?.invocation.traceId ?? selectedRow?.traceId ?? null));
    case 'e':
      return act(
        exportPrompt(
          id === null ? [] : [id],
          id === null ? '' : `lambdalens-${requestIdOfRow(id).slice(0, 8)}.txt`,
        ),
      );
    case 'E': {
      const ids = ctx.visible.map((r) => r.id);
      return act(exportPrompt(ids, `lambdalens-${ids.length}-invocations.ndjson`));
    }
  }
  return null;
}

function nextBookmark(ctx: KeyContext, direction: 1 | -1): KeyOutcome {
  const marked = new Set(ctx.state.bookmarks);
  const n = ctx.visible.length;
  for (let i = 1; i <= n; i++) {
    const index = (((Math.max(ctx.selection.index, 0) + direction * i) % n) + n) % n;
    const row = ctx.visible[index];
    if (row && marked.has(row.id))
      return act({ type: 'select', id: row.id, key: row.placeMs, follow: false });
  }
  return act({
    type: 'notice',
    notice: { text: 'no bookmarked invocation in the list (m marks one)', tone: 'info' },
  });
}

function listKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome {
  const { visible, pageSize, selection, state } = ctx;
  if (key.upArrow || input === 'k') return act(moveSelection(ctx, -1));
  if (key.downArrow || input === 'j') return act(moveSelection(ctx, 1));
  if (key.pageUp) return act(moveSelection(ctx, -pageSize));
  if (key.pageDown) return act(moveSelection(ctx, pageSize));
  if (key.home || input === 'g') return act(moveSelection(ctx, -visible.length));
  if (key.end || input === 'G') return act(moveSelection(ctx, visible.length));
  if (key.return)
    return selection.id === null ? none : act({ type: 'open', id: selection.id, key: selection.key });
  if (key.escape) return act({ type: 'back' });
  switch (input) {
    case 'f':
      return act({ type: 'prompt-open', kind: 'filter' });
    case 't':
      return act({ type: 'prompt-open', kind: 'jump' });
    case 's': {
      const next = SORT_KEYS[(SORT_KEYS.indexOf(state.sort) + 1) % SORT_KEYS.length] ?? 'time';
      return act(
        { type: 'sort', sort: next },
        { type: 'notice', notice: { text: `sorted by ${next}`, tone: 'info' } },
      );
    }
    case 'b':
      return nextBookmark(ctx, 1);
    case 'B':
      return nextBookmark(ctx, -1);
  }
  return commonKey(input, key, ctx) ?? none;
}

function detailKey(input: string, key: KeyInfo, ctx: KeyContext): KeyOutcome {
  const { state, detailLines, pageSize } = ctx;
  const d = state.detail;
  const last = Math.max(0, detailLines.length - 1);
  const cursor = (index: number): KeyOutcome =>
    act({ type: 'detail', change: { cursor: Math.max(0, Math.min(last, index)) } });
  if (key.escape || key.backspace || key.delete) return act({ type: 'back' });
  if (key.upArrow || input === 'k') return cursor(d.cursor - 1);
  if (key.downArrow || input === 'j') return cursor(d.cursor + 1);
  if (key.pageUp) return cursor(d.cursor - pageSize);
  if (key.pageDown) return cursor(d.cursor + pageSize);
  if (key.home || input === 'g') return cursor(0);
  if (key.end || input === 'G') return cursor(last);
  // Sideways scrolling stops at the longest line's end, so ← answers at once after many →.
  const scrolled = Math.min(d.scrollX, ctx.maxScrollX);
  if (key.leftArrow) return act({ type: 'detail', change: { scrollX: Math.max(0, scrolled - 8) } });
  if (key.rightArrow)
    return act({
      type: 'detail',
      change: { scrollX: Math.min(ctx.maxScrollX, d.scrollX + 8), wrap: false },
    });
  if (input === ' ' || key.return) {
    const lineIndex = detailLines[d.cursor]?.logLine;
    return lineIndex === undefined ? none : act({ type: 'toggle-fold', lineIndex });
  }
  switch (input) {
    case 'z':
      return act({ type: 'fold-all' });
    case 'J':
      return act({ type: 'detail', change: { json: d.json === 'pretty' ? 'compact' : 'pretty' } });
    case 'w':
      return act({ type: 'detail', change: { wrap: !d.wrap, scrollX: 0 } });
    case '0':
      return act({ type: 'detail', change: { scrollX: 0 } });
    case 'n':
    case 'N': {
      const found = nextMatch(detailLines, d.cursor, input === 'n' ? 1 : -1);
      return found === null ? none : cursor(found);
    }
    case 'c': {
      const lineIndex = detailLines[d.cursor]?.logLine;
      const line =
        lineIndex === undefined ? null : (ctx.detail?.invocation.lines[lineIndex]?.message ?? null);
      return act(copy('line', line));
    }
    case '[':
    case ']': {
      const at = ctx.visible.findIndex((r) => r.id === state.selectedId);
      const row = at < 0 ? undefined : ctx.visible[at + (input === ']' ? 1 : -1)];
      return row ? act({ type: 'open', id: row.id, key: row.placeMs }) : none;
    }
  }
  return commonKey(input, key, ctx) ?? none;
}

function scrollKey(input: string, key: KeyInfo, at: number, total: number, pageSize: number): number | null {
  const last = Math.max(0, total - pageSize);
  if (key.upArrow || input === 'k') return Math.max(0, at - 1);
  if (key.downArrow || input === 'j') return Math.min(last, at + 1);
  if (key.pageUp) return Math.max(0, at - pageSize);
  if (key.pageDown || input === ' ') return Math.min(last, at + pageSize);
  if (key.home || input === 'g') return 0;
  if (key.end || input === 'G') return last;
  return null;
}

/** What one key press does on the current screen. */
export function handleKey(input: string, key: KeyInfo, view: KeyView & { state: UiState }): KeyOutcome {
  const ctx: KeyContext = { ...view, selection: resolveSelection(view.visible, view.state) };
  const { state } = ctx;
  if (state.prompt) return promptKey(input, key, ctx);
  if (state.screen === 'help') {
    // q quits here as everywhere, as the help itself says: it does not close the help.
    if (input === 'q') return act({ type: 'quit' });
    if (key.escape || input === '?') return act({ type: 'back' });
    const to = scrollKey(input, key, state.helpScroll, ctx.helpLines, ctx.pageSize);
    return to === null ? none : act({ type: 'help-scroll', to });
  }
  if (state.screen === 'summary') {
    if (key.escape) return act({ type: 'back' });
    const to = scrollKey(input, key, state.summaryScroll, ctx.summaryLines, ctx.pageSize);
    if (to !== null) return act({ type: 'summary-scroll', to });
    return commonKey(input, key, ctx) ?? none;
  }
  if (state.screen === 'detail') return detailKey(input, key, ctx);
  return listKey(input, key, ctx);
}

/** One character of a chunk as the key it stands for: Enter, Backspace, Tab, Ctrl-letter or itself. */
function keyOfChar(ch: string): [string, KeyInfo] {
  if (ch === '\r' || ch === '\n') return ['', { return: true }];
  if (ch === '\u007f' || ch === '\b') return ['', { backspace: true }];
  if (ch === '\t') return ['', { tab: true }];
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ctrl: true }];
  return [ch, {}];
}

/** The key view for a state (the rows it lists, the invocation it has open). */
export type KeyViewOf = (state: UiState) => KeyView;

/**
 * Applies one key to the current state inside the reducer, so keys that arrive faster than
 * frames each see the state the previous key left, and the rows that state lists: given a
 * `KeyViewOf`, the view is asked again for every key (a filter's Enter changes the list
 * that the next key moves in). A plain `KeyView` is the same for every key.
 */
export function reduceKey(state: UiState, input: string, key: KeyInfo, view: KeyView | KeyViewOf): UiState {
  const viewOf: KeyViewOf = typeof view === 'function' ? view : () => view;
  // A notice (`cleared filter …`, `exported …`) takes the key hints' line until the next key:
  // a key read outside a prompt clears it, and may set a new one.
  const apply = (s: UiState, text: string, k: KeyInfo): UiState => {
    const from = s.notice !== null && s.prompt === null ? { ...s, notice: null } : s;
    return handleKey(text, k, { ...viewOf(from), state: from }).reduce(uiReducer, from);
  };
  // Keys typed faster than the terminal is read arrive as one chunk ("jj", "errors\r",
  // "j\x1a"): each character is then its own key, Enter, Backspace and Ctrl keys included.
  if (input.length > 1 && !key.ctrl && !key.meta && !key.escape) {
    let next = state;
    for (const ch of input) {
      const [text, single] = keyOfChar(ch);
      next = apply(next, text, single);
    }
    return next;
  }
  // Esc then a key, typed quickly, arrive as one chunk that reads as Alt-key ("\x1bp"). No
  // key is bound to Alt, so it is what was typed: Esc (close what is open), then the key.
  if (key.meta && input.length === 1 && input >= ' ' && !key.ctrl && !key.escape) {
    return apply(apply(state, '', { escape: true }), input, {});
  }
  return apply(state, input, key);
}
