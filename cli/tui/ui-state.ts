/**
 * Screen state of the tail UI as a reducer: which screen, which invocation, the prompt,
 * filter, search, pause. Pure, so every key's effect is testable without a terminal.
 */
import { NO_FILTER, parseFilter, parseSearch, type RowFilter, type Search } from './filter.ts';
import type { RowView } from './types.ts';

export type Screen = 'list' | 'detail' | 'help';
export type PromptKind = 'search' | 'filter';

export interface UiState {
  screen: Screen;
  /** Where `?` came from, so Esc returns there. */
  helpReturn: Exclude<Screen, 'help'>;
  selectedId: string | null;
  /** Selection sticks to the newest row as rows arrive. */
  follow: boolean;
  paused: boolean;
  /** The rows on screen when the user paused; input keeps flowing into the store meanwhile. */
  frozenRows: readonly RowView[] | null;
  prompt: { kind: PromptKind; text: string } | null;
  filter: RowFilter;
  filterText: string;
  search: Search | null;
  /** A one-line notice (a bad filter or regular expression). */
  notice: string | null;
  /** Cursor over the detail view's display lines. */
  detailCursor: number;
  /** Log-line indices whose JSON is folded to one line. */
  folded: ReadonlySet<number>;
  /** Set by `q`; the App ends Ink when it sees it. */
  quit: boolean;
}

export const INITIAL_UI_STATE: UiState = {
  screen: 'list',
  helpReturn: 'list',
  selectedId: null,
  follow: true,
  paused: false,
  frozenRows: null,
  prompt: null,
  filter: NO_FILTER,
  filterText: '',
  search: null,
  notice: null,
  detailCursor: 0,
  folded: new Set(),
  quit: false,
};

export type UiAction =
  | { type: 'select'; id: string | null; follow: boolean }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'help' }
  | { type: 'toggle-pause'; rows: readonly RowView[] }
  | { type: 'prompt-open'; kind: PromptKind }
  | { type: 'prompt-input'; text: string }
  | { type: 'prompt-backspace' }
  | { type: 'prompt-submit' }
  | { type: 'prompt-cancel' }
  | { type: 'detail-cursor'; index: number }
  | { type: 'toggle-fold'; lineIndex: number }
  | { type: 'clear-search' }
  | { type: 'quit' };

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'select':
      return { ...state, selectedId: action.id, follow: action.follow };
    case 'open':
      if (state.selectedId === null) return state;
      return { ...state, screen: 'detail', detailCursor: 0, folded: new Set(), notice: null };
    case 'back':
      if (state.screen === 'help') return { ...state, screen: state.helpReturn };
      if (state.screen === 'detail') return { ...state, screen: 'list' };
      if (state.search !== null) return { ...state, search: null, notice: null };
      return { ...state, notice: null };
    case 'help':
      if (state.screen === 'help') return { ...state, screen: state.helpReturn };
      return { ...state, screen: 'help', helpReturn: state.screen };
    case 'toggle-pause':
      return state.paused
        ? { ...state, paused: false, frozenRows: null }
        : { ...state, paused: true, frozenRows: action.rows };
    case 'prompt-open': {
      const text = action.kind === 'filter' ? state.filterText : (state.search?.text ?? '');
      return { ...state, prompt: { kind: action.kind, text }, notice: null };
    }
    case 'prompt-input':
      return state.prompt
        ? { ...state, prompt: { ...state.prompt, text: state.prompt.text + action.text } }
        : state;
    case 'prompt-backspace':
      return state.prompt
        ? { ...state, prompt: { ...state.prompt, text: state.prompt.text.slice(0, -1) } }
        : state;
    case 'prompt-cancel':
      return { ...state, prompt: null };
    case 'prompt-submit':
      return submitPrompt(state);
    case 'detail-cursor':
      return { ...state, detailCursor: Math.max(0, action.index) };
    case 'toggle-fold': {
      const folded = new Set(state.folded);
      if (folded.has(action.lineIndex)) folded.delete(action.lineIndex);
      else folded.add(action.lineIndex);
      return { ...state, folded };
    }
    case 'clear-search':
      return { ...state, search: null };
    case 'quit':
      return { ...state, quit: true };
  }
}

function submitPrompt(state: UiState): UiState {
  const prompt = state.prompt;
  if (!prompt) return state;
  const text = prompt.text.trim();
  if (prompt.kind === 'filter') {
    const parsed = parseFilter(text);
    if (!parsed.ok) return { ...state, prompt: null, notice: parsed.error };
    return { ...state, prompt: null, filter: parsed.value, filterText: text, notice: null };
  }
  if (text === '') return { ...state, prompt: null, search: null, notice: null };
  const parsed = parseSearch(text);
  if (!parsed.ok) return { ...state, prompt: null, notice: parsed.error };
  return { ...state, prompt: null, search: parsed.value, notice: null };
}
