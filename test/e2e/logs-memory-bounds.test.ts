/**
 * `logs` over input made to fill memory: requests that never end, logging long lines,
 * hold at most --max-held-mb of line text (what is not kept is counted and said), and
 * lines outside any invocation are listed in the order they came, none left out unsaid.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../collectors/model.ts';
import { runCli } from '../support/cli.ts';

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
});
