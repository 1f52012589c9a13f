/**
 * The early check of a part against the file before its cut (early-join.ts): what the probe
 * reads from a real file, when it gives up, when a part stops early, and the property that
 * makes stopping safe: whatever the probe check finds, the check at the end finds too, so a
 * part that stopped early is never taken for a whole one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { EarlyJoinFacts, probeFacts } from '../../cli/workers/early-join.ts';
import { inexactness, type PartFacts, PartFactsCollector } from '../../cli/workers/part-facts.ts';
import { fileBeforeCut } from '../../cli/workers/partition.ts';
import type { StreamSummary } from '../../cli/workers/stream-summary.ts';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { LogEvent } from '../../collectors/model.ts';

const dir = mkdtempSync(join(tmpdir(), 'early-join-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const running = new AbortController().signal;
const day = Date.UTC(2026, 9, 1);
const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const report = (n: number) =>
  `REPORT RequestId: ${id(n)}\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;

/** An `aws logs tail` copy: each invocation's START, a line, END and REPORT in its stream. */
function fullLogs(name: string, streams: string[], invocations: number, from = 0): string {
  let text = '';
  for (let i = 0; i < invocations; i++) {
    const stream = streams[i % streams.length] as string;
    const t = day + (from + i) * 1000;
    text += `${stamp(t)} ${stream} START RequestId: ${id(from + i)} Version: $LATEST\n`;
    text += `${stamp(t + 1)} ${stream} handled ${from + i}\n`;
    text += `${stamp(t + 2)} ${stream} END RequestId: ${id(from + i)}\n`;
    text += `${stamp(t + 2)} ${stream} ${report(from + i)}\n`;
  }
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A stream name as `aws logs tail` prints it, which is how a copy's reader knows one. */
const stream = (n: number) => `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`;

const event = (logStream: string, timestamp: number): LogEvent => ({
  timestamp,
  message: 'handled',
  functionName: 'orders-api',
  logStream,
});

/** Each stream's first and last time, in the order the streams were met (the summary's is by hash). */
function spansMet(facts: PartFacts): number[] {
  const { spans, order } = facts.streams as StreamSummary;
  const met = new Array<number>(spans.length);
  for (const [i, k] of order.entries()) {
    met[2 * k] = spans[2 * i] as number;
    met[2 * k + 1] = spans[2 * i + 1] as number;
  }
  return met;
}

describe('probeFacts', () => {
  it("reads the file's streams and spans as the part before its cut notes them", async () => {
    const path = fullLogs('orders-api-2026-10-01.log', [stream(1), stream(2)], 10);
    const facts = (await probeFacts(path, undefined, running)) as PartFacts;
    expect(facts.streams?.names).toEqual([`orders-api\u0000${stream(1)}`, `orders-api\u0000${stream(2)}`]);
    expect(facts.reportsOnly).toBe(false);
    expect(spansMet(facts)).toEqual([day, day + 8002, day + 1000, day + 9002]);
  });

  it('gives up on REPORT lines alone past 10,000 of them, and keeps fewer', async () => {
    const reports = (n: number) =>
      Array.from({ length: n }, (_, i) => `${stamp(day + i)} ${stream(1)} ${report(i)}\n`).join('');
    const many = join(dir, 'reports-many.log');
    writeFileSync(many, reports(12_000));
    expect(await probeFacts(many, undefined, running)).toBeNull();
    const few = join(dir, 'reports-few.log');
    writeFileSync(few, reports(500));
    expect((await probeFacts(few, undefined, running))?.reportsOnly).toBe(true);
  });

  it("reads only the last 8 MiB of a long copy: the streams busy at the file's end", async () => {
    // 2 MB of a stream that ends early, then 10 MB of two others.
    const path = join(dir, 'orders-api-2026-10-02.log');
    let text = fullLogs('early.log', [stream(1)], 5_000);
    text =
      readFileSync(text, 'utf8') +
      readFileSync(fullLogs('late.log', [stream(2), stream(3)], 25_000, 5_000), 'utf8');
    writeFileSync(path, text);
    expect(text.length).toBeGreaterThan(10 << 20);
    const facts = (await probeFacts(path, undefined, running)) as PartFacts;
    expect(facts.streams?.names).toEqual([`orders-api\u0000${stream(2)}`, `orders-api\u0000${stream(3)}`]);
    // Each stream's span ends where the file's does; it starts 8 MiB before the end.
    const spans = spansMet(facts);
    expect(spans[1]).toBe(day + 29_998 * 1000 + 2);
    expect(spans[3]).toBe(day + 29_999 * 1000 + 2);
    expect(spans[0]).toBeGreaterThan(day + 5_000 * 1000);
  });

  it('gives nothing for a file it cannot read', async () => {
    expect(await probeFacts(join(dir, 'missing.log'), undefined, running)).toBeNull();
  });
});

describe('EarlyJoinFacts', () => {
  const probe = (streams: string[]) => {
    const facts = new PartFactsCollector(true);
    for (const s of streams) facts.noteEvent(event(s, day), false);
    return facts.finish(new StreamContextTable());
  };

  it('says so once, at its first check, when its events go on with a stream of the probe', () => {
    let joined = 0;
    const facts = new EarlyJoinFacts(probe(['s-1', 's-2']), () => joined++);
    for (let i = 0; i < 1023; i++) facts.noteEvent(event('s-9', day + i), false);
    expect(joined).toBe(0);
    facts.noteEvent(event('s-2', day + 2000), false);
    expect(joined).toBe(1);
    for (let i = 0; i < 70_000; i++) facts.noteEvent(event('s-2', day + i), false);
    expect(joined).toBe(1);
  });

  it('leaves its part marked as read only in part, so the check at the end reads it again whatever it finds', () => {
    const facts = new EarlyJoinFacts(probe(['s-1', 's-2']), () => {});
    for (let i = 0; i < 1023; i++) facts.noteEvent(event('s-9', day + i), false);
    const context = new StreamContextTable();
    expect(facts.finish(context).cutShort).toBeNull();
    facts.noteEvent(event('s-2', day + 2000), false);
    const part = facts.finish(context);
    const why = 'log stream s-2 of orders-api continues from one part of the inputs into another';
    expect(part.cutShort).toBe(why);
    // The part before, as its own thread read it, shows no join (the file before the cut
    // grew after it was read): the part is still not taken as read.
    const before = probe(['s-1']);
    const whole = new PartFactsCollector();
    for (let i = 0; i < 1024; i++) whole.noteEvent(event('s-9', day + i), false);
    expect(inexactness([before, whole.finish(context)])).toBeNull();
    expect(inexactness([before, part])).toBe(why);
  });

  it('never, when its streams are its own', () => {
    let joined = 0;
    const facts = new EarlyJoinFacts(probe(['s-1']), () => joined++);
    for (let i = 0; i < 70_000; i++) facts.noteEvent(event(`s-${2 + (i % 5)}`, day + i), false);
    expect(joined).toBe(0);
  });

  it('finds nothing the check at the end would not find, however the events fall', () => {
    const events = fc.array(
      fc.record({
        stream: fc.constantFrom('a', 'b', 'c', 'd'),
        time: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(Number.NaN)),
        report: fc.boolean(),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(events, events, events, fc.nat({ max: 40 }), (earlier, probed, after, seen) => {
        const note = (facts: PartFactsCollector, list: typeof earlier) => {
          for (const e of list) facts.noteEvent(event(e.stream, e.time), e.report);
        };
        // The part before the cut: earlier files, then the file before the cut (the probe).
        const before = new PartFactsCollector(true);
        note(before, earlier);
        note(before, probed);
        const probe = new PartFactsCollector(true);
        note(probe, probed);
        // The part after it, as far as it read before the check.
        const partial = new PartFactsCollector();
        note(partial, after.slice(0, seen));
        const context = new StreamContextTable();
        const early = inexactness([probe.finish(context), partial.finish(context)]);
        if (early !== null) {
          expect(inexactness([before.finish(context), partial.finish(context)])).not.toBeNull();
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fileBeforeCut', () => {
  it("names the file before a cut inside one function's files, and nothing else", () => {
    const parts = [
      ['logs/orders-api-2026-10-01.log', 'logs/orders-api-2026-10-02.log'],
      ['logs/orders-api-2026-10-03.log', 'logs/payments-2026-10-01.log'],
      ['logs/payments-2026-10-02.log'],
      ['logs/refunds-2026-10-01.log'],
    ];
    expect(fileBeforeCut(parts, 0)).toBeNull();
    expect(fileBeforeCut(parts, 1)).toBe('logs/orders-api-2026-10-02.log');
    expect(fileBeforeCut(parts, 2)).toBe('logs/payments-2026-10-01.log');
    expect(fileBeforeCut(parts, 3)).toBeNull();
  });
});
