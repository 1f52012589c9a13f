import { describe, expect, it } from 'vitest';
import { heldSize } from '../../collectors/correlator/held-text.ts';
import { emptyInvocation, type LogEvent } from '../../collectors/model.ts';
import { LetGoRequests } from '../../shippers/let-go.ts';

const ev = (message: string): LogEvent => ({ timestamp: 1, message });
const head = (requestId: string) => ({
  ...emptyInvocation(requestId),
  lines: [{ timestamp: null, level: null, message: 'kept elsewhere' }],
});

describe('requests let go, kept for their late parts', () => {
  it('keeps each with its events, its lines left out, and forgets the oldest past the count', () => {
    const kept = new LetGoRequests(2, 1_000_000);
    kept.remember(head('a'), [ev('START a')]);
    kept.remember(head('b'), [ev('START b')]);
    kept.remember(head('c'), [ev('START c')]);
    expect([kept.get('a'), kept.get('b')?.events.map((e) => e.message), kept.size]).toEqual([
      undefined,
      ['START b'],
      2,
    ]);
    expect(kept.get('b')?.head.lines).toEqual([]);
  });

  it('counts the bytes of the events kept and added, and forgets the oldest past them', () => {
    const one = heldSize(ev('x'));
    const kept = new LetGoRequests(10, 3 * one);
    kept.remember(head('a'), [ev('x')]);
    kept.remember(head('b'), [ev('x')]);
    kept.add('b', ev('x'));
    expect([kept.size, kept.bytes]).toEqual([2, 3 * one]);
    kept.add('a', ev('x'));
    // Past the bound: the request let go first goes, its late line with it.
    expect([kept.get('a'), kept.get('b')?.events.length, kept.bytes]).toEqual([undefined, 2, 2 * one]);
    kept.add('nobody', ev('x'));
    expect(kept.size).toBe(1);
  });

  it('keeps no request whose events alone pass the bound, and forgets one grown past it', () => {
    const one = heldSize(ev('x'));
    const kept = new LetGoRequests(10, 2 * one);
    kept.remember(head('big'), [ev('x'), ev('x'), ev('x')]);
    kept.remember(head('a'), [ev('x'), ev('x')]);
    kept.add('a', ev('x'));
    expect([kept.size, kept.bytes]).toEqual([0, 0]);
  });
});
