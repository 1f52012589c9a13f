/**
 * A cost report over data whose times span years (a line stamped centuries ahead by a bad
 * clock or a damaged copy, beside this month's) stays the size of its data: the daily
 * series lists every day of a period up to a year long, and only the days that hold a cost
 * past that, and the account lines (volume tiers, free tier) are priced for the months that
 * hold usage. Before, the report listed every day and priced every month between: for two
 * invocations 6,000 years apart, 164 MB of JSON and 1.2 GB of memory. Real CLI as a child
 * process.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-cost-wide-span-'));
const STREAM = '2026/11/02/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** An `aws logs filter-log-events` export of one invocation per time given (epoch ms). */
function exportOf(times: number[]): string {
  const events = times.flatMap((t, i) => {
    const id = `${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`;
    return [
      { timestamp: t, logStreamName: STREAM, message: `START RequestId: ${id} Version: $LATEST\n` },
      { timestamp: t + 9, logStreamName: STREAM, message: `END RequestId: ${id}\n` },
      {
        timestamp: t + 9,
        logStreamName: STREAM,
        message: `REPORT RequestId: ${id}\tDuration: 8.50 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`,
      },
    ];
  });
  return JSON.stringify({ events });
}

function costJson(file: string): CostReport {
  const run = runCli(['cost', file, '--arch', 'arm64', '--region', 'eu-west-1', '--output', 'json'], {});
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CostReport;
}

describe('cost over data spanning years (real CLI)', () => {
  it('lists only the days that hold a cost when the span is longer than a year', () => {
    const file = join(dir, 'orders-api.json');
    // This month, and a line stamped in the year 8000 (CloudWatch takes any time a client gives).
    writeFileSync(
      file,
      exportOf([Date.UTC(2026, 10, 2, 10), Date.UTC(2026, 10, 3, 10), Date.UTC(8000, 0, 1)]),
    );
    const report = costJson(file);
    expect(report.period.from).toBe('2026-11-02');
    expect(report.period.to).toBe('8000-01-01');
    expect(report.daily.map((d) => d.day)).toEqual(['2026-11-02', '2026-11-03', '8000-01-01']);
    expect(report.daily.every((d) => d.costUsd > 0)).toBe(true);
    // The account lines price each month that holds usage, not the 72,000 months between.
    expect(report.adjustments.map((a) => a.label)).toEqual([
      'Lambda volume tiers, account not known, eu-west-1 arm64, 2026-11',
      'CloudWatch Logs volume tiers, account not known, eu-west-1, 2026-11',
      'Lambda volume tiers, account not known, eu-west-1 arm64, 8000-01',
      'CloudWatch Logs volume tiers, account not known, eu-west-1, 8000-01',
    ]);
    const html = runCli(['cost', file, '--arch', 'arm64', '--region', 'eu-west-1', '--output', 'html'], {});
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain('Cost per day (UTC), the 3 days with a cost');
    expect(html.stdout).not.toContain('every day of the period');
  });

  it('still lists every day, zero days included, of a span up to a year', () => {
    const file = join(dir, 'orders-worker.json');
    writeFileSync(file, exportOf([Date.UTC(2026, 10, 2, 10), Date.UTC(2026, 10, 6, 10)]));
    const report = costJson(file);
    expect(report.daily.map((d) => d.day)).toEqual([
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
    ]);
    expect(report.daily.map((d) => d.costUsd > 0)).toEqual([true, false, false, false, true]);
    const html = runCli(['cost', file, '--arch', 'arm64', '--region', 'eu-west-1', '--output', 'html'], {});
    expect(html.stdout).toContain('Cost per day (UTC), every day of the period');
  });
});
