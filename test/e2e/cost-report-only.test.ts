/**
 * The usual cost query, `filter @type = "REPORT"`, exported from Logs Insights the ways the
 * console and the CLI give it (CSV download, Markdown copy, `get-query-results` JSON), newest
 * first, priced by the real `lambdalens cost`: the same money as the full logs of the same
 * invocations. The exports are built here from the example month's own REPORT events.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import { functionNameFromLogGroup, type LogEvent } from '../../collectors/model.ts';
import { parseLine } from '../../collectors/parser/parse-line.ts';
import type { CostReport } from '../../pricing/report/types.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'examples', 'data');
const ACCOUNT = '123456789012';

function cost(inputs: string[]): { report: CostReport; stderr: string } {
  const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as { month: string };
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'bin', 'lambdalens.mjs'),
      'cost',
      ...inputs,
      '--config',
      join(data, 'functions.json'),
      '--month',
      manifest.month,
      '--output',
      'json',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  expect(run.status).toBe(0);
  return { report: JSON.parse(run.stdout) as CostReport, stderr: run.stderr };
}

/** Insights' time format: UTC, a space, milliseconds. */
function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

interface Row {
  timestamp: number;
  message: string;
  logStream: string;
  log: string;
}

let dir: string;
let rows: Row[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lambdalens-report-only-'));
  rows = [];
  for await (const e of readLogEvents([join(data, 'logs')]) as AsyncIterable<LogEvent>) {
    if (parseLine(e.message).kind !== 'report') continue;
    const group = e.logGroup ?? `/aws/lambda/${e.functionName}`;
    rows.push({
      timestamp: e.timestamp,
      message: e.message,
      logStream: e.logStream ?? '',
      log: `${e.accountId ?? ACCOUNT}:${group}`,
    });
  }
  // `sort @timestamp desc`, the console's default.
  rows.sort((a, b) => b.timestamp - a.timestamp);
});

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe('cost of a REPORT-only Logs Insights export', () => {
  it('is the cost of the full logs, function by function, in every export form', () => {
    expect(rows.length).toBeGreaterThan(2000);
    const csv = join(dir, 'logs-insights-results.csv');
    writeFileSync(
      csv,
      [
        '@timestamp,@message,@logStream,@log',
        ...rows.map((r) => [insightsTime(r.timestamp), csvField(r.message), r.logStream, r.log].join(',')),
      ].join('\n'),
    );
    const markdown = join(dir, 'logs-insights-results.md');
    writeFileSync(
      markdown,
      [
        '**CloudWatch Logs Insights**  ',
        'region: us-east-1  ',
        'query-string:',
        '```',
        'fields @timestamp, @message, @logStream, @log',
        '| filter @type = "REPORT"',
        '| sort @timestamp desc',
        '```',
        '---',
        '| @timestamp | @message | @logStream | @log |',
        '| --- | --- | --- | --- |',
        ...rows.map(
          (r) =>
            // The console writes a message's line breaks as spaces, and escapes its pipes.
            `| ${insightsTime(r.timestamp)} | ${r.message.replace(/\n/g, ' ').replace(/\|/g, '\\|')} | ${r.logStream} | ${r.log} |`,
        ),
      ].join('\n'),
    );
    const json = join(dir, 'get-query-results.json');
    writeFileSync(
      json,
      JSON.stringify(
        {
          results: rows.map((r) => [
            { field: '@timestamp', value: insightsTime(r.timestamp) },
            { field: '@message', value: r.message },
            { field: '@logStream', value: r.logStream },
            { field: '@log', value: r.log },
          ]),
          statistics: { recordsMatched: rows.length, recordsScanned: rows.length, bytesScanned: 0 },
          status: 'Complete',
        },
        null,
        4,
      ),
    );

    const { report: full } = cost([join(data, 'logs')]);
    // The Lambda money and the traces are the full logs': a REPORT-only export cannot say
    // what the logs themselves cost to ingest, which the full logs add to each row.
    const byFunction = (r: CostReport) =>
      r.functions.map((f) => [f.functionName, f.invocations, f.billedGbSeconds, f.lambdaCostUsd, f.xray]);
    const lambdaAndTraces = (r: CostReport) => r.totals.lambdaCostUsd + r.totals.xrayCostUsd;
    for (const exported of [csv, markdown, json]) {
      const { report, stderr } = cost([exported]);
      // Only invocations with a REPORT are in the export: none is left unpriced.
      expect(stderr, exported).not.toMatch(/not priced|warning|could not be read/i);
      expect(report.notPriced, exported).toEqual([]);
      expect(lambdaAndTraces(report), exported).toBe(lambdaAndTraces(full));
      expect(report.totals.logsBytes, exported).toBe(0);
      expect(byFunction(report), exported).toEqual(byFunction(full));
    }
    expect(full.totalCostUsd).toBeGreaterThan(0);
    // Every function of the month is in the export, named from @log.
    expect(new Set(rows.map((r) => functionNameFromLogGroup(r.log.slice(r.log.indexOf(':') + 1))))).toEqual(
      new Set(full.functions.map((f) => f.functionName)),
    );
  });
});
