/**
 * One row per function when every input is the same function's, however the inputs key its
 * logs: a Logs Insights CSV export of its REPORT rows (group and account from `@log`) read
 * before or after its full `filter-log-events` export (no group: keyed by the file's name),
 * on one thread and on two, byte for byte the same report with the account the export names; and a file whose name is not the function its records name
 * (`names/x.log` holding tenner-notifier's JSON lines). Each must give what the full log
 * alone gives: one row, its invocations and its log bytes, no "logs only" row beside it.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_LOGS } from '../support/example-copies.ts';
import { fixtureBlocks } from '../unit/fixture-blocks.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-one-row-'));

function costJson(args: string[]): CostReport {
  const run = runCli(['cost', ...args, '-o', 'json'], {}, { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CostReport;
}

/** What the rows say of each function, and the exact total. */
const rows = (r: CostReport) => ({
  rows: r.functions.map((f) => [f.functionName, f.invocations, f.logs.bytes, f.memory.recommendation]),
  total: r.exact.total,
});

/** The REPORT rows of a Logs Insights query over orders-api's group, as the console's CSV, naming account 123456789012. */
function insightsExport(orders: string): string {
  const events = (
    JSON.parse(readFileSync(orders, 'utf8')) as {
      events: { timestamp: number; message: string; logStreamName: string }[];
    }
  ).events;
  const csvRows = events
    .filter((e) => e.message.startsWith('REPORT '))
    .map((e) => {
      const time = new Date(e.timestamp).toISOString().replace('T', ' ').replace('Z', '');
      return [time, e.message, e.logStreamName, '123456789012:/aws/lambda/orders-api']
        .map((v) => `"${v.replaceAll('"', '""')}"`)
        .join(',');
    });
  const insights = join(dir, 'orders-api-insights.csv');
  writeFileSync(insights, `@timestamp,@message,@logStream,@log\n${csvRows.join('\n')}\n`);
  return insights;
}

describe('cost: one row per function', () => {
  const orders = join(EXAMPLE_LOGS, 'orders-api.json');
  const priced = ['--arch', 'x86_64', '--region', 'us-east-1'];

  it('reads an Insights export of the REPORTs and the full export of the same function as one, in either order', () => {
    const insights = insightsExport(orders);

    const alone = rows(costJson([orders, ...priced]));
    expect(alone.rows).toEqual([['orders-api', 743, 485_021, 'keep (timed out)']]);
    for (const workers of ['1', '2']) {
      const insightsFirst = costJson([insights, orders, ...priced, '--workers', workers]);
      expect(rows(insightsFirst), `--workers ${workers}`).toEqual(alone);
      // The Insights rows name the account: the one row is that account's.
      expect(insightsFirst.functions[0]?.accountId).toBe('123456789012');
      expect(rows(costJson([orders, insights, ...priced, '--workers', workers]))).toEqual(alone);
    }
    const table = runCli(['cost', insights, orders, ...priced], {});
    expect(table.stdout).not.toContain('logs only');
    expect(table.stdout).not.toContain('account not known');
  });

  it('gives the same report, byte for byte, whichever of the two is named first', () => {
    // Read after the full export, every Insights row is a duplicate and is dropped; the
    // account its `@log` names must still be the row's, as when the Insights rows come first.
    const insights = insightsExport(orders);
    for (const workers of ['1', '2']) {
      for (const output of ['json', 'table']) {
        const run = (inputs: string[]) => {
          const r = runCli(
            ['cost', ...inputs, ...priced, '--workers', workers, '-o', output],
            {},
            { timeoutMs: 120_000 },
          );
          expect(r.code, r.stderr).toBe(0);
          return r.stdout;
        };
        const insightsFirst = run([insights, orders]);
        const exportFirst = run([orders, insights]);
        expect(exportFirst, `-o ${output} --workers ${workers}`).toBe(insightsFirst);
        if (output === 'json') {
          const report = JSON.parse(exportFirst) as CostReport;
          expect(report.functions.map((f) => [f.functionName, f.accountId, f.invocations])).toEqual([
            ['orders-api', '123456789012', 743],
          ]);
        } else expect(exportFirst).not.toContain('account not known');
      }
    }
  });

  it("takes the function's name from its records over the file's name", () => {
    // tenner-notifier's JSON-format system log, whose start records carry the function's ARN.
    const log = `${fixtureBlocks().find((b) => b.source.includes("function 'tenner-notifier'"))?.body}\n`;
    expect(log).toContain(
      '"functionArn":"arn:aws:lambda:eu-central-1:825765399535:function:tenner-notifier"',
    );
    const named = join(dir, 'tenner-notifier.log');
    writeFileSync(named, log);
    mkdirSync(join(dir, 'names'));
    const other = join(dir, 'names', 'x.log');
    writeFileSync(other, log);

    const expected = rows(costJson([named, '--arch', 'arm64']));
    expect(expected.rows).toEqual([['tenner-notifier', 2, 1_413, 'try 192 MB']]);
    expect(rows(costJson([other, '--arch', 'arm64']))).toEqual(expected);
  });
});
