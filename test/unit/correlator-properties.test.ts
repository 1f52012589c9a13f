/**
 * Property-based tests over random, truncated and garbled input: the correlator never
 * throws, never loses a line, and its counts add up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation, InvocationLine, LogEvent } from '../../collectors/model.ts';
import { blockEvents, fixtureBlocks } from './fixture-blocks.ts';

const realLines = fixtureBlocks().flatMap((b) => blockEvents(b).map((e) => e.message));
const ids = ['a0537bcb-712d-11e4-8c97-af075a3c0929', 'c3252230-c73d-49f6-8844-968c01d1e2e1', 'r-3'];

/** A real line, cut short, with bytes flipped, or made up from Lambda's vocabulary. */
const line = fc.oneof(
  fc.constantFrom(...realLines),
  fc.tuple(fc.constantFrom(...realLines), fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))),
  fc.tuple(fc.constantFrom(...realLines), fc.nat(), fc.string({ maxLength: 3 })).map(([l, n, s]) => {
    const at = n % (l.length + 1);
    return l.slice(0, at) + s + l.slice(at + 1);
  }),
  fc
    .tuple(
      fc.constantFrom('START', 'END', 'REPORT', 'XRAY', 'INIT_START', '{"type":"platform.report"'),
      fc.constantFrom(...ids),
      fc.string(),
    )
    .map(([kw, id, rest]) => `${kw} RequestId: ${id} ${rest}`),
  fc.string({ maxLength: 200 }),
);

const event = fc.record({
  message: line,
  stream: fc.constantFrom('s1', 's2', 's3'),
  timestamp: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.constant(Number.NaN)),
});

function run(events: LogEvent[], maxOpen: number, maxLines: number, maxHeldBytes?: number) {
  const outside: InvocationLine[] = [];
  const correlator = createCorrelator({
    maxOpenInvocations: maxOpen,
    maxLinesPerInvocation: maxLines,
    ...(maxHeldBytes === undefined ? {} : { maxHeldBytes }),
    onUnattributed: (line) => outside.push(line),
  });
  const out: Invocation[] = [];
  let tagged = 0;
  for (const e of events) {
    const result = correlator.push(e);
    if (result.requestId !== null) tagged++;
    out.push(...result.completed);
  }
  out.push(...correlator.flush());
  return { out, stats: correlator.stats(), tagged, outside };
}

describe('correlator properties', () => {
  it('never throws, and lines in = lines attributed + lines unattributed', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 120 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        // Line text held at once: none, a few lines' worth, or the default.
        fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: undefined }),
        (raw, maxOpen, maxLines, maxHeld) => {
          const events = raw.map((r) => ({ ...r, logGroup: '/aws/lambda/fn', logStream: r.stream }));
          const { out, stats, outside } = run(events, maxOpen, maxLines, maxHeld);
          expect(stats.events).toBe(events.length);
          expect(stats.attributed + stats.unattributed).toBe(events.length);
          // Each line counted outside is told of once, and none of them is an invocation's.
          expect(outside).toHaveLength(stats.unattributed);
          expect(new Set(outside).size).toBe(outside.length);
          const kept = new Set(out.flatMap((i) => i.lines));
          expect(outside.filter((l) => kept.has(l))).toEqual([]);
          const dropped = out.reduce((n, i) => n + i.droppedLines, 0);
          // Every attributed line is either kept with its invocation or counted as dropped there.
          expect(kept.size + dropped).toBe(stats.attributed);
          expect(dropped).toBe(stats.droppedLines + stats.heldDropped);
          if (maxHeld === undefined) expect(stats.heldDropped).toBe(0);
          expect(stats.open).toBe(0);
          expect(out.length).toBe(stats.invocations);
          expect(new Set(out.map((i) => i.requestId)).size).toBeLessThanOrEqual(out.length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('puts every line of well-formed streams, interleaved, with its own request exactly once', () => {
    const request = fc.record({
      stream: fc.constantFrom('s1', 's2', 's3', 's4'),
      untagged: fc.nat(4),
      tagged: fc.nat(3),
    });
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        (requests, picks) => {
          // Build each stream's own sequence, then interleave the streams at random.
          const perStream = new Map<string, string[][]>();
          requests.forEach((r, n) => {
            const id = `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
            const lines = [`START RequestId: ${id} Version: $LATEST`];
            for (let i = 0; i < r.untagged; i++) lines.push(`print ${i}`);
            for (let i = 0; i < r.tagged; i++)
              lines.push(`2026-10-01T00:00:00.000Z\t${id}\tINFO\ttagged ${i}`);
            lines.push(
              `END RequestId: ${id}`,
              `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 10 MB`,
            );
            const list = perStream.get(r.stream) ?? [];
            list.push(lines);
            perStream.set(r.stream, list);
          });
          const queues = [...perStream].map(([stream, reqs]) => ({ stream, lines: reqs.flat() }));
          const events: LogEvent[] = [];
          let p = 0;
          while (queues.some((q) => q.lines.length > 0)) {
            const open = queues.filter((q) => q.lines.length > 0);
            const q = open[
              (picks[p++ % Math.max(1, picks.length)] ?? 0) % open.length
            ] as (typeof open)[number];
            events.push({
              timestamp: events.length,
              message: q.lines.shift() as string,
              logGroup: '/aws/lambda/fn',
              logStream: q.stream,
            });
          }
          const { out, stats } = run(events, 10_000, 10_000);
          expect(stats.unattributed).toBe(0);
          expect(out).toHaveLength(requests.length);
          expect(new Set(out.map((i) => i.requestId)).size).toBe(requests.length);
          for (const inv of out) {
            const n = Number(inv.requestId.slice(-12));
            const r = requests[n] as (typeof requests)[number];
            expect(inv.status).toBe('success');
            expect(inv.lines).toHaveLength(3 + r.untagged + r.tagged);
            expect(inv.logStream).toBe(r.stream);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps open invocations within the bound and counts what it closes early', () => {
    const events: LogEvent[] = [];
    for (let i = 0; i < 50; i++) {
      events.push({
        timestamp: i,
        message: `START RequestId: req-${i} Version: $LATEST`,
        logGroup: '/aws/lambda/fn',
        logStream: `s${i}`,
      });
    }
    const { out, stats } = run(events, 10, 5);
    expect(stats.evicted).toBe(40);
    expect(out).toHaveLength(50);
    expect(out.every((i) => i.status === 'incomplete')).toBe(true);
  });
});
