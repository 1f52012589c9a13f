/**
 * Whoever can write to a log group (or name a file) names the function the cost report
 * shows, and the CSV report is meant for spreadsheets, which run a cell beginning with `=`,
 * `+`, `-` or `@` as a formula (`=HYPERLINK(…)`, a DDE call). Such a text cell is written
 * with a leading `'`, the mark spreadsheets read as "text": shown as the name, never run.
 * Figures keep their sign (a free-tier line is negative), and JSON keeps the name as it is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';
import { oneInvocationPayload } from '../support/one-invocation-payload.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-csv-formulas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LINK = '=HYPERLINK("http://example.com/?x","open")';
const inputs = [
  ['link.json', `/aws/lambda/${LINK}`, '6f2a1c1e-1111-4222-8333-444455556661'],
  ['sum.json', '/aws/lambda/@SUM(1+1)', '6f2a1c1e-1111-4222-8333-444455556662'],
  ['plus.json', '/aws/lambda/+1+1', '6f2a1c1e-1111-4222-8333-444455556663'],
  ['minus.json', '/aws/lambda/-1+1', '6f2a1c1e-1111-4222-8333-444455556664'],
].map(([file, group, id]) => {
  const path = join(dir, file as string);
  writeFileSync(path, oneInvocationPayload(group as string, id as string));
  return path;
});
const PRICED = ['--arch', 'x86_64', '--region', 'us-east-1', '--free-tier'];

/** The cells of a CSV line (RFC 4180 quoting). */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m !== null && m.index < line.length; m = re.exec(line)) {
    const raw = m[1] as string;
    out.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (m[2] === '') break;
  }
  return out;
}

describe('cost --output csv: a cell a spreadsheet would run as a formula', () => {
  it('is written as text, with a leading quote; figures keep their sign', () => {
    const run = runCli(['cost', ...inputs, ...PRICED, '--output', 'csv'], {});
    expect(run.code).toBe(0);
    const rows = run.stdout.trimEnd().split('\n').map(cells);
    const header = rows[0] as string[];
    const column = (name: string) => header.indexOf(name);
    const functions = rows.filter((r) => r[column('rowType')] === 'function');
    expect(functions.map((r) => r[column('functionName')]).sort()).toEqual(
      [`'${LINK}`, "'@SUM(1+1)", "'+1+1", "'-1+1"].sort(),
    );
    // No cell of any row begins as a formula would.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@]/);
    // The free tier takes money off: a negative figure, not text.
    const free = rows.find((r) => r[column('rowType')] === 'lambda-free-tier') as string[];
    expect(free[column('totalCostUsd')]).toMatch(/^-0\.\d+$/);
  });

  it('JSON keeps the names as they are', () => {
    const run = runCli(['cost', ...inputs, ...PRICED, '--output', 'json'], {});
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.functions.map((f) => f.functionName).sort()).toEqual(
      [LINK, '@SUM(1+1)', '+1+1', '-1+1'].sort(),
    );
  });
});
