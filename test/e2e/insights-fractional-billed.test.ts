/**
 * A fractional `@billedDuration` in a Logs Insights export without `@message` is damage, as
 * `Billed Duration: 12.5 ms` in a REPORT line is: Lambda bills whole milliseconds. The real
 * CLI reads the two forms of the same REPORTs, one fractional and one whole (`13.0`, as
 * Insights writes whole figures), and `logs` and `cost` must say the same of both: the
 * fraction shown as read, warned of and left unpriced, the whole one priced.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-fraction-'));
const STREAM = '2025/08/15/[$LATEST]0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const DAMAGED = '923b54a2-bd35-4d54-a9b9-90b36525a84a';
const WHOLE = 'aed443ac-f6df-48ce-bc7c-fc0513efbbbb';

/** The same two REPORTs as an Insights CSV of the discovered fields (memory in bytes) and as `aws logs tail` lines, each in a file named after the function. */
function inputs(): { fields: string; lines: string } {
  mkdirSync(join(dir, 'insights'));
  mkdirSync(join(dir, 'tail'));
  const fields = join(dir, 'insights', 'frac.csv');
  writeFileSync(
    fields,
    '@timestamp,@logStream,@requestId,@billedDuration,@memorySize,@duration\n' +
      `2025-08-15 13:34:52.212,${STREAM},${DAMAGED},12.5,128000000,12.1\n` +
      `2025-08-15 13:34:53.500,${STREAM},${WHOLE},13.0,128000000,12.34\n`,
  );
  const lines = join(dir, 'tail', 'frac.log');
  writeFileSync(
    lines,
    `${STREAM} 2025-08-15T13:34:52.212000 REPORT RequestId: ${DAMAGED}\tDuration: 12.10 ms\tBilled Duration: 12.5 ms\tMemory Size: 128 MB\n` +
      `${STREAM} 2025-08-15T13:34:53.500000 REPORT RequestId: ${WHOLE}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\n`,
  );
  return { fields, lines };
}

describe('a fractional @billedDuration in an Insights export', () => {
  const { fields, lines } = inputs();
  const warning = `lambdalens: warning: 1 invocation(s) have a REPORT figure no Lambda function can have, shown as read (cost leaves them unpriced); the first, request ${DAMAGED}: REPORT Billed Duration 12.5 is not a whole number of ms\n`;

  it('logs shows it as read and warns of it, as it does the REPORT line', () => {
    const text = runCli(['logs', fields], {});
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('2025-') || l.startsWith('  ⚠'))).toEqual([
      `2025-08-15T13:34:52.212Z  frac  ${DAMAGED}  ✔ success  12.1 ms (billed 12.5 ms)  ?/128 MB`,
      '  ⚠ REPORT Billed Duration 12.5 is not a whole number of ms: shown as read; cost leaves this invocation unpriced',
      `2025-08-15T13:34:53.500Z  frac  ${WHOLE}  ✔ success  12.3 ms (billed 13 ms)  ?/128 MB`,
    ]);
    expect(text.stderr).toContain(warning);
    expect(runCli(['logs', lines], {}).stdout).toBe(text.stdout);

    const ndjson = runCli(['logs', fields, '-o', 'ndjson'], {});
    expect(ndjson.code, ndjson.stderr).toBe(0);
    const billed = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { billedDurationMs: number }).billedDurationMs);
    expect(billed).toEqual([12.5, 13]);
    expect(runCli(['logs', lines, '-o', 'ndjson'], {}).stdout).toBe(ndjson.stdout);
  });

  it('cost leaves it unpriced and prices the whole one, as it does the REPORT line', () => {
    const cost = (file: string) =>
      runCli(['cost', file, '--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'], {});
    const run = cost(fields);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.coverage).toEqual({ invocations: 2, priced: 1, notPriced: 1, partlyPriced: 0 });
    // 13 ms × 128 MB: 0.001625 GB-s.
    expect(report.totals.billedGbSeconds).toBe(0.001625);
    expect(report.notPriced).toEqual([
      {
        functionName: 'frac',
        reason: 'invalid-report',
        count: 1,
        message: 'function "frac": REPORT Billed Duration 12.5 is not a whole number of ms',
        examples: [`request ${DAMAGED} in ${STREAM} at 2025-08-15T13:34:52.212Z`],
      },
    ]);
    expect(run.stderr).toContain(
      'lambdalens: warning: 1 invocation(s) not priced: function "frac": REPORT Billed Duration 12.5 is not a whole number of ms\n',
    );
    const other = cost(lines);
    expect(other.stdout).toBe(run.stdout);
    expect(other.stderr).toBe(run.stderr);
  });
});
