import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogEventBatchesByTime } from '../../collectors/files/merge-by-time.ts';
import { createInputReport } from '../../collectors/files/read-inputs.ts';
import { MinHeap } from '../../collectors/min-heap.ts';
import type { LogEvent } from '../../collectors/model.ts';

async function all(batches: AsyncIterable<LogEvent[]>): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

const ndjson = (fn: string, times: number[]): string =>
  times
    .map((t) => JSON.stringify({ timestamp: t, message: `${fn} at ${t}\n`, logGroup: `/aws/lambda/${fn}` }))
    .join('\n');

describe('inputs merged by event time', () => {
  it('interleaves files of several functions as they ran, and reads a folder the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-merge-'));
    writeFileSync(join(dir, 'a.ndjson'), ndjson('a', [1, 4, 5, 9]));
    writeFileSync(join(dir, 'b.ndjson'), ndjson('b', [2, 3, 10]));
    writeFileSync(join(dir, 'c.ndjson'), ndjson('c', [0, 6]));
    const report = createInputReport();
    const events = await all(readLogEventBatchesByTime([dir], { report }));
    expect(events.map((e) => e.message.trim())).toEqual([
      'c at 0',
      'a at 1',
      'b at 2',
      'b at 3',
      'a at 4',
      'a at 5',
      'c at 6',
      'a at 9',
      'b at 10',
    ]);
    expect(report.inputs.map((i) => [i.input.slice(dir.length + 1), i.events])).toEqual([
      ['a.ndjson', 4],
      ['b.ndjson', 3],
      ['c.ndjson', 2],
    ]);
  });

  it('keeps every event of large inputs, in time order, batch boundaries included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-merge-'));
    const evens = Array.from({ length: 3000 }, (_, i) => i * 2);
    const odds = Array.from({ length: 3000 }, (_, i) => i * 2 + 1);
    writeFileSync(join(dir, 'even.ndjson'), ndjson('even', evens));
    writeFileSync(join(dir, 'odd.ndjson'), ndjson('odd', odds));
    const events = await all(readLogEventBatchesByTime([join(dir, 'even.ndjson'), join(dir, 'odd.ndjson')]));
    expect(events.map((e) => e.timestamp)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });

  it('places untimed lines after the last timed line of their own input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-merge-'));
    writeFileSync(join(dir, 'timed.ndjson'), ndjson('t', [1, 5]));
    // a line that is not an event keeps no time of its own
    writeFileSync(join(dir, 'x.ndjson'), `${ndjson('x', [3])}\n{"message": "untimed"}\n${ndjson('x', [7])}`);
    const events = await all(readLogEventBatchesByTime([join(dir, 'timed.ndjson'), join(dir, 'x.ndjson')]));
    expect(events.map((e) => (Number.isFinite(e.timestamp) ? e.timestamp : 'untimed'))).toEqual([
      1,
      3,
      'untimed',
      5,
      7,
    ]);
  });
});

describe('min-heap', () => {
  it('gives items back smallest first, also after the top item moved later', () => {
    const heap = new MinHeap<{ k: number }>((a, b) => a.k < b.k);
    for (const k of [5, 1, 4, 2, 3]) heap.push({ k });
    const top = heap.peek();
    if (top) top.k = 6;
    heap.topChanged();
    const out: number[] = [];
    for (let x = heap.pop(); x !== undefined; x = heap.pop()) out.push(x.k);
    expect(out).toEqual([2, 3, 4, 5, 6]);
  });
});
