/**
 * `logs` over input made to fill memory: requests that never end, logging long lines,
 * hold at most --max-held-mb of line text (what is not kept is counted and said), lines
 * outside any invocation are listed in the order they came, none left out unsaid, and an
 * invocation whose NDJSON is longer than any one string can be is written all the same.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../collectors/model.ts';
import { runCli, runCliStreaming } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-bounds-'));
const id = (r: string) => `00000000-1111-4111-8111-${r.padStart(12, '0')}`;

describe('logs over input made to fill memory', () => {
  it('holds at most --max-held-mb of line text: the request that began keeping lines first lets go of its latest first', () => {
    // Three requests that never end, each logging 20 lines that count for 100,000 bytes.
    // The 11th line passes 1 MiB: a, which began keeping lines first, lets go of its latest
    // line, and keeps no more; each later line lets go of one more of a's, then of b's.
    const requests = ['a', 'b', 'c'];
    const lines = requests.map((r) => `START RequestId: ${id(r)} Version: $LATEST`);
    for (let n = 1; n <= 20; n++) {
      for (const r of requests) {
        lines.push(`2026-10-01T10:00:00.100Z\t${id(r)}\tINFO\t${`${r}${n} `.padEnd(99_821, 'x')}`);
      }
    }
    const file = join(dir, 'never-ending.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = runCli(['logs', '--output', 'ndjson', '--max-held-mb', '1', file], {});
    expect(r.code).toBe(0);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Invocation);
    const tags = (inv: Invocation | undefined) =>
      inv?.lines.slice(1).map((l) => l.message.split('\t')[3]?.split(' ')[0]);
    expect(out.map((inv) => [inv.requestId, inv.status, inv.lines.length, inv.droppedLines])).toEqual([
      [id('a'), 'incomplete', 0, 21],
      [id('b'), 'incomplete', 0, 21],
      [id('c'), 'incomplete', 11, 10],
    ]);
    expect(tags(out[2])).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10']);
    expect(r.stderr).toContain(
      'lambdalens: 52 lines over --max-held-mb (1 MiB of line text held at once) were counted but not kept\n',
    );
  });

  it('lists lines outside any invocation in the order they came, and says how many more there are', () => {
    const file = join(dir, 'strays.log');
    writeFileSync(file, Array.from({ length: 1_500 }, (_, n) => `orph ${n + 1}\n`).join(''));
    const r = runCli(['logs', file], {});
    // Lines of no Lambda function's log: read, listed, and the run says it found no invocation.
    expect(r.code).toBe(1);
    const listed = r.stdout.split('Lines outside any invocation (1500):\n')[1]?.split('\n') ?? [];
    expect(listed.slice(0, 1_000)).toEqual(Array.from({ length: 1_000 }, (_, n) => `  orph ${n + 1}`));
    expect(listed[1_000]).toBe('  … 500 more');
  });

  it('writes an invocation whose NDJSON is longer than V8’s longest string, as one NDJSON line', async () => {
    // Six lines of 15 MiB of a control character, which JSON writes as six: 566 million
    // characters, past the 536,870,888 a string can hold. `JSON.stringify` refused it, and
    // the run stopped there with "Invalid string length", exit 1, without a line of it.
    const logOf = (junk: string) =>
      [
        `START RequestId: ${id('j')} Version: $LATEST`,
        // Text first: the input is read as Lambda log text by its start, as a user's would be.
        ...Array.from(
          { length: 100 },
          (_, n) => `2026-10-01T10:00:00.100Z\t${id('j')}\tINFO\tstep ${n} of the job`,
        ),
        ...Array.from({ length: 6 }, () => junk),
        `END RequestId: ${id('j')}`,
        `REPORT RequestId: ${id('j')}\tDuration: 45.00 ms\tBilled Duration: 46 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t`,
        '',
      ].join('\n');
    const JUNK = 15 * 1024 * 1024;
    // The function is named by the file: both are `batch-job.log`, in folders of their own.
    const hugeFile = join(mkdtempSync(join(dir, 'huge-')), 'batch-job.log');
    writeFileSync(hugeFile, logOf('\u0001'.repeat(JUNK)));
    // Its twin, each long line one character of it: the same text but for how long those are.
    const twinFile = join(mkdtempSync(join(dir, 'twin-')), 'batch-job.log');
    writeFileSync(twinFile, logOf('\u0001'));
    const twin = runCli(['logs', '--output', 'ndjson', twinFile], {});
    expect(twin.code).toBe(0);

    let bytes = 0;
    let newlines = 0;
    let head = Buffer.alloc(0);
    let tail = Buffer.alloc(0);
    const r = await runCliStreaming(
      ['logs', '--output', 'ndjson', hugeFile],
      {},
      (chunk) => {
        bytes += chunk.length;
        for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) newlines++;
        if (head.length < 2000) head = Buffer.concat([head, chunk]).subarray(0, 2000);
        tail = Buffer.concat([tail, chunk.subarray(-2000)]).subarray(-2000);
      },
      { timeoutMs: 120_000 },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('lambdalens: 1 invocation (1 success) from 1 function');
    // One line, each control character written as the twin writes its one: \u0001.
    expect(newlines).toBe(1);
    expect(bytes).toBe(Buffer.byteLength(twin.stdout) + 6 * (JUNK - 1) * 6);
    const expanded = twin.stdout.split('\\u0001').join('\\u0001'.repeat(400));
    expect(head.toString()).toBe(expanded.slice(0, 2000));
    expect(tail.toString()).toBe(expanded.slice(-2000));
  }, 180_000);
});
