/**
 * Lines outside any invocation, listed at the end of a run: the first 1,000 within 16 MiB
 * of text, in the order they came, with no gap; the rest are counted by the caller.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutsideLines } from '../../cli/output/outside-lines.ts';
import { printInvocations } from '../../cli/output/print-invocations.ts';
import type { LogEvent } from '../../collectors/model.ts';

const MIB = 1024 * 1024;

describe('the lines outside any invocation a run lists', () => {
  it('are the first 1,000', () => {
    const list = new OutsideLines();
    for (let n = 1; n <= 1_500; n++) list.add(`orph ${n}`);
    expect(list.lines).toEqual(Array.from({ length: 1_000 }, (_, n) => `orph ${n + 1}`));
  });

  it('stop once they hold 16 MiB of text: the line that reaches it is the last', () => {
    const list = new OutsideLines();
    for (let n = 0; n < 40; n++) list.add(`${n}`.padEnd(MIB, 'x'));
    expect(list.lines.map((l) => l.slice(0, 2))).toEqual(
      Array.from({ length: 16 }, (_, n) => `${n}`.padEnd(2, 'x')),
    );
    // A short line after them is not listed either: the list has no gap.
    list.add('short');
    expect(list.lines).toHaveLength(16);
  });

  it('take no line of a later part once a part left some out', () => {
    const list = new OutsideLines();
    list.addPart(['a1', 'a2'], 2);
    list.addPart(['b1'], 3);
    list.addPart(['c1'], 1);
    expect(list.lines).toEqual(['a1', 'a2', 'b1']);
  });

  it('are what `logs` lists: 16 lines of a megabyte of 40, then how many more', async () => {
    const events: LogEvent[] = Array.from({ length: 40 }, (_, n) => ({
      timestamp: 1_790_000_000_000 + n,
      message: `orph ${n}`.padEnd(MIB, 'x'),
    }));
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const err = new PassThrough();
    await printInvocations(
      (async function* () {
        yield events;
      })(),
      { output: 'text', color: false, maxLines: 1_000, maxOpen: 10_000 },
      out,
      err,
    );
    const text = chunks.join('').split('\n');
    expect(text[0]).toBe('Lines outside any invocation (40):');
    expect(text.slice(1, -2).map((l) => l.slice(0, 9).trimEnd())).toEqual(
      Array.from({ length: 16 }, (_, n) => `  orph ${n}`.padEnd(9, 'x')),
    );
    expect(text.slice(-2)).toEqual(['  … 24 more', '']);
  });
});
