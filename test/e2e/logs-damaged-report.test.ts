/**
 * REPORT figures no Lambda function can have (an edited copy, an emulator): `logs` shows them
 * as read, marks each invocation with what is wrong in cost's words, counts them on stderr,
 * and decides no status from them (`Memory Size: 0 MB` was an `oom`); `cost` leaves the same
 * invocations unpriced, `Duration: NaN` ones too, which both read as no figure before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-logs-damaged-'));
const STREAM = '2026/10/01/[$LATEST]aaaa';

/** One invocation per REPORT figures, in `aws logs tail` form. */
function invocations(figures: string[]): string {
  return figures
    .map((f, i) => {
      const id = `0000000${i}-1111-4111-8111-000000000000`;
      const at = (ms: number) => `2026-10-01T21:18:0${i}.${String(ms).padStart(3, '0')}000`;
      return (
        `${STREAM} ${at(0)} START RequestId: ${id} Version: $LATEST\n` +
        `${STREAM} ${at(100)} END RequestId: ${id}\n` +
        `${STREAM} ${at(200)} REPORT RequestId: ${id}\t${f}\n`
      );
    })
    .join('');
}

describe('REPORT figures no function can have', () => {
  const input = join(dir, 'absurd.log');
  writeFileSync(
    input,
    invocations([
      'Duration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 0 MB\tMax Memory Used: 70 MB',
      'Duration: NaN ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB',
      'Duration: Infinity ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB',
      'Duration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB',
      'Duration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 200 MB',
    ]),
  );
  const warning =
    "lambdalens: warning: 3 invocation(s) have a REPORT figure no Lambda function can have, shown as read (cost leaves them unpriced); the first, request 00000000-1111-4111-8111-000000000000: REPORT Memory Size 0 is outside Lambda's 128–10240 MB\n";

  it('logs marks them, counts them, and calls none oom for a size of 0', () => {
    const text = runCli(['logs', input], {});
    expect(text.code, text.stderr).toBe(0);
    const headers = text.stdout.split('\n').filter((l) => l.startsWith('2026-'));
    expect(headers.map((h) => h.split('  ').slice(3).join('  '))).toEqual([
      '✔ success  12.3 ms (billed 13 ms)  70/0 MB',
      '✔ success  NaN ms (billed 13 ms)  70/128 MB',
      '✔ success  Infinity ms (billed 13 ms)  70/128 MB',
      '✔ success  12.3 ms (billed 13 ms)  70/128 MB',
      // Over a size a function can have: out of memory, as before.
      '▲ oom  12.3 ms (billed 13 ms)  200/128 MB',
    ]);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('  ⚠'))).toEqual([
      "  ⚠ REPORT Memory Size 0 is outside Lambda's 128–10240 MB: shown as read; cost leaves this invocation unpriced",
      '  ⚠ REPORT Duration NaN is not a number: shown as read; cost leaves this invocation unpriced',
      // Infinity is said as written, not as NaN.
      '  ⚠ REPORT Duration Infinity is not a finite number: shown as read; cost leaves this invocation unpriced',
    ]);
    expect(text.stderr).toContain('lambdalens: 5 invocations (4 success, 1 oom) from 1 function');
    expect(text.stderr).toContain(warning);
    // NDJSON keeps its contract (an unreadable figure is null there): the count says it.
    const ndjson = runCli(['logs', input, '-o', 'ndjson'], {});
    const rows = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; durationMs: number | null });
    expect(rows.map((r) => [r.status, r.durationMs])).toEqual([
      ['success', 12.34],
      ['success', null],
      ['success', null],
      ['success', 12.34],
      ['oom', 12.34],
    ]);
    expect(ndjson.stderr).toContain(warning);
  });

  it('cost leaves the same invocations unpriced, with the same words', () => {
    const run = runCli(['cost', input, '--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json'], {});
    const report = JSON.parse(run.stdout) as {
      coverage: { priced: number; notPriced: number };
      notPriced: { message: string; count: number }[];
    };
    expect(report.coverage).toMatchObject({ priced: 2, notPriced: 3 });
    // By message within the function and reason, as from the cluster.
    expect(report.notPriced.map((p) => [p.count, p.message])).toEqual([
      [1, 'function "absurd": REPORT Duration Infinity is not a finite number'],
      [1, 'function "absurd": REPORT Duration NaN is not a number'],
      [1, `function "absurd": REPORT Memory Size 0 is outside Lambda's 128–10240 MB`],
    ]);
  });
});

describe('a platform line whose request ID is missing', () => {
  it('is kept as a line, not read as an invocation named after the next label', () => {
    const input = join(dir, 'no-id.log');
    const id = '0000000a-1111-4111-8111-000000000000';
    const at = (ms: number) => `2026-10-01T21:19:00.${String(ms).padStart(3, '0')}000`;
    writeFileSync(
      input,
      `${STREAM} ${at(0)} START RequestId: ${id} Version: $LATEST\n` +
        `${STREAM} ${at(100)} END RequestId: ${id}\n` +
        `${STREAM} ${at(200)} REPORT RequestId: ${id}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\n` +
        // Damaged copies: the ID cut out, the tab (or the spaces of a console copy) left.
        `${STREAM} ${at(300)} START RequestId: \tVersion: $LATEST\n` +
        `${STREAM} ${at(400)} END RequestId: \n` +
        `${STREAM} ${at(500)} REPORT RequestId: \tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\n` +
        `${STREAM} ${at(600)} REPORT RequestId:    Duration: 1.00 ms    Billed Duration: 1 ms    Memory Size: 128 MB    Max Memory Used: 70 MB\n`,
    );
    const r = runCli(['logs', input, '-o', 'ndjson'], {});
    expect(r.code, r.stderr).toBe(0);
    const printed = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { requestId: string; status: string });
    // No invocation is named "Duration:" or "Version:": the one real invocation alone.
    expect(printed.map((p) => [p.requestId, p.status])).toEqual([[id, 'success']]);
    expect(r.stderr).toContain('lambdalens: 4 lines belong to no invocation (see them with --output text)\n');
  });
});
