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
    out.push(...correlator.push(start(2, 'b')).completed);
    // A new START in stream a ends request 1 there (the text format's rule): it goes first.
    out.push(...correlator.push(start(3, 'a')).completed);
    expect(out.map((i) => i.requestId)).toEqual([id(1)]);
    // Request 4 makes three open: the oldest still open is 2, not 1 (already gone).
    out.push(...correlator.push(start(4, 'c')).completed);
    expect(out.map((i) => i.requestId)).toEqual([id(1), id(2)]);
    expect(correlator.stats().evicted).toBe(1);
    expect(correlator.flush().map((i) => i.requestId)).toEqual([id(3), id(4)]);
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
    expect(most).toBeLessThanOrEqual(2 * 2 + 1024 + 1);
    live.delete(0);
    expect(order.oldest()).toBeUndefined();
  });
});
