/**
 * Screen state of the tail UI as a reducer: which screen, which invocation, the prompt,
 * filter, search, highlights, sort, pause, bookmarks, and the side effects a key asked
 * for (copy, export, suspend) waiting to be run. Pure, so every key's effect is testable
 * without a terminal.
 */
import {
  addHighlight,
  type Highlight,
  NO_FILTER,
  parseFilter,
  parseSearch,
  type RowFilter,
  type Search,
} from './filter.ts';
import { PASS_BUDGET_MS } from './pattern-thread.ts';
import type { RowView } from './types.ts';

export type Screen = 'list' | 'detail' | 'summary' | 'help';
export type SortKey = 'time' | 'duration' | 'cost' | 'memory' | 'status';
export const SORT_KEYS: readonly SortKey[] = ['time', 'duration', 'cost', 'memory', 'status'];
export type PromptKind = 'search' | 'filter' | 'highlight' | 'jump' | 'export';

export interface Prompt {
  kind: PromptKind;
  text: string;
  /** Export: the invocations to write. */
  ids?: readonly string[];
  /** What an empty answer means (the export's default file). */
  placeholder?: string;
}

export interface DetailState {
  /** Cursor over the detail view's display lines. */
  cursor: number;
  /** Log lines whose JSON is folded (or, under `foldAll`, unfolded). */
  folded: ReadonlySet<number>;
  foldAll: boolean;
  /** Pretty-printed over several lines, or one compact line. */
  json: 'pretty' | 'compact';
  /** Long lines wrap; otherwise they are cut and scrolled sideways. */
  wrap: boolean;
  scrollX: number;
}

/** Something a key asked for that is not screen state; the App runs it and says how it went. */
export type Effect =
  | { kind: 'copy'; label: string; text: string }
  | { kind: 'export'; ids: readonly string[]; target: string }
  | { kind: 'suspend' };

export interface Notice {
  text: string;
  tone: 'info' | 'error';
}

export interface UiState {
  screen: Screen;
  /** Where `?` came from, so Esc returns there. */
  helpReturn: Exclude<Screen, 'help'>;
  helpScroll: number;
  summaryScroll: number;
  selectedId: string | null;
  /** Start time of the selected row, to land next to it when it leaves the list. */
  selectedKey: number | null;
  /** Selection sticks to the newest row as rows arrive (time order only). */
  follow: boolean;
  sort: SortKey;
  paused: boolean;
  /** The rows on screen when the user paused; input keeps flowing into the store meanwhile. */
  frozenRows: readonly RowView[] | null;
  prompt: Prompt | null;
  filter: RowFilter;
  filterText: string;
  search: Search | null;
  highlights: readonly Highlight[];
  /** Bookmarked request IDs, oldest first, at most `MAX_BOOKMARKS`. */
  bookmarks: readonly string[];
  notice: Notice | null;
  detail: DetailState;
  /** Effects not yet run, numbered so each runs once. */
  effects: readonly { seq: number; effect: Effect }[];
  effectSeq: number;
  /** Set by `q`; the App ends Ink when it sees it. */
  quit: boolean;
}

export const MAX_BOOKMARKS = 100;

export const INITIAL_DETAIL: DetailState = {
  cursor: 0,
  folded: new Set(),
  foldAll: false,
  json: 'pretty',
  wrap: true,
  scrollX: 0,
};

export const INITIAL_UI_STATE: UiState = {
  screen: 'list',
  helpReturn: 'list',
  helpScroll: 0,
  summaryScroll: 0,
  selectedId: null,
  selectedKey: null,
  follow: true,
  sort: 'time',
  paused: false,
  frozenRows: null,
  prompt: null,
  filter: NO_FILTER,
  filterText: '',
  search: null,
  highlights: [],
  bookmarks: [],
  notice: null,
  detail: INITIAL_DETAIL,
  effects: [],
  effectSeq: 0,
  quit: false,
};

export type UiAction =
  | { type: 'select'; id: string | null; key: number | null; follow: boolean }
  | { type: 'open'; id: string; key: number | null }
  | { type: 'back' }
  | { type: 'help' }
  | { type: 'help-scroll'; to: number }
  | { type: 'summary' }
  | { type: 'summary-scroll'; to: number }
  | { type: 'toggle-pause'; rows: readonly RowView[] }
  | { type: 'sort'; sort: SortKey }
  | { type: 'prompt-open'; kind: PromptKind; text?: string; ids?: readonly string[]; placeholder?: string }
  | { type: 'prompt-input'; text: string }
  | { type: 'prompt-backspace' }
  | { type: 'prompt-clear' }
  | { type: 'prompt-submit' }
  | { type: 'prompt-cancel' }
  | { type: 'detail'; change: Partial<DetailState> }
  | { type: 'toggle-fold'; lineIndex: number }
  | { type: 'fold-all' }
  | { type: 'clear-search' }
  | { type: 'clear-highlights' }
  | { type: 'patterns-gave-up' }
  | { type: 'bookmark'; id: string }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'effect'; effect: Effect }
  | { type: 'effects-done'; upTo: number }
  | { type: 'quit' };

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'select':
      return { ...state, selectedId: action.id, selectedKey: action.key, follow: action.follow };
    case 'open':
      return {
        ...state,
        screen: 'detail',
        selectedId: action.id,
        selectedKey: action.key,
        follow: false,
        detail: { ...state.detail, cursor: 0, folded: new Set(), scrollX: 0 },
        notice: null,
      };
    case 'back':
      if (state.screen === 'help') return { ...state, screen: state.helpReturn };
      if (state.screen === 'detail' || state.screen === 'summary') return { ...state, screen: 'list' };
      return clearNarrowing(state);
    case 'help':
      if (state.screen === 'help') return { ...state, screen: state.helpReturn };
      return { ...state, screen: 'help', helpReturn: state.screen, helpScroll: 0 };
    case 'help-scroll':
      return { ...state, helpScroll: Math.max(0, action.to) };
    case 'summary':
      return { ...state, screen: state.screen === 'summary' ? 'list' : 'summary', summaryScroll: 0 };
    case 'summary-scroll':
      return { ...state, summaryScroll: Math.max(0, action.to) };
    case 'toggle-pause':
      return state.paused
        ? { ...state, paused: false, frozenRows: null }
        : { ...state, paused: true, frozenRows: action.rows };
    case 'sort':
      // Following only means something in time order: any other order stays where it is.
      return { ...state, sort: action.sort, follow: action.sort === 'time' && state.follow };
    case 'prompt-open': {
      // The filter's prefill ends with a space: what is typed is a new term added to the
      // current filter (a key given again replaces its own), never glued onto its last term.
      const text =
        action.text ??
        (action.kind === 'filter'
          ? state.filterText === ''
            ? ''
            : `${state.filterText} `
          : action.kind === 'search'
            ? (state.search?.text ?? '')
            : '');
      const prompt: Prompt = { kind: action.kind, text };
      if (action.ids) prompt.ids = action.ids;
      if (action.placeholder) prompt.placeholder = action.placeholder;
      return { ...state, prompt, notice: null };
    }
    case 'prompt-input':
      return state.prompt
        ? { ...state, prompt: { ...state.prompt, text: state.prompt.text + action.text } }
        : state;
    case 'prompt-backspace':
      return state.prompt
        ? { ...state, prompt: { ...state.prompt, text: state.prompt.text.slice(0, -1) } }
        : state;
    case 'prompt-clear':
      return state.prompt ? { ...state, prompt: { ...state.prompt, text: '' } } : state;
    case 'prompt-cancel':
      return { ...state, prompt: null };
    case 'prompt-submit':
      return submitPrompt(state);
    case 'detail':
      return { ...state, detail: { ...state.detail, ...action.change } };
    case 'toggle-fold': {
      const folded = new Set(state.detail.folded);
      if (folded.has(action.lineIndex)) folded.delete(action.lineIndex);
      else folded.add(action.lineIndex);
      return { ...state, detail: { ...state.detail, folded } };
    }
    case 'fold-all':
      return { ...state, detail: { ...state.detail, foldAll: !state.detail.foldAll, folded: new Set() } };
    case 'clear-search':
      return { ...state, search: null };
    case 'clear-highlights':
      return { ...state, highlights: [], notice: { text: 'highlights cleared', tone: 'info' } };
    case 'patterns-gave-up':
      return dropGivenUp(state);
    case 'bookmark': {
      const had = state.bookmarks.includes(action.id);
      const bookmarks = had
        ? state.bookmarks.filter((id) => id !== action.id)
        : [...state.bookmarks, action.id].slice(-MAX_BOOKMARKS);
      return { ...state, bookmarks };
    }
    case 'notice':
      return { ...state, notice: action.notice };
    case 'effect': {
      const seq = state.effectSeq + 1;
      return { ...state, effectSeq: seq, effects: [...state.effects, { seq, effect: action.effect }] };
    }
    case 'effects-done':
      return { ...state, effects: state.effects.filter((e) => e.seq > action.upTo) };
    case 'quit':
      return { ...state, quit: true };
  }
}

/**
 * Esc in the list: the search and the filter both narrow the list, and Esc clears both,
 * saying what it cleared (the same Esc cancels a prompt being typed, for either).
 */
function clearNarrowing(state: UiState): UiState {
  const cleared = [
    state.filterText === '' ? '' : `filter ${state.filterText}`,
    state.search === null ? '' : `search ${state.search.text}`,
  ].filter(Boolean);
  if (cleared.length === 0) return { ...state, notice: null };
  return {
    ...state,
    filter: NO_FILTER,
    filterText: '',
    search: null,
    notice: { text: `cleared ${cleared.join(' and ')}`, tone: 'info' },
  };
}

/**
 * A search or highlight whose pattern ran over its time budget matches nothing from then
 * on: it is cleared, and the footer says so, rather than left to read as "no match".
 */
function dropGivenUp(state: UiState): UiState {
  const search = state.search?.gaveUp() ? state.search : null;
  const highlights = state.highlights.filter((h) => h.gaveUp());
  if (search === null && highlights.length === 0) return state;
  const named = [
    ...(search ? [`search ${search.text}`] : []),
    ...highlights.map((h) => `highlight ${h.text}`),
  ];
  return {
    ...state,
    search: search ? null : state.search,
    highlights: highlights.length > 0 ? state.highlights.filter((h) => !h.gaveUp()) : state.highlights,
    notice: {
      text: `${named.join(' and ')} gave up: too slow on this text (over ${PASS_BUDGET_MS} ms), so ${named.length > 1 ? 'they are' : 'it is'} cleared`,
      tone: 'error',
    },
  };
}

function submitPrompt(state: UiState): UiState {
  const prompt = state.prompt;
  if (!prompt) return state;
  const text = prompt.text.trim();
  const fail = (error: string): UiState => ({
    ...state,
    prompt: null,
    notice: { text: error, tone: 'error' },
  });
  switch (prompt.kind) {
    case 'filter': {
      const parsed = parseFilter(text);
      if (!parsed.ok) return fail(parsed.error);
      return { ...state, prompt: null, filter: parsed.value, filterText: text, notice: null };
    }
    case 'search': {
      if (text === '') return { ...state, prompt: null, search: null, notice: null };
      const parsed = parseSearch(text);
      if (!parsed.ok) return fail(parsed.error);
      return { ...state, prompt: null, search: parsed.value, notice: null };
    }
    case 'highlight': {
      if (text === '') return { ...state, prompt: null };
      const added = addHighlight(state.highlights, text);
      if (!added.ok) return fail(added.error);
      return { ...state, prompt: null, highlights: added.value, notice: null };
    }
    case 'export': {
      const target = text || prompt.placeholder || '';
      if (target === '') return { ...state, prompt: null };
      const effect: Effect = { kind: 'export', ids: prompt.ids ?? [], target };
      return uiReducer({ ...state, prompt: null, notice: null }, { type: 'effect', effect });
    }
    case 'jump':
      // Resolved by the key handler, which knows the rows; reaching here means no rows.
      return { ...state, prompt: null };
  }
}
