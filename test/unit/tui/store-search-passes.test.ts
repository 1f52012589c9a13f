/**
 * A search asks the store again on every publish. Each pass hands its pattern only the rows
 * new or changed since the pattern last saw them (the rest keep their answer), so a pass
 * costs what came in, not a copy of every held line to the pattern's thread; a row that
 * gained a line, completed or took a late line is asked again, and a pattern that gave up
 * matches nothing. The matcher is the real regular-expression search, on its thread,
 * counted as it is asked.
 */
import { describe, expect, it } from 'vitest';
import { parseSearch, type Search, type TextMatcher } from '../../../cli/tui/filter.ts';
import { requestIdOfRow } from '../../../cli/tui/row-view.ts';
import { createTailStore } from '../../../cli/tui/store.ts';
import { createCorrelator } from '../../../collectors/correlator/correlator.ts';
import type { LogEvent } from '../../../collectors/model.ts';

const uuid = (n: number): string => `${n.toString(16).padStart(8, '0')}-2222-4222-8222-222222222222`;
const T0 = Date.UTC(2026, 0, 1);

/** Invocation `n`'s events: START, `lines` application lines, END, REPORT (or the first `upTo` of them). */
function invocation(n: number, lines: string[], upTo?: number): LogEvent[] {
  const id = uuid(n);
  const t = T0 + n * 1000;
  const at = (offset: number, message: string): LogEvent => ({
    timestamp: t + offset,
    message,
    logGroup: '/aws/lambda/orders',
    logStream: `2026/01/01/[$LATEST]${n % 3}`,
  });
  const events = [
    at(0, `START RequestId: ${id} Version: $LATEST\n`),
    ...lines.map((line, i) => at(1 + i, `${new Date(t + 1 + i).toISOString()}\t${id}\tINFO\t${line}\n`)),
    at(50, `END RequestId: ${id}\n`),
    at(
      51,
      `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    ),
  ];
  return events.slice(0, upTo);
}

/** The search of `text`, counting the rows each pass asks it about. */
function counted(text: string): { search: Search; asked: number[] } {
  const parsed = parseSearch(text);
  if (!parsed.ok) throw new Error(parsed.error);
  const asked: number[] = [];
  const search = parsed.value;
  const anyIn = search.anyIn.bind(search);
  search.anyIn = (groups) => {
    asked.push(groups.length);
    return anyIn(groups);
  };
  return { search, asked };
}

const hitsOf = (store: ReturnType<typeof createTailStore>, matcher: TextMatcher): number[] =>
  [...store.matching(matcher)]
    .map((id) => Number.parseInt(requestIdOfRow(id).slice(0, 8), 16))
    .sort((a, b) => a - b);

describe('a search pass over the held rows', () => {
  it('asks its pattern only of the rows new or changed since its last pass', () => {
    const store = createTailStore({ correlator: createCorrelator() });
    for (let n = 0; n < 300; n++) store.ingestBatch(invocation(n, [`order ${n} paid`, 'step two']));
    store.snapshot();
    const { search, asked } = counted('/order (7|15)\\d* paid/');
    const first = [
      7, 15, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159,
    ];
    expect(hitsOf(store, search)).toEqual(first);
    // Nothing new: no row is asked again, and the answer stands.
    expect(hitsOf(store, search)).toEqual(first);
    // Three more invocations: two whole, one running with its first line.
    store.ingestBatch([
      ...invocation(300, ['order 700 paid']),
      ...invocation(301, ['none']),
      ...invocation(302, ['order 15 paid', 'x'], 2),
    ]);
    store.snapshot();
    expect(hitsOf(store, search)).toEqual([...first, 300, 302]);
    expect(hitsOf(store, search)).toEqual([...first, 300, 302]);
    // The running row gains a line, then its END and REPORT: asked again each time.
    store.ingestBatch(invocation(302, ['order 15 paid', 'x']).slice(2, 3));
    expect(hitsOf(store, search)).toEqual([...first, 300, 302]);
    store.ingestBatch(invocation(302, ['order 15 paid', 'x']).slice(3));
    expect(hitsOf(store, search)).toEqual([...first, 300, 302]);
    // 300 rows; none; the three new rows and the three they followed in their streams, which
    // completed when their stream moved on; none; the running row, twice.
    expect(asked).toEqual([300, 0, 6, 0, 1, 1]);
  });

  it('finds a row whose new line matches, though it did not match before', () => {
    const store = createTailStore({ correlator: createCorrelator() });
    const events = invocation(1, ['starting', 'order 9 refused'], 4);
    store.ingestBatch(events.slice(0, 2));
    const { search } = counted('/order \\d+ refused/');
    expect(hitsOf(store, search)).toEqual([]);
    store.ingestBatch(events.slice(2));
    expect(hitsOf(store, search)).toEqual([1]);
  });

  it('matches nothing once its pattern gives up, the rows it matched before included', () => {
    const store = createTailStore({ correlator: createCorrelator() });
    store.ingestBatch(invocation(1, ['ab']));
    const { search } = counted('/(a|a)+b/');
    expect(hitsOf(store, search)).toEqual([1]);
    // 40 a's and no b: the alternatives overlap, and the pass runs past its 250 ms.
    store.ingestBatch(invocation(2, ['a'.repeat(40)]));
    expect(hitsOf(store, search)).toEqual([]);
    expect(search.gaveUp()).toBe(true);
  });
});
