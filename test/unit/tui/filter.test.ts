import { describe, expect, it } from 'vitest';
import {
  addHighlight,
  describeFilter,
  matchesFilter,
  parseFilter,
  parseSearch,
} from '../../../cli/tui/filter.ts';
import { PASS_BUDGET_MS } from '../../../cli/tui/pattern-thread.ts';
import { INITIAL_UI_STATE, uiReducer } from '../../../cli/tui/ui-state.ts';
import { row } from './helpers.tsx';

describe('parseFilter', () => {
  it('reads function, statuses, cold and minimum duration in any order', () => {
    const parsed = parseFilter('min:500 status:timeout,oom cold fn:orders');
    expect(parsed).toEqual({
      ok: true,
      value: { functionName: 'orders', statuses: ['timeout', 'oom'], coldOnly: true, minDurationMs: 500 },
    });
  });

  it('reads a status by the label the list shows as well as by its name', () => {
    const parsed = parseFilter('status:partial,ok');
    expect(parsed.ok && parsed.value.statuses).toEqual(['incomplete', 'success']);
    const named = parseFilter('status:incomplete,success');
    expect(named.ok && named.value.statuses).toEqual(['incomplete', 'success']);
  });

  it('expands errors to every failure status, and a bare word is a function', () => {
    const parsed = parseFilter('errors billing');
    expect(parsed.ok && parsed.value.statuses).toEqual(['timeout', 'oom', 'crash', 'error']);
    expect(parsed.ok && parsed.value.functionName).toBe('billing');
  });

  it('names what is wrong', () => {
    expect(parseFilter('status:slow')).toEqual({
      ok: false,
      error: 'unknown status "slow" (ok (success), timeout, oom, crash, error, partial (incomplete), errors)',
    });
    expect(parseFilter('min:fast')).toEqual({ ok: false, error: 'bad minimum duration "fast"' });
    expect(parseFilter('region:eu')).toEqual({
      ok: false,
      error: 'unknown filter "region:" (fn:, status:, cold, min:)',
    });
  });

  it('matches rows on every condition at once', () => {
    const parsed = parseFilter('fn:ORDERS status:timeout cold min:1000');
    if (!parsed.ok) throw new Error(parsed.error);
    const f = parsed.value;
    expect(describeFilter(f)).toBe('fn:ORDERS status:timeout cold min:1000ms');
    expect(matchesFilter(row({ status: 'timeout', coldStart: true, durationMs: 3000 }), f)).toBe(true);
    expect(matchesFilter(row({ status: 'timeout', coldStart: false, durationMs: 3000 }), f)).toBe(false);
    expect(matchesFilter(row({ status: 'timeout', coldStart: true, durationMs: 999 }), f)).toBe(false);
    expect(matchesFilter(row({ status: 'timeout', coldStart: true, durationMs: null }), f)).toBe(false);
    expect(matchesFilter(row({ status: 'oom', coldStart: true, durationMs: 3000 }), f)).toBe(false);
    expect(
      matchesFilter(
        row({ functionName: 'billing', status: 'timeout', coldStart: true, durationMs: 3000 }),
        f,
      ),
    ).toBe(false);
  });
});

describe('parseSearch', () => {
  it('treats plain text literally and case-insensitively', () => {
    const s = parseSearch('a.b (x)');
    if (!s.ok) throw new Error(s.error);
    expect(s.value.test('xx A.B (X) yy')).toBe(true);
    expect(s.value.test('aXb (x)')).toBe(false);
    expect(s.value.ranges('a.b (x) and a.b (x)')).toEqual([
      [0, 7],
      [12, 19],
    ]);
  });

  it('reads /re/flags as a regular expression and reports a bad one', () => {
    const s = parseSearch('/timed out after \\d+\\.\\d+ seconds/');
    if (!s.ok) throw new Error(s.error);
    expect(s.value.test('Task timed out after 3.00 seconds')).toBe(true);
    expect(s.value.test('Task Timed Out after 3.00 seconds')).toBe(false);
    expect(s.value.test('Task timed out after 3.00 seconds')).toBe(true); // lastIndex is reset
    const bad = parseSearch('/(unclosed/');
    expect(bad.ok).toBe(false);
  });
});

describe('a bad search pattern', () => {
  it('is quoted as the user typed it, without the flag added for highlighting', () => {
    expect(parseSearch('/(a/')).toEqual({
      ok: false,
      error: 'bad regular expression: Invalid regular expression: /(a/: Unterminated group',
    });
    expect(parseSearch('/(a/i')).toEqual({
      ok: false,
      error: 'bad regular expression: Invalid regular expression: /(a/i: Unterminated group',
    });
  });
});

describe('a search pattern that can take exponential time', () => {
  it('is refused, naming the group that repeats inside a repetition, before it runs', () => {
    expect(parseSearch('/(x+x+)+y/')).toEqual({
      ok: false,
      error:
        'regular expression refused: (x+x+)+ repeats a group that repeats inside, which can take exponential time on a long line; write it without the nesting',
    });
    for (const pattern of ['/(a*)*b/', '/^(\\w+\\s?)*$/', '/((ab)+c)+/', '/(?:.*,){2,}x/', '/([a-z]+)*!/i'])
      expect(parseSearch(pattern).ok, pattern).toBe(false);
  });

  it('leaves patterns without such nesting as they were', () => {
    for (const pattern of [
      '/timed out after \\d+\\.\\d+ seconds/',
      '/(ab)+c/',
      '/(?<kind>error|warn)+/',
      '/[(+)]+/',
      '/\\(x+\\)+/',
      '/(x+)?y/',
      '/(x{2})+/',
      '/(a+){1}/',
    ])
      expect(parseSearch(pattern).ok, pattern).toBe(true);
  });

  it('refuses a highlight of that shape too', () => {
    expect(addHighlight([], '/(x+x+)+y/').ok).toBe(false);
  });
});

describe('a search pattern that only running it shows slow', () => {
  // Overlapping alternatives: the shape check passes it, and a line of 40 a's takes it
  // exponentially long to fail. It runs on its own thread, which the budget ends.
  it('gives up after its budget, matches nothing from then on, and leaves the thread that asked free', () => {
    const parsed = parseSearch('/(a|a)+b/');
    if (!parsed.ok) throw new Error(parsed.error);
    const search = parsed.value;
    const started = performance.now();
    expect(search.anyIn([['ok'], ['a'.repeat(40)]])).toEqual([false, false]);
    expect(performance.now() - started).toBeLessThan(PASS_BUDGET_MS + 2000);
    expect(search.gaveUp()).toBe(true);
    expect(search.rangesIn(['ab'])).toEqual([[]]);
    expect(search.test('ab')).toBe(false);
  });

  it('leaves a quick pattern to work on the thread that takes its place', () => {
    const slow = parseSearch('/(a|a)+b/');
    const quick = parseSearch('/a{3}b/');
    if (!slow.ok || !quick.ok) throw new Error('parse');
    slow.value.anyIn([['a'.repeat(40)]]);
    expect(quick.value.anyIn([['xaaab'], ['ab', 'aab']])).toEqual([true, false]);
    expect(quick.value.rangesIn(['aaab aaab'])).toEqual([
      [
        [0, 4],
        [5, 9],
      ],
    ]);
    expect(quick.value.gaveUp()).toBe(false);
  });

  it('is cleared from the screen state with the footer saying so', () => {
    const slow = parseSearch('/(a|a)+b/');
    if (!slow.ok) throw new Error(slow.error);
    slow.value.anyIn([['a'.repeat(40)]]);
    const highlighted = addHighlight([], 'error');
    if (!highlighted.ok) throw new Error(highlighted.error);
    const state = { ...INITIAL_UI_STATE, search: slow.value, highlights: highlighted.value };
    const after = uiReducer(state, { type: 'patterns-gave-up' });
    expect(after.search).toBeNull();
    expect(after.highlights).toBe(highlighted.value);
    expect(after.notice).toEqual({
      text: 'search /(a|a)+b/ gave up: too slow on this text (over 250 ms), so it is cleared',
      tone: 'error',
    });
    expect(uiReducer(after, { type: 'patterns-gave-up' })).toBe(after);
  });
});
