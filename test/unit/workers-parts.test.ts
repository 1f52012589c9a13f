/**
 * How files are split between threads, and the check that the parts read as one thread
 * reads them: each rule of part-facts.ts has a case that passes it and one that trips it.
 */
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { inexactness, type PartFacts, PartFactsCollector } from '../../cli/workers/part-facts.ts';
import { inputKey, splitBySize } from '../../cli/workers/partition.ts';
import { requestIdHash } from '../../collectors/correlator/request-id-hash.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import { emptyInvocation, type Invocation, type LogEvent } from '../../collectors/model.ts';

describe('splitBySize', () => {
  it('keeps files in order, in runs of about equal bytes', () => {
    const files = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(splitBySize(files, [10, 10, 10, 10, 10, 10], 2)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
    // One big file is a part of its own; the small ones share the other.
    expect(splitBySize(files, [100, 1, 1, 1, 1, 1], 2)).toEqual([['a'], ['b', 'c', 'd', 'e', 'f']]);
    expect(splitBySize(files, [1, 1, 1, 1, 1, 100], 2)).toEqual([['a', 'b', 'c', 'd', 'e'], ['f']]);
  });

  it('gives every part a file, and never more parts than asked', () => {
    expect(splitBySize(['a', 'b', 'c'], [0, 0, 0], 3)).toEqual([['a'], ['b'], ['c']]);
    expect(splitBySize(['a', 'b', 'c'], [5, 0, 0], 3)).toEqual([['a'], ['b'], ['c']]);
    const parts = splitBySize(['a', 'b', 'c', 'd', 'e'], [3, 9, 1, 4, 2], 4);
    expect(parts.flat()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(parts.length).toBeLessThanOrEqual(4);
    expect(parts.every((p) => p.length > 0)).toBe(true);
  });

  it("cuts between two functions' files rather than inside one function's, within half a share", () => {
    const files = ['a-1', 'a-2', 'a-3', 'b-1', 'b-2', 'b-3'];
    const keys = ['a', 'a', 'a', 'b', 'b', 'b'];
    // By bytes alone the cut falls inside b's days (30 + 15 of 90): b's streams would cross it.
    const sizes = [10, 10, 10, 20, 20, 20];
    expect(splitBySize(files, sizes, 2)).toEqual([
      ['a-1', 'a-2', 'a-3', 'b-1'],
      ['b-2', 'b-3'],
    ]);
    expect(splitBySize(files, sizes, 2, keys)).toEqual([
      ['a-1', 'a-2', 'a-3'],
      ['b-1', 'b-2', 'b-3'],
    ]);
    // A change of function further than half a share from the even cut is not worth the balance.
    expect(splitBySize(files, [1, 1, 1, 30, 30, 30], 2, keys)).toEqual([
      ['a-1', 'a-2', 'a-3', 'b-1', 'b-2'],
      ['b-3'],
    ]);
    // Each cut takes the change nearest its own share.
    const three = ['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'c-2'];
    expect(splitBySize(three, [9, 9, 11, 11, 10, 10], 3, ['a', 'a', 'b', 'b', 'c', 'c'])).toEqual([
      ['a-1', 'a-2'],
      ['b-1', 'b-2'],
      ['c-1', 'c-2'],
    ]);
    expect(splitBySize(three, [9, 9, 11, 11, 10, 10], 3)).toEqual([
      ['a-1', 'a-2', 'b-1'],
      ['b-2'],
      ['c-1', 'c-2'],
    ]);
  });

  it('keys a file by its folder and its name without extension, date or trailing number', () => {
    const key = (f: string) => inputKey(join('logs', f));
    expect(key('orders-api-2026-10-01.log')).toBe(key('orders-api-2026-10-02.log'));
    expect(key('orders-api.3.json.gz')).toBe(key('orders-api-2026-10-02.log'));
    expect(key('part-00')).toBe(key('part-07'));
    expect(key('subscription-report-builder-01.json')).toBe(key('subscription-report-builder-06.json'));
    expect(key('orders-api.log')).not.toBe(key('payments-webhook.log'));
    expect(inputKey(join('a', 'orders-api.log'))).not.toBe(inputKey(join('b', 'orders-api.log')));
    // Daily files in a folder of their own function: the folder says what they are.
    expect(inputKey(join('orders-api', '2026-10-01.log'))).toBe(
      inputKey(join('orders-api', '2026-10-02.log')),
    );
    expect(inputKey(join('orders-api', '2026-10-01.log'))).not.toBe(
      inputKey(join('payments', '2026-10-01.log')),
    );
    // Each exported log stream is a folder of its own.
    const exported = (stream: string) =>
      inputKey(join('export', 'task', '2026', '10', '01', stream, '000000.gz'));
    expect(exported('[$LATEST]abc')).not.toBe(exported('[$LATEST]def'));
  });
});

const event = (logGroup: string, logStream: string, timestamp = 0): LogEvent => ({
  timestamp,
  message: 'x',
  logGroup,
  logStream,
});

function invocation(requestId: string, logGroup: string, facts: Partial<Invocation> = {}): Invocation {
  return {
    ...emptyInvocation(requestId),
    logGroup,
    region: 'us-east-1',
    accountId: '1',
    runtimeVersion: 'r',
    ...facts,
  };
}

/** A part that read the given streams and printed the given invocations. */
function part(
  streams: [string, string, number?][],
  invocations: { inv: Invocation; tail?: boolean }[] = [],
  learn: (context: StreamContextTable) => void = () => {},
  reports = false,
): PartFacts {
  const facts = new PartFactsCollector();
  for (const [group, stream, time] of streams) facts.noteEvent(event(group, stream, time), reports);
  for (const { inv, tail } of invocations) facts.noteInvocation(inv, tail === true);
  const context = new StreamContextTable();
  learn(context);
  // As it crosses threads.
  return structuredClone(facts.finish(context));
}

describe('inexactness', () => {
  it('passes parts with their own streams, requests and facts', () => {
    const a = part(
      [['g', 's1']],
      [{ inv: invocation('r1', 'g') }, { inv: invocation('r2', 'g'), tail: true }],
    );
    const b = part([['g', 's2']], [{ inv: invocation('r3', 'g') }]);
    expect(inexactness([a, b])).toBeNull();
  });

  it('sends each stream past its first 10,000 to the main thread in under 30 bytes, whatever its name', () => {
    // What a thread posts is serialized as v8.serialize does it. The streams' keys were sent:
    // 81 bytes a stream here with its span. Now the names of the first 10,000 only.
    const name = (n: number) => `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`;
    const sent = (count: number) => {
      const facts = new PartFactsCollector();
      for (let n = 0; n < count; n++) facts.noteEvent(event('/aws/lambda/orders-api', name(n), n), false);
      return serialize(facts.finish(new StreamContextTable())).length;
    };
    expect(sent(200_000) - sent(100_000)).toBeLessThan(30 * 100_000);
  });

  it('trips on a stream in two parts', () => {
    const a = part([['g', 's1']]);
    const b = part([
      ['g', 's2'],
      ['g', 's1'],
    ]);
    expect(inexactness([a, b])).toBe('log stream s1 of g continues from one part of the inputs into another');
    // The same stream name in two groups is two streams.
    expect(inexactness([a, part([['h', 's1']])])).toBeNull();
  });

  it("trips on a Lambda group's stream in one part and its function's export of it in another", () => {
    // A Logs Insights export names the group; `aws logs filter-log-events` output names none,
    // and stands for the function its file is named after. One thread drops the events of
    // one that the other holds as duplicates; two threads each counted them.
    const facts = new PartFactsCollector();
    facts.noteEvent({ timestamp: 0, message: 'x', functionName: 'orders-api', logStream: 's1' }, false);
    const exported = structuredClone(facts.finish(new StreamContextTable()));
    const queried = part([['/aws/lambda/orders-api', 's1']], [], () => {}, true);
    expect(inexactness([exported, queried])).toBe(
      'log stream s1 of orders-api continues from one part of the inputs into another',
    );
    expect(inexactness([queried, exported])).toBe(
      'log stream s1 of orders-api continues from one part of the inputs into another',
    );
    // Another function's group is another stream.
    expect(inexactness([exported, part([['/aws/lambda/billing', 's1']])])).toBeNull();
  });

  it('lets a stream go on, later in time, from a part of nothing but REPORT lines', () => {
    const reports = part(
      [
        ['g', 's1', 10],
        ['g', 's1', 20],
      ],
      [{ inv: invocation('r1', 'g'), tail: true }],
      () => {},
      true,
    );
    const goesOn = part([['g', 's1', 21]], [{ inv: invocation('r2', 'g') }]);
    expect(inexactness([reports, goesOn])).toBeNull();
    // An event of the stream no later than the REPORTs' last may be one of them again.
    const overlaps = part(
      [
        ['g', 's1', 30],
        ['g', 's1', 20],
      ],
      [{ inv: invocation('r2', 'g') }],
    );
    const stream = 'log stream s1 of g continues from one part of the inputs into another';
    expect(inexactness([reports, overlaps])).toBe(stream);
    // So may an event without a time, in either part.
    expect(inexactness([reports, part([['g', 's1', Number.NaN]])])).toBe(stream);
    const untimed = part([['g', 's1', Number.NaN]], [], () => {}, true);
    expect(inexactness([untimed, goesOn])).toBe(stream);
    // Their IDs still join: a line tagged with a REPORT left waiting.
    const names = part([['g', 's1', 25]], [{ inv: invocation('r1', 'g') }]);
    expect(inexactness([reports, names])).toBe(
      'request r1 is left open in one part of the inputs and named again in another',
    );
    // A part with any other line holds its streams: what it left open there, a later part would join.
    const later = part([['g', 's1', 40]], [], () => {}, true);
    expect(inexactness([goesOn, later])).toBe(stream);
    // Held past the latest REPORT-only part that had it, whichever came first.
    expect(inexactness([reports, part([['g', 's1', 50]], [], () => {}, true), goesOn])).toBe(stream);
  });

  it('trips on a request left open in one part and named in a later one, not an earlier one', () => {
    const open = part([['g', 's1']], [{ inv: invocation('r1', 'g'), tail: true }]);
    const names = part([['h', 's2']], [{ inv: invocation('r1', 'h') }]);
    expect(inexactness([open, names])).toBe(
      'request r1 is left open in one part of the inputs and named again in another',
    );
    // Named before it was left open: one thread closed the first before the second began.
    expect(inexactness([names, open])).toBeNull();
    // Closed in its own part (not a tail): a later one of the same ID is a new invocation either way.
    const closed = part([['g', 's1']], [{ inv: invocation('r1', 'g') }]);
    expect(inexactness([closed, names])).toBeNull();
  });

  it('tells requests apart by their whole hash, not by the bits its quick filter looks at', () => {
    const open = part([['g', 's1']], [{ inv: invocation('r1', 'g'), tail: true }]);
    const hash = requestIdHash('r1');
    // The same low 32 bits (all the filter reads), another request: its bit is set, the map says no.
    const twin = hash >= 2 ** 52 ? hash - 2 ** 32 : hash + 2 ** 32;
    const later = (hashes: ArrayLike<number>): PartFacts => ({
      ...part([['h', 's2']]),
      requestIds: Float64Array.from(hashes),
    });
    expect(inexactness([open, later([twin])])).toBeNull();
    // Among two million other requests, the one left open is found wherever it comes.
    const many = Float64Array.from({ length: 2_000_000 }, (_, i) => requestIdHash(`other-${i}`));
    expect(inexactness([open, later(many)])).toBeNull();
    many[1_234_567] = hash;
    expect(inexactness([open, later(many)])).toBe(
      'request r1 is left open in one part of the inputs and named again in another',
    );
  });

  it('trips on a group fact learned before a part that lacked it', () => {
    const teaches = part([['g', 's1']], [], (c) => c.learnGroup('g', { region: 'eu-west-1' }));
    const lacks = part([['g', 's2']], [{ inv: invocation('r2', 'g', { region: null }) }]);
    expect(inexactness([teaches, lacks])).toMatch(
      /what log group g is .* learned in one part .* needed in another/,
    );
    // Learned after: one thread had not learned it either when the invocation closed.
    expect(inexactness([lacks, teaches])).toBeNull();
    // Another fact than the one lacked.
    const teachesAccount = part([['g', 's1']], [], (c) => c.learnGroup('g', { accountId: '123' }));
    expect(inexactness([teachesAccount, lacks])).toBeNull();
  });

  it('trips on a fact learned after a part whose open invocation lacked it', () => {
    const lacksAtEnd = part([['g', 's1']], [{ inv: invocation('r1', 'g', { accountId: null }), tail: true }]);
    const teaches = part([['g', 's2']], [], (c) => c.learnGroup('g', { accountId: '123' }));
    expect(inexactness([lacksAtEnd, teaches])).toMatch(/what log group g is/);
    // Closed within its part, it closed before the later part taught it, with one thread too.
    const lacksInside = part([['g', 's1']], [{ inv: invocation('r1', 'g', { accountId: null }) }]);
    expect(inexactness([lacksInside, teaches])).toBeNull();
  });
});
