/**
 * REPORT figures whose digits are grouped by commas (`Memory Size: 1,024 MB`, `Billed
 * Duration: 1,201 ms`), as some exports and consoles render them, priced by the real CLI as
 * the whole numbers they are, in CloudWatch's tab-separated shape and in a console copy's
 * spaced one; a comma that groups nothing leaves its figure unreadable, named and not priced,
 * never read as the digits before it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';
import { add, dec, div, mul, str } from '../unit/pricing/decimal.ts';

const id = (n: number) => `0c0c0c0c-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (n: number) => `2026-10-05T10:00:${String(n).padStart(2, '0')}.000Z`;

const LINES = [
  // CloudWatch's own shape, the quick way of reading it.
  `${at(1)}\tREPORT RequestId: ${id(1)}\tDuration: 1,200.50 ms\tBilled Duration: 1,201 ms\tMemory Size: 1,024 MB\tMax Memory Used: 60 MB\t`,
  // A console copy: runs of spaces between the fields, read by the expression.
  `${at(2)}\tREPORT RequestId: ${id(2)}  Duration: 2,000.00 ms  Billed Duration: 2,000 ms  Memory Size: 1,024 MB  Max Memory Used: 1,003 MB`,
  // A comma that groups nothing: 1,02 is no memory size anyone can tell.
  `${at(3)}\tREPORT RequestId: ${id(3)}\tDuration: 10.00 ms\tBilled Duration: 11 ms\tMemory Size: 1,02 MB\tMax Memory Used: 60 MB\t`,
];

describe('lambdalens cost, REPORT figures with digit grouping', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-grouped-'));
  const file = join(dir, 'checkout.log');
  writeFileSync(file, `${LINES.join('\n')}\n`);

  it('prices grouped figures as the whole numbers and names a comma that groups nothing', () => {
    const run = runCli(['cost', file, '--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'], {});
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;

    // (1,201 + 2,000) ms × 1,024 MB at $0.0000166667 per GB-s + 2 × $0.0000002.
    const expected = add(
      mul(div(mul(dec(3201), dec(1024)), dec(1_024_000)), dec('0.0000166667')),
      mul(dec(2), dec('0.0000002')),
    );
    expect(report.exact.total).toBe(str(expected));
    expect(report.totals.billedGbSeconds).toBe(3.201);
    expect(report.coverage).toEqual({ invocations: 3, priced: 2, notPriced: 1, partlyPriced: 0 });
    expect(report.notPriced).toEqual([
      {
        functionName: 'checkout',
        reason: 'invalid-report',
        count: 1,
        message: 'function "checkout": REPORT Memory Size NaN is not a number',
        examples: [`request ${id(3)} at ${at(3)}`],
      },
    ]);
    expect(run.stderr).toBe(
      'lambdalens: warning: 1 invocation(s) not priced: function "checkout": REPORT Memory Size NaN is not a number\n' +
        'lambdalens: left out of the total: function "checkout": the input holds only the REPORT lines of checkout (a query\'s result), so what its logs cost to ingest cannot be measured; read its full logs to include it\n',
    );
  });

  it('shows the whole figures in the table, and its memory column', () => {
    const run = runCli(['cost', file, '--arch', 'x86_64', '--region', 'us-east-1', '--wide'], {});
    expect(run.code, run.stderr).toBe(0);
    const row = run.stdout.split('\n').find((l) => l.startsWith('checkout '));
    expect(row).toMatch(/ 3\.20 /);
    expect(row).toMatch(/ 1003\/1024 MB /);
    expect(run.stdout).not.toMatch(/Memory Size 1 /);
  });
});
