/**
 * Function names of double-width characters (`注文-api`) and with combining marks (`café`
 * written as `e` and U+0301) in the cost table: every cell is padded by the columns a
 * terminal draws it in, so the region, arch and money columns stand in line with the header
 * whatever the script of the name before them, and a name cut to fit the 120 columns is cut
 * by columns too. Each function's logs are `aws logs tail` lines in a file named after it,
 * made from the example month's etl-nightly logs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cellWidth } from '../../collectors/kernel/index.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_LOGS } from '../support/example-copies.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-wide-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example's `<stream> <time> <message>` lines as `aws logs tail` prints them: `<time>+00:00 <stream> <message>`. */
const TAIL_LINES = readFileSync(join(EXAMPLE_LOGS, 'etl-nightly.log'), 'utf8')
  .split('\n')
  .slice(0, 40)
  .map((line) => {
    const [stream, time] = line.split(' ', 2) as [string, string];
    return `${time}+00:00 ${stream} ${line.slice(stream.length + time.length + 2)}`;
  })
  .join('\n');

function tailCopy(fn: string): string {
  const path = join(dir, `${fn}.log`);
  writeFileSync(path, `${TAIL_LINES}\n`);
  return path;
}

const WIDE = '注文-api';
const COMBINING = 'cafe\u0301-api';
const FULLWIDTH = 'ＡＰＩ-gateway';
const LONG = '注文処理サービス-注文処理サービス-注文処理サービス-api';

/** The terminal column `text` starts at in `line`. */
const columnOf = (line: string, text: string): number => {
  const at = line.indexOf(text);
  expect(at, `${text} in ${line}`).toBeGreaterThanOrEqual(0);
  return cellWidth(line.slice(0, at));
};

/** The header of the table in `stdout` and its function rows, between the two rules under and over them. */
function table(stdout: string): { header: string; rows: string[] } {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('function '));
  const end = lines.indexOf(lines[at + 1] as string, at + 2);
  return { header: lines[at] as string, rows: lines.slice(at + 2, end) };
}

/** The terminal column after the last character of `text` in `line`. */
const endOf = (line: string, text: string): number => columnOf(line, text) + cellWidth(text);

describe('cost table: names of double-width and combining characters', () => {
  const files = [WIDE, COMBINING, FULLWIDTH, 'etl-nightly'].map(tailCopy);

  it('pads each name by the columns it takes, so every column stands in line with its header', () => {
    const run = runCli(['cost', ...files, '--arch', 'arm64'], {});
    expect(run.code, run.stderr).toBe(0);
    const { header, rows } = table(run.stdout);
    expect(rows.map((r) => r.slice(0, r.indexOf(' ')))).toEqual([FULLWIDTH, COMBINING, 'etl-nightly', WIDE]);
    for (const row of rows) {
      expect(columnOf(row, 'eu-west-1'), row).toBe(columnOf(header, 'region'));
      expect(columnOf(row, 'arm64'), row).toBe(columnOf(header, 'arch'));
      // Right-aligned: the total's last digit under the header's last letter.
      expect(endOf(row, '$0.003326'), row).toBe(endOf(header, 'total'));
      expect(columnOf(row, 'keep'), row).toBe(columnOf(header, 'memory advice'));
    }
  });

  it('cuts a name too long for 120 columns by columns, its ellipsis in the name column', () => {
    const run = runCli(['cost', tailCopy(LONG), files[3] as string, '--arch', 'arm64'], {});
    expect(run.code, run.stderr).toBe(0);
    const { header, rows } = table(run.stdout);
    const cut = rows.find((r) => r.startsWith('注文')) as string;
    // Narrowed to 24 columns: eleven double-width characters, the hyphen and the ellipsis.
    expect(cut.slice(0, cut.indexOf('  '))).toBe('注文処理サービス-注文処…');
    expect(columnOf(header, 'region')).toBe(26);
    for (const row of rows) {
      expect(columnOf(row, 'eu-west-1'), row).toBe(columnOf(header, 'region'));
      expect(endOf(row, 'keep'), row).toBeLessThanOrEqual(120);
    }
  });
});
