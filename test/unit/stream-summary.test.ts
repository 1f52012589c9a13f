/**
 * The streams of a part as they cross to the main thread: 64-bit hashes of their keys, not
 * the keys, with the check of whether a stream goes on from one part into another as exact
 * as it was on the keys, and keys that hash alike only ever joining the parts.
 */
import { describe, expect, it } from 'vitest';
import { inexactness, type PartFacts, PartFactsCollector } from '../../cli/workers/part-facts.ts';
import { NAMED_STREAMS, StreamTable, streamJoin } from '../../cli/workers/stream-summary.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';

const stream = (n: number) => `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`;

/** A part that read the streams `numbers` of group g, in that order, at the times given (the stream's number by default). */
function part(numbers: number[], reports = false, time = (n: number) => n): PartFacts {
  const facts = new PartFactsCollector();
  for (const n of numbers)
    facts.noteEvent({ timestamp: time(n), message: 'x', logGroup: 'g', logStream: stream(n) }, reports);
  // As it crosses threads.
  return structuredClone(facts.finish(new StreamContextTable()));
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);
const continues = (n: number) =>
  `log stream ${stream(n)} of g continues from one part of the inputs into another`;

describe('the streams a part read, by hash', () => {
  it('costs 28 bytes a stream, whatever its name, and keeps the first names only', () => {
    const facts = part(range(0, 50_000));
    const s = facts.streams;
    expect(s?.order.length).toBe(50_000);
    expect((s?.hashes.byteLength ?? 0) + (s?.spans.byteLength ?? 0) + (s?.order.byteLength ?? 0)).toBe(
      28 * 50_000,
    );
    expect(s?.names.length).toBe(NAMED_STREAMS);
    expect(s?.names[0]).toBe(`g\u0000${stream(0)}`);
    // In order of hash, each stream once, each with its own span.
    const met = [...(s?.order ?? [])].sort((a, b) => a - b);
    expect(met).toEqual(range(0, 50_000));
    for (const [i, k] of (s?.order ?? []).entries())
      expect(s?.spans.slice(2 * i, 2 * i + 2)).toEqual(Float64Array.of(k, k));
  });

  it('finds a stream shared by two parts of 50,000 each, and names the first the later part met', () => {
    expect(inexactness([part(range(0, 50_000)), part(range(50_000, 50_000))])).toBeNull();
    // Stream 30,000 is past the first 10,000 streams of both parts, whose names they keep:
    // found by its hash all the same, said without a name.
    const shared = part([...range(50_000, 20_000), 30_000, ...range(70_000, 30_000)]);
    expect(inexactness([part(range(0, 50_000)), shared])).toBe(
      'a log stream continues from one part of the inputs into another',
    );
    // Among its first streams, or the earlier part's, it is named.
    expect(inexactness([part(range(0, 50_000)), part([...range(50_000, 20_000), 7])])).toBe(continues(7));
    expect(inexactness([part(range(0, 50_000)), part([...range(50_000, 100), 40_000, 3, 45_000])])).toBe(
      continues(40_000),
    );
    // A later part of the first 10 streams again, in a new order: the first it met.
    expect(inexactness([part(range(0, 50_000)), part([9, 2, 5])])).toBe(continues(9));
  });

  it('lets a stream go on, later in time, from a part of nothing but REPORT lines', () => {
    const reports = part(range(0, 50_000), true, () => 1000);
    expect(inexactness([reports, part([...range(50_000, 20_000), 123], false, () => 1001)])).toBeNull();
    expect(inexactness([reports, part([...range(50_000, 20_000), 123], false, () => 1000)])).toBe(
      continues(123),
    );
    // Held past the latest part that had it: the second part's times (2000) are past the first's only.
    const again = part([123], true, () => 2000);
    expect(inexactness([reports, again, part([123], false, () => 1500)])).toBe(continues(123));
  });

  it('takes keys that hash alike for one stream: the parts are read as one thread reads them, and the message says so', () => {
    const a = part([1, 2]);
    const b = part([3]);
    expect(inexactness([a, b])).toBeNull();
    // Stream 3's hash forged to be stream 2's: another stream, the same 64 bits.
    const sa = a.streams as NonNullable<PartFacts['streams']>;
    const at = sa.order.indexOf(1);
    const forged = {
      ...b,
      streams: {
        ...(b.streams as NonNullable<PartFacts['streams']>),
        hashes: sa.hashes.slice(2 * at, 2 * at + 2),
      },
    };
    expect(inexactness([a, forged])).toBe(
      `log streams ${stream(3)} of g and ${stream(2)} of g, in two parts of the inputs, hash alike`,
    );
    expect(streamJoin([a, forged] as Parameters<typeof streamJoin>[0])).not.toBeNull();
  });

  it('holds a stream met again by its strings or by its hash in one place', () => {
    const table = new StreamTable();
    const at = table.spanOf('g', stream(1));
    // More streams than it remembers by their strings: stream 1 is found again by its hash.
    for (const n of range(2, 19_999)) table.spanOf('g', stream(n));
    expect(table.spanOf('g', stream(1))).toBe(at);
    expect(table.size).toBe(20_000);
    // Where the group ends is part of the key: ("ga", "b") and ("g", "ab") are two streams.
    expect(table.spanOf('ga', 'b')).not.toBe(table.spanOf('g', 'ab'));
    expect(table.size).toBe(20_002);
  });
});
