/**
 * A search asks the store again on every publish. Each pass hands its pattern only the rows
 * new or changed since the pattern last saw them (the rest keep their answer), so a pass
 * costs what came in, not a copy of every held line to the pattern's thread; a row that
 * gained a line, completed or took a late line is asked again, and a pattern that gave up
 * matches nothing. The matcher is the real regular-expression search, on its thread,
 * counted as it is asked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { parseSearch, type Search, type TextMatcher } from '../../../cli/tui/filter.ts';
import { copyGeneration, threadReady } from '../../../cli/tui/pattern-thread.ts';
import { requestIdOfRow } from '../../../cli/tui/row-view.ts';
import { createTailStore } from '../../../cli/tui/store.ts';
import { createThreadRows } from '../../../cli/tui/thread-rows.ts';
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
  // A regular expression asks the rows whose texts its thread holds, by number.
  const anyInHeld = search.anyInHeld?.bind(search);
  if (anyInHeld)
    search.anyInHeld = (numbers) => {
      asked.push(numbers.length);
      return anyInHeld(numbers);
    };
  return { search, asked };
}

/** Starts the patterns' thread: one still starting is asked on the next pass (thread-rows.ts). */
async function threadStarted(): Promise<void> {
  copyGeneration();
  const deadline = Date.now() + 10_000;
  while (!threadReady() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

// Each test starts with the thread running (one test ends it, as a pattern that gives up does).
beforeEach(threadStarted);

/**
 * The copy of rows to the pattern thread on a clock that stands still: no pass runs out of
 * its copy budget, however slow the machine, so each pass asks every row it has to.
 */
const stillCopy = () => createThreadRows(() => 0);

const hitsOf = (store: ReturnType<typeof createTailStore>, matcher: TextMatcher): number[] =>
  [...store.matching(matcher)]
    .map((id) => Number.parseInt(requestIdOfRow(id).slice(0, 8), 16))
    .sort((a, b) => a - b);

describe('a search pass over the held rows', () => {
  it('asks its pattern only of the rows new or changed since its last pass', () => {
    const store = createTailStore({ correlator: createCorrelator(), threadRows: stillCopy() });
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
    const store = createTailStore({ correlator: createCorrelator(), threadRows: stillCopy() });
    const events = invocation(1, ['starting', 'order 9 refused'], 4);
    store.ingestBatch(events.slice(0, 2));
    const { search } = counted('/order \\d+ refused/');
    expect(hitsOf(store, search)).toEqual([]);
    store.ingestBatch(events.slice(2));
    expect(hitsOf(store, search)).toEqual([1]);
  });

  it('matches nothing once its pattern gives up, the rows it matched before included', () => {
    const store = createTailStore({ correlator: createCorrelator(), threadRows: stillCopy() });
    store.ingestBatch(invocation(1, ['ab']));
    const { search } = counted('/(a|a)+b/');
    expect(hitsOf(store, search)).toEqual([1]);
    // 40 a's and no b: the alternatives overlap, and the pass runs past its 250 ms.
    store.ingestBatch(invocation(2, ['a'.repeat(40)]));
    expect(hitsOf(store, search)).toEqual([]);
    expect(search.gaveUp()).toBe(true);
  });
});

describe('the rows’ texts on the pattern thread', () => {
  /** A store of `count` whole invocations, and the copy of its rows to the pattern thread. */
  function heldStore(count: number, now?: () => number) {
    const threadRows = createThreadRows(now);
    const store = createTailStore({ correlator: createCorrelator(), threadRows });
    for (let n = 0; n < count; n++) store.ingestBatch(invocation(n, [`order ${n} paid`, 'step two']));
    store.snapshot();
    return { store, threadRows };
  }

  it('are copied once: a second pattern copies no row, and a pass copies only rows new or changed', () => {
    const { store, threadRows } = heldStore(300, () => 0);
    const paid = counted('/order 1\\d paid/');
    expect(hitsOf(store, paid.search)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(threadRows.lastCopied()).toBe(300);
    // Another pattern asks every row, of texts the thread holds already.
    const two = counted('/order 2\\d\\d paid/');
    expect(hitsOf(store, two.search)).toHaveLength(100);
    expect(threadRows.lastCopied()).toBe(0);
    expect(two.asked).toEqual([300]);
    // Two more invocations: they and the two rows they completed in their streams are new faces.
    store.ingestBatch([...invocation(300, ['order 12 paid']), ...invocation(301, ['none'])]);
    store.snapshot();
    expect(hitsOf(store, paid.search)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 300]);
    expect(threadRows.lastCopied()).toBe(4);
    expect(hitsOf(store, two.search)).toHaveLength(100);
    expect(threadRows.lastCopied()).toBe(0);
    expect(paid.asked).toEqual([300, 4]);
    expect(two.asked).toEqual([300, 4]);
    expect(store.patternsWaiting()).toBe(false);
  });

  it('are copied within a pass’s budget: the rows left are asked on the passes after', () => {
    // A clock that moves a millisecond each time it is read: the copy reads it once a row.
    let ms = 0;
    const { store, threadRows } = heldStore(300, () => ms++);
    const { search, asked } = counted('/order \\d*7 paid/');
    const hits: number[] = [];
    const copied: number[] = [];
    let waiting = true;
    while (waiting) {
      hits.push(store.matching(search).size);
      copied.push(threadRows.lastCopied());
      waiting = store.patternsWaiting();
    }
    // The budget (40 ms) holds 39 rows a pass on this clock; each pass answers what it copied,
    // oldest first (rows 0-38: 7, 17, 27, 37; rows 39-77: 47 to 77; …).
    expect(copied).toEqual([39, 39, 39, 39, 39, 39, 39, 27]);
    expect(asked).toEqual(copied);
    expect(hits).toEqual([4, 8, 11, 15, 19, 23, 27, 30]);
    expect(hitsOf(store, search)).toEqual(Array.from({ length: 30 }, (_, i) => i * 10 + 7));
    expect(threadRows.lastCopied()).toBe(0);
  });

  it('are copied while a pattern is typed, so that its first pass copies none', () => {
    let ms = 0;
    const { store, threadRows } = heldStore(100, () => ms++);
    // Each publish while the prompt is open copies a budget's worth (39 rows on this clock).
    store.preparePatterns();
    expect(threadRows.lastCopied()).toBe(39);
    store.preparePatterns();
    store.preparePatterns();
    expect(threadRows.lastCopied()).toBe(22);
    const { search, asked } = counted('/order 4\\d paid/');
    expect(hitsOf(store, search)).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect(threadRows.lastCopied()).toBe(0);
    expect(asked).toEqual([100]);
  });

  it('go again to the thread that follows one a pattern ended, and are asked once it has started', async () => {
    const { store, threadRows } = heldStore(20, () => 0);
    expect(hitsOf(store, counted('/order 1\\d paid/').search)).toHaveLength(10);
    store.ingestBatch(invocation(20, ['a'.repeat(40)]));
    store.snapshot();
    const slow = counted('/(a|a)+b/').search;
    expect(hitsOf(store, slow)).toEqual([]);
    expect(slow.gaveUp()).toBe(true);
    // The thread that gave up is gone with its copy: the next pattern copies every row again,
    // to a thread that has not started yet, and asks them once it has.
    const next = counted('/order 1\\d paid/');
    expect(hitsOf(store, next.search)).toEqual([]);
    expect(threadRows.lastCopied()).toBe(21);
    expect(store.patternsWaiting()).toBe(true);
    await threadStarted();
    expect(hitsOf(store, next.search)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(threadRows.lastCopied()).toBe(0);
    expect(next.asked).toEqual([0, 21]);
    expect(store.patternsWaiting()).toBe(false);
  });
});
