import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { OpenOrder } from '../../collectors/correlator/open-order.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const report = (n: number): LogEvent => ({
  timestamp: Number.NaN,
  message: `REPORT RequestId: ${id(n)}\tDuration: ${n % 300}.25 ms\tBilled Duration: ${(n % 300) + 1} ms\tMemory Size: 512 MB\tMax Memory Used: 64 MB\t`,
});

describe('the bound on open invocations', () => {
  it('lets REPORT-only invocations go oldest first past the bound: each once, none lost, none counted evicted', () => {
    const correlator = createCorrelator({ maxOpenInvocations: 1_000, maxLinesPerInvocation: 0 });
    const during: Invocation[] = [];
    for (let n = 0; n < 25_000; n++) during.push(...correlator.push(report(n)).completed);
    const after = correlator.flush();
    // Past the bound, each new REPORT lets the oldest go: 24,000 during the run, in order.
    expect(during.map((i) => i.requestId)).toEqual(Array.from({ length: 24_000 }, (_, n) => id(n)));
    expect(after.map((i) => i.requestId)).toEqual(Array.from({ length: 1_000 }, (_, n) => id(24_000 + n)));
    expect([...during, ...after].filter((i) => i.billedDurationMs === null)).toEqual([]);
    expect(during.reduce((sum, i) => sum + (i.billedDurationMs as number), 0)).toBe(
      Array.from({ length: 24_000 }, (_, n) => (n % 300) + 1).reduce((a, b) => a + b, 0),
    );
    expect(correlator.stats()).toMatchObject({ events: 25_000, invocations: 25_000, evicted: 0 });
  });

  it('evicts the oldest still open, not one already let go of or opened again', () => {
    const correlator = createCorrelator({ maxOpenInvocations: 2, maxLinesPerInvocation: 10 });
    const start = (n: number, stream: string): LogEvent => ({
      timestamp: 1_000 + n,
      logGroup: '/aws/lambda/fn',
      logStream: stream,
      message: `START RequestId: ${id(n)} Version: $LATEST`,
    });
    const out: Invocation[] = [];
    out.push(...correlator.push(start(1, 'a')).completed);
    out.push(
      ...correlator.push({ ...report(1), timestamp: 1_001, logGroup: '/aws/lambda/fn', logStream: 'a' })
        .completed,
    );
    out.push(...correlator.push(start(2, 'b')).completed);
    // A new START in stream a ends reported request 1's wait for trailing lines: it goes first.
    out.push(...correlator.push(start(3, 'a')).completed);
    expect(out.map((i) => i.requestId)).toEqual([id(1)]);
    // Request 4 makes three open: the oldest still open is 2, not 1 (already gone).
    out.push(...correlator.push(start(4, 'c')).completed);
    expect(out.map((i) => i.requestId)).toEqual([id(1), id(2)]);
    expect(correlator.stats().evicted).toBe(1);
    expect(correlator.flush().map((i) => i.requestId)).toEqual([id(3), id(4)]);
  });
});

describe('the bound on streams holding init lines', () => {
  it('lets the oldest streams’ init lines go, counts each of those lines once, and keeps the newest for their requests', () => {
    const correlator = createCorrelator({ maxOpenInvocations: 100, maxLinesPerInvocation: 10 });
    const at = (stream: number, n: number, message: string): LogEvent => ({
      timestamp: 1_000_000 + stream * 10 + n,
      logGroup: '/aws/lambda/fn',
      logStream: `2026/10/01/[$LATEST]${String(stream).padStart(32, '0')}`,
      message,
    });
    for (let s = 0; s < 1_000; s++) {
      correlator.push(
        at(
          s,
          0,
          'INIT_START Runtime Version: nodejs:20.v101\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:1867',
        ),
      );
      correlator.push(at(s, 1, `loading handler ${s}`));
    }
    // 900 streams were let go of, two lines each.
    expect(correlator.stats().unattributed).toBe(1_800);
    const run = (s: number, n: number) => [
      ...correlator.push(at(s, 2, `START RequestId: ${id(n)} Version: $LATEST`)).completed,
      ...correlator.push(
        at(
          s,
          3,
          `REPORT RequestId: ${id(n)}\tDuration: 5.00 ms\tBilled Duration: 5 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 100.00 ms\t`,
        ),
      ).completed,
    ];
    run(950, 1);
    run(10, 2);
    const done = correlator.flush();
    const kept = done.find((i) => i.requestId === id(1));
    const lost = done.find((i) => i.requestId === id(2));
    expect(kept?.lines.map((l) => l.message)).toEqual([
      expect.stringMatching(/^INIT_START/),
      'loading handler 950',
      expect.stringMatching(/^START/),
      expect.stringMatching(/^REPORT/),
    ]);
    expect(lost?.lines.map((l) => l.message.split(' ')[0])).toEqual(['START', 'REPORT']);
    // At the end, the 99 streams still holding init lines give theirs up too.
    expect(correlator.stats().unattributed).toBe(1_800 + 99 * 2);
  });
});

describe('open order', () => {
  it('keeps the queue near the live count when one item stays open behind 100,000 let go of', () => {
    const live = new Set<number>();
    const order = new OpenOrder<number>((n) => live.has(n));
    live.add(0);
    order.add(0, live.size);
    let most = 0;
    for (let n = 1; n <= 100_000; n++) {
      live.add(n);
      order.add(n, live.size);
      live.delete(n);
      most = Math.max(most, order.held);
    }
    expect(order.oldest()).toBe(0);
    expect(most).toBeLessThanOrEqual(2 + 64 + 1);
    live.delete(0);
    expect(order.oldest()).toBeUndefined();
  });

  it('keeps the queue near the live count when the oldest is let go of at a bound, 100,000 times', () => {
    const live = new Set<number>();
    const order = new OpenOrder<number>((n) => live.has(n));
    let most = 0;
    const gone: number[] = [];
    for (let n = 0; n < 100_000; n++) {
      live.add(n);
      order.add(n, live.size);
      if (live.size > 10) {
        const oldest = order.oldest() as number;
        live.delete(oldest);
        gone.push(oldest);
      }
      most = Math.max(most, order.allocated);
    }
    expect(gone).toEqual(Array.from({ length: 100_000 - 10 }, (_, n) => n));
    expect(most).toBeLessThanOrEqual(2 * 1024 + 1024 + 11);
  });
});
