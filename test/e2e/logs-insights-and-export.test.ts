/**
 * `logs` over a function's full `filter-log-events` export (no log group: keyed by the
 * file's name) and a Logs Insights CSV of its REPORT rows (`@log` naming the group and the
 * account) prints the same invocations whichever is named first, on one thread and on two:
 * every invocation whole, as the export alone gives it, with the group and account the
 * Insights rows name. Export first, all 745 came without them (the rows that named them were
 * dropped as duplicates); Insights first, 743 had them, each with its REPORT ahead of its
 * START, and without the initialization type its stream's INIT_START gave.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../collectors/model.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_LOGS } from '../support/example-copies.ts';
import {
  INSIGHTS_ACCOUNT as ACCOUNT,
  INSIGHTS_GROUP as GROUP,
  writeInsightsExport,
} from '../support/insights-export.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-logs-insights-'));

/** The REPORT rows of a Logs Insights query over orders-api's group, as the console's CSV. */
const insightsExport = (orders: string) => writeInsightsExport(orders, dir);

function logs(inputs: string[], workers: string): { stdout: string; stderr: string } {
  const run = runCli(['logs', ...inputs, '-o', 'ndjson', '--workers', workers], {}, { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  return run;
}

const parsed = (ndjson: string) =>
  ndjson
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Invocation);

describe('logs: an Insights export of the REPORTs beside the full export of the same function', () => {
  const orders = join(EXAMPLE_LOGS, 'orders-api.json');

  it('gives the same invocations in either order: whole, with the group and account the rows name', () => {
    const insights = insightsExport(orders);
    const alone = parsed(logs([orders], '1').stdout);
    expect(alone).toHaveLength(745);
    // The export alone names neither: its invocations, with what the Insights rows add.
    expect(new Set(alone.map((i) => `${i.logGroup} ${i.accountId}`))).toEqual(new Set(['null null']));
    const expected = alone.map((i) => ({ ...i, logGroup: GROUP, accountId: ACCOUNT }));
    for (const workers of ['1', '2']) {
      const exportFirst = logs([orders, insights], workers);
      const insightsFirst = logs([insights, orders], workers);
      expect(insightsFirst.stdout, `--workers ${workers}`).toBe(exportFirst.stdout);
      expect(parsed(exportFirst.stdout)).toEqual(expected);
      // The Insights rows are the copies dropped, in either order.
      for (const run of [exportFirst, insightsFirst]) {
        expect(run.stderr).toContain(
          `lambdalens: dropped 743 duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): 743 in ${insights}\n`,
        );
      }
    }
  });

  it('reads a folder as its files named one by one: the export inside it last, wherever it sorts', () => {
    const insights = insightsExport(orders);
    const named = logs([orders, insights], '1');
    // In name order orders-api-insights.csv comes before orders-api.json.
    const both = join(dir, 'both');
    mkdirSync(both);
    copyFileSync(orders, join(both, 'orders-api.json'));
    copyFileSync(insights, join(both, 'orders-api-insights.csv'));
    // A folder of the export alone, named before the file it copies.
    const exportOnly = join(dir, 'export-only');
    mkdirSync(exportOnly);
    copyFileSync(insights, join(exportOnly, 'orders-api-insights.csv'));
    for (const [inputs, csv] of [
      [[both], join(both, 'orders-api-insights.csv')],
      [[exportOnly, orders], join(exportOnly, 'orders-api-insights.csv')],
    ] as const) {
      for (const workers of ['1', '2']) {
        const run = logs([...inputs], workers);
        expect(run.stdout, `${inputs.join(' ')} --workers ${workers}`).toBe(named.stdout);
        expect(run.stderr).toContain(
          `lambdalens: dropped 743 duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): 743 in ${csv}\n`,
        );
      }
    }
  });
});
