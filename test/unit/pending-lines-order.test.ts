/**
 * Streams that only ever log an init phase are held under the same bound as open
 * invocations: past it, the stream whose lines began first is let go of, found without
 * walking the streams let go of before it; and the order's own memory stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { OpenOrder } from '../../collectors/correlator/open-order.ts';
import { PendingLines } from '../../collectors/correlator/pending-lines.ts';
import type { StreamState } from '../../collectors/correlator/state.ts';

const stream = (name: string): StreamState => ({
  group: '/aws/lambda/cold',
  name,
  current: null,
  held: null,
  pendingInit: null,
  recent: null,
  aside: null,
});

describe('streams holding init lines', () => {
  it('let the oldest go past the bound, a stream begun again at its new place, each counted once', () => {
    const letGo: [string, number][] = [];
    const pending = new PendingLines(2, (s, held) => letGo.push([s.name, held?.lines.length ?? 0]));
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(stream) as [
      StreamState,
      StreamState,
      StreamState,
      StreamState,
    ];
    pending
      .of(a, true)
      .lines.push({ line: { timestamp: null, level: null, message: 'INIT_START' }, time: 1 });
    pending.of(b, true);
    pending.take(a); // a's request began: its lines went to it
    pending.of(a, true); // a logs an init phase again: now the newest
    pending.of(c, true); // three held: b, begun first, goes
    expect(letGo).toEqual([['b', 0]]);
    pending.of(d, true); // then a, not c
    expect(letGo).toEqual([
      ['b', 0],
      ['a', 0],
    ]);
    expect(pending.holders().map((s) => s.name)).toEqual(['c', 'd']);
  });

  it('hold at most the bound through a million init-only streams, letting each go once', () => {
    let letGo = 0;
    const pending = new PendingLines(100, () => letGo++);
    for (let i = 0; i < 1_000_000; i++) pending.of(stream(`s${i}`), true);
    expect(letGo).toBe(1_000_000 - 100);
    expect(pending.holders()).toHaveLength(100);
    expect(pending.holders()[0]?.name).toBe('s999900');
  });
});

describe('open order under a bound that keeps evicting', () => {
  it('drops its done front, so its array stays near the live count', () => {
    const live = new Set<number>();
    const order = new OpenOrder<number>((n) => live.has(n));
    let most = 0;
    for (let n = 0; n < 1_000_000; n++) {
      live.add(n);
      order.add(n, live.size);
      if (live.size > 100) live.delete(order.oldest() as number);
      most = Math.max(most, order.allocated);
    }
    expect(live.size).toBe(100);
    expect(most).toBeLessThanOrEqual(2 * (100 + 1024) + 2);
  });
});
