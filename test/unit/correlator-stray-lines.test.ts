/**
 * Lines a stream writes while no request is open in it wait for the request it serves next,
 * the latest 200 of them: those nearest that request. Older ones are told as outside any
 * invocation when they are pushed out, so every stray line is told once, in the order it came.
 */
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';

const ID = '00000000-0000-4000-8000-000000000001';
const at = (n: number, message: string): LogEvent => ({
  timestamp: 1_700_000_000_000 + n,
  logGroup: '/aws/lambda/fn',
  logStream: '2026/10/01/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  message,
});
const strays = (count: number): LogEvent[] => Array.from({ length: count }, (_, i) => at(i, `orph ${i + 1}`));
const orph = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `orph ${from + i}`);

function run(events: LogEvent[]) {
  const outside: string[] = [];
  const correlator = createCorrelator({ onUnattributed: (line) => outside.push(line.message) });
  const out: Invocation[] = [];
  for (const e of events) out.push(...correlator.push(e).completed);
  out.push(...correlator.flush());
  return { out, outside, stats: correlator.stats() };
}

describe('lines outside any request', () => {
  it('are told in the order they came, however many there are', () => {
    for (const count of [300, 1_500]) {
      const { out, outside, stats } = run(strays(count));
      expect(out).toEqual([]);
      expect(outside).toEqual(orph(1, count));
      expect(stats.unattributed).toBe(count);
    }
  });

  it('before a START: the latest 200 are its cold start’s, the older ones outside it, in order', () => {
    const { out, outside, stats } = run([
      ...strays(300),
      at(300, `START RequestId: ${ID} Version: $LATEST`),
      at(301, `END RequestId: ${ID}`),
    ]);
    expect(outside).toEqual(orph(1, 100));
    expect(out).toHaveLength(1);
    expect(out[0]?.lines.map((l) => l.message)).toEqual([
      ...orph(101, 300),
      `START RequestId: ${ID} Version: $LATEST`,
      `END RequestId: ${ID}`,
    ]);
    expect(stats).toMatchObject({ unattributed: 100, attributed: 202, droppedLines: 0 });
  });
});
