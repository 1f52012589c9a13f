/**
 * The bound on line text held at once (held-text.ts): past it, lines waiting for a request
 * are told as outside any invocation, the oldest stream's first, then the invocations that
 * began keeping lines first let go of their latest lines, counted in `droppedLines`, and
 * keep no more. Each line counts its characters and 112 more.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const id = (name: string) => `00000000-0000-4000-8000-${name.padStart(12, '0')}`;
/** A tagged line of exactly 888 characters: it counts for 1,000 bytes. */
const tagged = (request: string, n: number): LogEvent => {
  const head = `2026-10-01T10:00:00.100Z\t${id(request)}\tINFO\t${request}${n} `;
  return {
    timestamp: 1_790_000_000_000 + n,
    logGroup: '/aws/lambda/fn',
    logStream: `stream-${request}`,
    message: head.padEnd(888, 'x'),
  };
};
/** An untagged line of 888 characters in a stream with no request open. */
const stray = (stream: string, n: number): LogEvent => ({
  timestamp: 1_790_000_000_000 + n,
  logGroup: '/aws/lambda/fn',
  logStream: stream,
  message: `stray ${n} `.padEnd(888, 'y'),
});

function run(events: LogEvent[], maxHeldBytes: number) {
  const outside: string[] = [];
  const correlator = createCorrelator({
    maxHeldBytes,
    onUnattributed: (line) => outside.push(line.message.slice(0, 8).trim()),
  });
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  out.push(...correlator.flush());
  const byId = new Map(out.map((inv) => [inv.requestId.slice(-1), inv]));
  const kept = (r: string) => byId.get(r)?.lines.map((l) => l.message.split('\t')[3]?.split(' ')[0]);
  return { out, byId, kept, outside, stats: correlator.stats() };
}

describe('the bound on held line text', () => {
  it('lets the invocation that began keeping lines first go of its latest lines, then keep none; it stays one invocation', () => {
    const { out, byId, kept, stats } = run(
      [
        tagged('a', 1),
        tagged('a', 2),
        tagged('b', 1),
        tagged('b', 2),
        tagged('c', 1),
        // 6,000 bytes: a lets go of a2, and keeps no more
        tagged('c', 2),
        tagged('a', 3),
        // over again: a, still the oldest keeping a line, lets go of a1
        tagged('b', 3),
        // a keeps none now: b lets go of b3
        tagged('c', 3),
        tagged('b', 4),
      ],
      5_000,
    );
    expect(out.map((inv) => inv.requestId.slice(-1))).toEqual(['a', 'b', 'c']);
    expect(kept('a')).toEqual([]);
    expect(byId.get('a')?.droppedLines).toBe(3);
    expect(kept('b')).toEqual(['b1', 'b2']);
    expect(byId.get('b')?.droppedLines).toBe(2);
    expect(kept('c')).toEqual(['c1', 'c2', 'c3']);
    expect(byId.get('c')?.droppedLines).toBe(0);
    expect(stats).toMatchObject({
      attributed: 10,
      droppedLines: 0,
      heldDropped: 5,
      evicted: 0,
      invocations: 3,
    });
    // Its time span is still every line's.
    expect(byId.get('a')?.end).toBe('2026-09-21T14:13:20.003Z');
  });

  it('tells lines waiting for a request as outside any invocation first, the oldest stream’s first, in order', () => {
    const { kept, outside, stats } = run(
      [
        stray('p', 1),
        stray('p', 2),
        stray('q', 3),
        tagged('a', 1),
        tagged('a', 2),
        // 6,000 bytes: p's two lines go, a keeps all
        tagged('a', 3),
        tagged('a', 4),
        // 6,000 bytes: q's line goes
        tagged('a', 5),
        // 6,000 bytes: nothing waits any more, a lets go of its latest line, this one
        tagged('a', 6),
        tagged('a', 7),
      ],
      5_000,
    );
    expect(outside).toEqual(['stray 1', 'stray 2', 'stray 3']);
    expect(kept('a')).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(stats).toMatchObject({ unattributed: 3, attributed: 7, heldDropped: 2 });
  });

  it('holds 20 never-ending requests of 1,000 long lines each within the bound, the oldest letting go first', () => {
    const requests = Array.from({ length: 20 }, (_, r) => String.fromCharCode(97 + r));
    const events: LogEvent[] = [];
    for (let n = 1; n <= 1_000; n++) for (const r of requests) events.push(tagged(r, n));
    const { out, kept, stats } = run(events, 100_000);
    expect(out).toHaveLength(20);
    const keptCounts = out.map((inv) => inv.lines.length);
    // 100 lines of 1,000 bytes fit: the newest requests keep theirs, the oldest none.
    expect(keptCounts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(keptCounts).toEqual([...Array(19).fill(0), 100]);
    expect(kept('t')).toEqual(Array.from({ length: 100 }, (_, n) => `t${n + 1}`));
    for (const inv of out) expect(inv.lines.length + inv.droppedLines).toBe(1_000);
    expect(stats).toMatchObject({ attributed: 20_000, heldDropped: 19_900, droppedLines: 0, open: 0 });
  });
});
