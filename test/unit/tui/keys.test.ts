import { describe, expect, it } from 'vitest';
import { type KeyInfo, type KeyView, reduceKey } from '../../../cli/tui/keys.ts';
import { resolveSelection } from '../../../cli/tui/selectors.ts';
import type { RowView } from '../../../cli/tui/types.ts';
import { INITIAL_UI_STATE, type UiState } from '../../../cli/tui/ui-state.ts';
import { row } from './helpers.tsx';

const rowsOf = (...ids: string[]): RowView[] =>
  ids.map((id, i) => row({ requestId: id, seq: i, startMs: 1_000 * (i + 1), durationMs: (i * 37) % 100 }));

function viewOf(visible: readonly RowView[], over: Partial<KeyView> = {}): KeyView {
  return {
    rows: visible,
    visible,
    detail: null,
    detailLines: [],
    maxScrollX: 0,
    pageSize: 10,
    helpLines: 40,
    summaryLines: 10,
    ...over,
  };
}

function keys(state: UiState, view: KeyView, ...presses: (string | KeyInfo)[]): UiState {
  return presses.reduce<UiState>(
    (s, p) => (typeof p === 'string' ? reduceKey(s, p, {}, view) : reduceKey(s, '', p, view)),
    state,
  );
}

describe('keys', () => {
  it('Enter opens the row drawn under the cursor after G, however many rows came since', () => {
    let state = keys(INITIAL_UI_STATE, viewOf(rowsOf('a', 'b')), 'k', 'G');
    expect(state.follow).toBe(true);
    // new rows arrive: the cursor is drawn on the newest, and Enter must open that one
    const now = viewOf(rowsOf('a', 'b', 'c', 'd'));
    expect(resolveSelection(now.visible, state).id).toBe('d');
    state = keys(state, now, { return: true });
    expect(state).toMatchObject({ screen: 'detail', selectedId: 'd', follow: false });
  });

  it('k after following moves up from the row drawn, not from where G was pressed', () => {
    let state = keys(INITIAL_UI_STATE, viewOf(rowsOf('a', 'b')), 'G');
    state = keys(state, viewOf(rowsOf('a', 'b', 'c', 'd')), 'k');
    expect(state).toMatchObject({ selectedId: 'c', follow: false });
  });

  it('keys typed in one chunk each move once, control keys included', () => {
    const view = viewOf(rowsOf('a', 'b', 'c', 'd'));
    expect(keys(INITIAL_UI_STATE, view, 'kk').selectedId).toBe('b');
    const suspended = keys(INITIAL_UI_STATE, view, 'k\u001a');
    expect(suspended.selectedId).toBe('c');
    expect(suspended.effects.map((e) => e.effect)).toEqual([{ kind: 'suspend' }]);
  });

  it('Home/End and g/G go to the ends; End follows again', () => {
    const view = viewOf(rowsOf('a', 'b', 'c'));
    expect(keys(INITIAL_UI_STATE, view, { home: true })).toMatchObject({ selectedId: 'a', follow: false });
    expect(keys(INITIAL_UI_STATE, view, 'g', { end: true })).toMatchObject({ selectedId: 'c', follow: true });
  });

  it('s cycles the sort; sorting stops following and keeps the selected row', () => {
    const view = viewOf(rowsOf('a', 'b', 'c'));
    const state = keys(INITIAL_UI_STATE, view, 'k', 's');
    expect(state).toMatchObject({ sort: 'duration', follow: false, selectedId: 'b' });
    expect(keys(state, view, 's', 's', 's', 's').sort).toBe('time');
  });

  it('t jumps to the first row at or after a time, in time order', () => {
    const view = viewOf(rowsOf('a', 'b', 'c', 'd'));
    let state = keys(INITIAL_UI_STATE, view, 't', '00:00:02.500', { return: true });
    expect(state).toMatchObject({ selectedId: 'c', follow: false, prompt: null });
    state = keys(state, view, 't', 'half past', { return: true });
    expect(state.notice?.tone).toBe('error');
    expect(state.selectedId).toBe('c');
  });

  it('p freezes the rows shown and pins them; p again resumes', () => {
    const rows = rowsOf('a', 'b');
    const paused = keys(INITIAL_UI_STATE, viewOf(rows), 'p');
    expect(paused).toMatchObject({ paused: true, frozenRows: rows });
    expect(keys(paused, viewOf(rows), 'p')).toMatchObject({ paused: false, frozenRows: null });
  });

  it('m bookmarks the selected row and b finds it again', () => {
    const view = viewOf(rowsOf('a', 'b', 'c', 'd'));
    let state = keys(INITIAL_UI_STATE, view, 'g', 'j', 'm', 'G');
    expect(state.bookmarks).toEqual(['b']);
    state = keys(state, view, 'b');
    expect(state).toMatchObject({ selectedId: 'b', follow: false });
    expect(keys(state, view, 'm').bookmarks).toEqual([]);
  });

  it('y queues a copy of the selected request ID; Y says when there is no trace ID', () => {
    const view = viewOf(rowsOf('a', 'b'));
    const state = keys(INITIAL_UI_STATE, view, 'y', 'Y');
    expect(state.effects.map((e) => e.effect)).toEqual([{ kind: 'copy', label: 'request ID', text: 'b' }]);
    expect(state.notice).toEqual({ text: 'no trace ID to copy', tone: 'error' });
    // The notice holds the key hints' line until the next key, whatever key that is.
    expect(keys(state, view, 'j').notice).toBeNull();
    expect(keys(state, view, 'Y').notice).toEqual({ text: 'no trace ID to copy', tone: 'error' });
  });

  it('E exports the listed rows to the file typed, or to the default file on Enter', () => {
    const view = viewOf(rowsOf('a', 'b', 'c'));
    const typed = keys(INITIAL_UI_STATE, view, 'E', 'out.ndjson', { return: true });
    expect(typed.effects.map((e) => e.effect)).toEqual([
      { kind: 'export', ids: ['a', 'b', 'c'], target: 'out.ndjson' },
    ]);
    const fallback = keys(INITIAL_UI_STATE, view, 'e', { return: true });
    expect(fallback.effects.map((e) => e.effect)).toEqual([
      { kind: 'export', ids: ['c'], target: 'lambdalens-c.txt' },
    ]);
  });

  it('h adds highlight terms in distinct colours; H clears them', () => {
    const view = viewOf(rowsOf('a'));
    const state = keys(INITIAL_UI_STATE, view, 'h', 'error', { return: true }, 'h', 'orders', {
      return: true,
    });
    expect(state.highlights.map((h) => [h.text, h.colour])).toEqual([
      ['error', 'red'],
      ['orders', 'yellow'],
    ]);
    expect(keys(state, view, 'H').highlights).toEqual([]);
  });

  it('Ctrl-Z queues a suspend; the help scrolls and leaves with Esc', () => {
    const view = viewOf(rowsOf('a'));
    expect(keys(INITIAL_UI_STATE, view, { ctrl: true } as KeyInfo).effects).toEqual([]);
    expect(reduceKey(INITIAL_UI_STATE, 'z', { ctrl: true }, view).effects[0]?.effect).toEqual({
      kind: 'suspend',
    });
    const help = keys(INITIAL_UI_STATE, view, '?', 'j', 'j', { pageDown: true });
    expect(help).toMatchObject({ screen: 'help', helpScroll: 12 });
    expect(keys(help, view, { escape: true }).screen).toBe('list');
    expect(keys(help, view, '?').screen).toBe('list');
    // q quits from the help too, as the help says ("Everywhere: q Ctrl-C quit").
    expect(keys(help, view, 'q').quit).toBe(true);
    expect(keys(INITIAL_UI_STATE, view, '?', { escape: true }).quit).toBeFalsy();
  });

  it('Esc then p typed in one chunk (read as Alt-p) closes the detail and pauses', () => {
    const rows = rowsOf('a', 'b', 'c');
    const view = viewOf(rows);
    const open = keys(INITIAL_UI_STATE, view, 'k', { return: true });
    expect(open).toMatchObject({ screen: 'detail', paused: false });
    const after = reduceKey(open, 'p', { meta: true }, view);
    expect(after).toMatchObject({ screen: 'list', paused: true, frozenRows: rows });
  });

  it('in the detail view, [ and ] open the previous and next invocation', () => {
    const view = viewOf(rowsOf('a', 'b', 'c'));
    let state = keys(INITIAL_UI_STATE, view, 'k', { return: true });
    expect(state.selectedId).toBe('b');
    state = keys(state, view, ']');
    expect(state).toMatchObject({ screen: 'detail', selectedId: 'c' });
    state = keys(state, view, '[', '[');
    expect(state.selectedId).toBe('a');
  });
});

describe('resolveSelection', () => {
  it('lands next to a selected row that left the list, by its start time', () => {
    const rows = rowsOf('a', 'b', 'c', 'd');
    const state = { ...INITIAL_UI_STATE, selectedId: 'gone', selectedKey: 2_500, follow: false };
    expect(resolveSelection(rows, state)).toMatchObject({ index: 2, id: 'c' });
    expect(resolveSelection([], state)).toEqual({ index: -1, id: null, key: null });
  });
});
