/**
 * REPORT figures whose digits are grouped by commas (`Memory Size: 1,024 MB`, `Billed
 * Duration: 1,201 ms`), as some exports and consoles render them, priced by the real CLI as
 * the whole numbers they are, in CloudWatch's tab-separated shape and in a console copy's
 * spaced one, and in the figure columns of a Logs Insights CSV download without `@message`;
 * a comma that groups nothing leaves its figure unreadable, named and not priced, never read
 * as the digits before it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('reads the figure columns of an Insights CSV without @message by the same rule', () => {
    // The Insights console's REPORT-fields rows (memory in bytes), downloaded as CSV the way
    // a spreadsheet saves them: figures grouped by commas, so quoted.
    const shapes = fileURLToPath(new URL('../fixtures/log-shapes/', import.meta.url));
    const md = readFileSync(join(shapes, 'insights-console-markdown-report-fields.md'), 'utf8');
    const rows = md
      .split('\n')
      .filter((l) => l.startsWith('| 2025-'))
      .map((l) => l.split('|').map((c) => c.trim()));
    expect(rows).toHaveLength(2);
    const grouped = (v: string) => `"${Number(v).toLocaleString('en', { maximumFractionDigits: 2 })}"`;
    const log = '123456789012:/aws/lambda/ie-staging-claudeInvoker';
    const csvRow = (r: string[], billed: string) => {
      const [, time, requestId, duration, , maxUsed, memory, init] = r as string[];
      return [time, requestId, billed, grouped(memory as string), grouped(maxUsed as string)]
        .concat([grouped(duration as string), init as string, log])
        .join(',');
    };
    const [first, second] = rows as [string[], string[]];
    // The second row again as another request, a warm one (no init: a blank cell), whose
    // Billed Duration's comma groups nothing.
    const damaged = [...second];
    damaged[1] = '2025-08-15 13:34:53.000';
    damaged[2] = 'aed443ac-f6df-48ce-bc7c-fc0513efbbbb';
    damaged[7] = ' ';
    const file = join(dir, 'ie-staging-claudeInvoker-fields.csv');
    writeFileSync(
      file,
      [
        '@timestamp,@requestId,@billedDuration,@memorySize,@maxMemoryUsed,@duration,@initDuration,@log',
        csvRow(first, grouped(first[4] as string)),
        csvRow(second, grouped(second[4] as string)),
        csvRow(damaged, '"12,34"'),
      ].join('\n'),
    );
    expect(readFileSync(file, 'utf8')).toContain(',"2,895","1,024,000,000","119,000,000","2,894.13",944.22,');

    const run = runCli(['cost', file, '--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'], {});
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    // (2,895 + 2,221) ms × 1,024 MB at $0.0000166667 per GB-s + 2 × $0.0000002.
    const expected = add(
      mul(div(mul(dec(2895 + 2221), dec(1024)), dec(1_024_000)), dec('0.0000166667')),
      mul(dec(2), dec('0.0000002')),
    );
    expect(report.exact.total).toBe(str(expected));
    expect(report.coverage).toEqual({ invocations: 3, priced: 2, notPriced: 1, partlyPriced: 0 });
    expect(report.functions.map((f) => [f.functionName, f.accountId, f.invocations])).toEqual([
      ['ie-staging-claudeInvoker', '123456789012', 2],
    ]);
    expect(report.notPriced).toEqual([
      {
        functionName: 'ie-staging-claudeInvoker',
        reason: 'invalid-report',
        count: 1,
        message: 'function "ie-staging-claudeInvoker": REPORT Billed Duration NaN is not a number',
        examples: [
          'request aed443ac-f6df-48ce-bc7c-fc0513efbbbb in /aws/lambda/ie-staging-claudeInvoker at 2025-08-15T13:34:53.000Z',
        ],
      },
    ]);
    expect(run.stderr).toContain(
      'lambdalens: warning: 1 invocation(s) not priced: function "ie-staging-claudeInvoker": REPORT Billed Duration NaN is not a number\n',
    );

    // `logs` shows the REPORT line the row came from with the whole figures, and keeps the damaged one.
    const logs = runCli(['logs', file], {});
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain(
      'REPORT RequestId: 923b54a2-bd35-4d54-a9b9-90b36525a84a\tDuration: 2894.13 ms\tBilled Duration: 2895 ms\tMemory Size: 1024 MB\tMax Memory Used: 119 MB\tInit Duration: 944.22 ms',
    );
    expect(logs.stdout).toContain(
      'REPORT RequestId: aed443ac-f6df-48ce-bc7c-fc0513efbbbb\tDuration: 2220.96 ms\tBilled Duration: NaN ms\tMemory Size: 1024 MB\tMax Memory Used: 119 MB\n',
    );
    expect(logs.stderr).toContain(
      'request aed443ac-f6df-48ce-bc7c-fc0513efbbbb: REPORT Billed Duration NaN is not a number',
    );
  });
});
