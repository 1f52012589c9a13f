/**
 * The day `cost` counts a line's bytes on, from files: the one `ship` stores the line under
 * (collectors/line-time.ts), so that a report from the cluster counts the same bytes on the
 * same days. A line with no time of its own and none before it in its stream waits for its
 * invocation's; past a bound on such lines, the oldest request's go undated, as `ship` lets go.
 */
import { describe, expect, it } from 'vitest';
import { StreamContextTable } from '../../../collectors/correlator/stream-context.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { CostAggregator } from '../../../pricing/report/aggregator.ts';
import { aggregateEvents } from '../../../pricing/sources/local.ts';
import { AWS_LIST_PRICES } from '../../../pricing/tables/aws-list-prices.ts';
import { documentsFromEvents } from '../../../shippers/assemble.ts';
import { documentSourceJson } from '../../../shippers/bulk-request.ts';

const DAY_MS = 86_400_000;
const D1 = Date.UTC(2026, 9, 5);
const id = (c: string) => `${c.repeat(8)}-1111-4111-8111-111111111111`;
const REPORT = (r: string) =>
  `REPORT RequestId: ${r}\tDuration: 10.00 ms\tBilled Duration: 11 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;

/** A line as a copy without prefixes gives it: no event time (`timestamp` only when given). */
const line = (logStream: string | undefined, message: string, timestamp = Number.NaN): LogEvent => ({
  timestamp,
  message,
  logStream,
});

const dayOf = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'undated');
const size = (events: LogEvent[]) => events.reduce((n, e) => n + Buffer.byteLength(e.message), 0);

/** The bytes counted on each day (or undated) under `key`, its group or function, as `cost` counts them from files. */
async function bytesByDay(events: LogEvent[], key = 'days-fn'): Promise<Record<string, number>> {
  const agg = new CostAggregator({
    table: AWS_LIST_PRICES,
    period: undefined,
    configs: new Map(),
    defaults: { region: 'us-east-1', architecture: 'x86_64' },
    functions: undefined,
    context: new StreamContextTable(),
  });
  const batches = (async function* () {
    yield events;
  })();
  await aggregateEvents(agg, batches, { functionName: 'days-fn' });
  const days = agg.logBytes.get(key) ?? new Map<number, number>();
  return Object.fromEntries(
    [...days].map(([day, bytes]) => [day < 0 ? 'undated' : dayOf(day * DAY_MS), bytes]),
  );
}

/** The same, as a cost report from the cluster counts the line documents `ship` builds: by `@timestamp`. */
async function shippedBytesByDay(events: LogEvent[], name = 'days-fn'): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for await (const doc of documentsFromEvents(events, { meta: { functionName: 'days-fn' } })) {
    if (doc.kind !== 'line') continue;
    const source = JSON.parse(documentSourceJson(doc)) as {
      '@timestamp'?: string;
      faas: { name?: string };
      lambdalens: { message_bytes: number };
    };
    if (source.faas.name !== name) continue;
    const day = dayOf(source['@timestamp'] ? Date.parse(source['@timestamp']) : Number.NaN);
    out[day] = (out[day] ?? 0) + source.lambdalens.message_bytes;
  }
  return out;
}

describe("the day cost counts a file's line on", () => {
  it('is its own time, else the timed line before it in its stream, else its invocation’s, as shipped', async () => {
    const a = id('a');
    const events = [
      line('s', `START RequestId: ${a} Version: $LATEST`),
      line('s', `2026-10-06T10:00:00.010Z\t${a}\tINFO\tits own time`),
      line('s', `END RequestId: ${a}`),
      line('s', REPORT(a)),
      // No request, no time, no timed line before it in its stream: undated, as shipped.
      line('other', 'a line of nobody'),
    ];
    expect(await bytesByDay(events)).toEqual({ '2026-10-06': size(events.slice(0, 4)), undated: 16 });
    expect(await shippedBytesByDay(events)).toEqual(await bytesByDay(events));
  });

  it("takes no time from another function's copy read before it", async () => {
    const copy = (fn: string, r: string, at: string) =>
      [
        `START RequestId: ${r} Version: $LATEST`,
        `${at}\t${r}\tINFO\t${fn}'s line`,
        `END RequestId: ${r}`,
        REPORT(r),
      ].map((message): LogEvent => ({ timestamp: Number.NaN, message, functionName: fn }));
    const one = copy('one', id('a'), '2026-10-05T10:00:00.010Z');
    const two = copy('two', id('b'), '2026-10-06T10:00:00.010Z');
    // two's START is at its invocation's time, not at the last time of one's copy.
    expect(await bytesByDay([...one, ...two], 'two')).toEqual({ '2026-10-06': size(two) });
    expect(await shippedBytesByDay([...one, ...two], 'two')).toEqual({ '2026-10-06': size(two) });
  });

  it("lets the oldest request's untimed lines go undated past 50,000 held, as ship does", async () => {
    const a = id('a');
    const b = id('b');
    // a's lines carry no time until its END: held, until b's first line passes the bound.
    const held = [
      line('sa', `START RequestId: ${a} Version: $LATEST`),
      ...Array.from({ length: 49_999 }, (_, i) => line('sa', `print ${i}`)),
    ];
    const ofB = [
      line('sb', `START RequestId: ${b} Version: $LATEST`),
      line('sb', `2026-10-06T10:00:00.010Z\t${b}\tINFO\tb's own time`),
      line('sb', `END RequestId: ${b}`),
      line('sb', REPORT(b)),
    ];
    const endOfA = [line('sa', `END RequestId: ${a}`, D1), line('sa', REPORT(a), D1 + 1)];
    const bytes = await bytesByDay([...held, ofB[0] as LogEvent, ...endOfA, ...ofB.slice(1)]);
    expect(bytes).toEqual({ undated: size(held), '2026-10-05': size(endOfA), '2026-10-06': size(ofB) });
    // Under the bound, a's lines wait for its time.
    const fewer = held.slice(0, 1000);
    expect(await bytesByDay([...fewer, ...endOfA])).toEqual({ '2026-10-05': size(fewer) + size(endOfA) });
  });
});
