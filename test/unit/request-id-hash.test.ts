/**
 * The one hash of a request ID: apart for IDs that differ in one character, spread in the
 * low bits the waiting table indexes by, the same on every thread of a run, and the hash a
 * lone REPORT carries from its reading to the part facts is the ID's own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inexactness, PartFactsCollector } from '../../cli/workers/part-facts.ts';
import {
  adoptRequestIdSeed,
  requestIdHash,
  requestIdHashAt,
  requestIdSeed,
  tableHash,
} from '../../collectors/correlator/request-id-hash.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { WatchedInvocation } from '../../collectors/correlator/types.ts';
import type { LogEvent } from '../../collectors/model.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { createCostCorrelator } from '../../pricing/sources/local.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';

const sequential = (n: number) =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);

describe('requestIdHash', () => {
  it('hashes IDs that differ in their last characters apart, in all 53 bits and in the low ones', () => {
    const ids = sequential(200_000);
    const hashes = ids.map(requestIdHash);
    expect(new Set(hashes).size).toBe(ids.length);
    expect(hashes.every((h) => Number.isSafeInteger(h) && h >= 0)).toBe(true);
    // The waiting table indexes by the low bits: 200,000 IDs over 65,536 buckets fill about
    // 95% of them when those bits are spread as random ones are.
    const buckets = new Set(hashes.map((h) => tableHash(h) & 0xffff));
    expect(buckets.size).toBeGreaterThan(60_000);
  });

  it('hashes an ID cut from a line as the same ID whole, and apart from a neighbour', () => {
    const id = '4ce9340a-b765-490f-ad8a-02ab3415e2bf';
    expect(requestIdHash(`REPORT RequestId: ${id}\t`.slice(18, 18 + id.length))).toBe(requestIdHash(id));
    expect(requestIdHash(id)).not.toBe(requestIdHash(id.replace('4ce9', '4ce8')));
    expect(requestIdHash('')).not.toBe(requestIdHash('\u0000'));
    // Hashed where it is written, the same as cut out: any text, any span, odd lengths too.
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(), fc.nat(), (text, x, y) => {
        const start = x % (text.length + 1);
        const end = start + (y % (text.length - start + 1));
        expect(requestIdHashAt(text, start, end)).toBe(requestIdHash(text.slice(start, end)));
      }),
      { numRuns: 20_000 },
    );
    expect(requestIdHashAt(`REPORT RequestId: ${id}\t`, 18, 18 + id.length)).toBe(requestIdHash(id));
    expect(requestIdHashAt(`${id}x`, 0, id.length - 1)).toBe(requestIdHash(id.slice(0, -1)));
  });

  it('hashes alike with the seed another thread gives, and differently with another seed', () => {
    const mine = requestIdSeed();
    const id = '4ce9340a-b765-490f-ad8a-02ab3415e2bf';
    const before = requestIdHash(id);
    try {
      adoptRequestIdSeed([mine[0] ^ 1, mine[1]]);
      expect(requestIdHash(id)).not.toBe(before);
      adoptRequestIdSeed([mine[0], mine[1]]);
      expect(requestIdHash(id)).toBe(before);
    } finally {
      adoptRequestIdSeed(mine);
    }
  });
});

describe("a lone REPORT's hash, from its reading to the part facts", () => {
  it('is the hash of its own ID, for every REPORT a part reads, in order', () => {
    const ids = sequential(25_000);
    const agg = new CostAggregator({
      table: AWS_LIST_PRICES,
      defaults: { region: 'us-east-1', architecture: 'x86_64' },
      context: new StreamContextTable(),
    });
    // Not the first part: a later one notes every request ID.
    const facts = new PartFactsCollector();
    // Each lone REPORT comes with the hash its reading computed (not hashed a second time).
    let carried = 0;
    const watch = {
      noteEvent: (e: LogEvent, report: boolean) => facts.noteEvent(e, report),
      noteInvocation: (inv: WatchedInvocation, tail: boolean, idHash?: number) => {
        if (idHash !== undefined) carried++;
        facts.noteInvocation(inv, tail, idHash);
      },
    };
    const correlator = createCostCorrelator(agg, { watch });
    for (const [i, id] of ids.entries()) {
      const event: LogEvent = {
        timestamp: Date.UTC(2026, 10, 1) + i,
        message: `REPORT RequestId: ${id}\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
        logGroup: '/aws/lambda/f',
        logStream: `s-${i % 7}`,
      };
      for (const inv of correlator.push(event).completed) facts.noteInvocation(inv, false);
    }
    for (const inv of correlator.flush()) facts.noteInvocation(inv, true);
    const noted = facts.finish(new StreamContextTable());
    // More REPORTs than wait at once: most closed as lone REPORTs, the rest at the end.
    expect(noted.requestIds && [...noted.requestIds]).toEqual(ids.map(requestIdHash));
    expect(noted.tailIds?.length).toBe(10_000);
    expect(carried).toBe(ids.length);
    // And a part before it that left one of them open is found by that hash.
    const before = new PartFactsCollector(true);
    before.noteInvocation(invocationOf('4ce9340a-b765-490f-ad8a-02ab3415e2bf'), true);
    before.noteInvocation(invocationOf(ids[12_345] as string), true);
    expect(inexactness([before.finish(new StreamContextTable()), noted])).toBe(
      `request ${ids[12_345]} is left open in one part of the inputs and named again in another`,
    );
  });
});

function invocationOf(requestId: string): WatchedInvocation {
  return {
    requestId,
    functionName: 'f',
    logGroup: '/aws/lambda/f',
    region: 'us-east-1',
    accountId: '1',
    runtimeVersion: 'r',
  };
}
