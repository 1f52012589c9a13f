/**
 * `cost --out <file>` without `-o` writes the form the file's name says (a report.html is
 * the HTML report, not the text table); an `-o` the name contradicts is obeyed and said.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const data = join(import.meta.dirname, '..', '..', 'examples', 'data');
const examples = [join(data, 'logs', 'orders-api.json'), '--arch', 'arm64', '--region', 'eu-west-1'];
/** What a report written to a file leaves to stderr, after saying where it went. */
const NOT_PRICED =
  'lambdalens: warning: 2 invocation(s) not priced: function "orders-api": invocation without a REPORT line (still running or its log was cut)\n';
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cost(args: string[]) {
  return runCli(['cost', ...examples, ...args], {});
}

describe('cost --out', () => {
  it('without -o, writes what the extension names, byte for byte what -o writes', () => {
    const cases: Array<[file: string, format: string]> = [
      ['report.html', 'html'],
      ['REPORT.HTM', 'html'],
      ['report.json', 'json'],
      ['report.csv', 'csv'],
      ['report.md', 'md'],
      ['report.markdown', 'md'],
      ['report.txt', 'table'],
      ['report.out', 'table'],
      ['report', 'table'],
    ];
    const stdout = new Map<string, string>();
    for (const format of ['html', 'json', 'csv', 'md', 'table'])
      stdout.set(format, cost(['-o', format]).stdout);
    for (const [file, format] of cases) {
      const out = join(dir, file);
      const run = cost(['--out', out]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(`lambdalens: wrote the ${format} report to ${out}\n${NOT_PRICED}`);
      expect(readFileSync(out, 'utf8')).toBe(stdout.get(format));
    }
    expect(readFileSync(join(dir, 'report.html'), 'utf8').startsWith('<!doctype html>\n')).toBe(true);
  });

  it('obeys an -o the name contradicts, and says so', () => {
    const out = join(dir, 'r.html');
    const run = cost(['-o', 'table', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `lambdalens: warning: --out ${out} is named as html, but -o asks for table: writing table (drop -o to write what the name says)\n` +
        `lambdalens: wrote the table report to ${out}\n${NOT_PRICED}`,
    );
    expect(readFileSync(out, 'utf8').startsWith('Lambda cost 2026-10-01..2026-10-26: ')).toBe(true);
    const txt = join(dir, 'r.txt');
    expect(cost(['-o', 'json', '--out', txt]).stderr).toBe(
      `lambdalens: warning: --out ${txt} is named as text, but -o asks for json: writing json (drop -o to write what the name says)\n` +
        `lambdalens: wrote the json report to ${txt}\n${NOT_PRICED}`,
    );
    // A name of no report form, and one that agrees: no warning.
    for (const file of ['r.out', 'r.json']) {
      const path = join(dir, file);
      expect(cost(['-o', 'json', '--out', path]).stderr).toBe(
        `lambdalens: wrote the json report to ${path}\n${NOT_PRICED}`,
      );
    }
  });

  it('--help says how the format follows --out', () => {
    const help = runCli(['cost', '--help'], {}).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      `-o, --output <format> output format (default: table, or what --out's extension names: .html/.htm, .json, .csv, .md/.markdown) (choices: table, json, csv, md, html)`,
    );
    expect(help).toContain(
      '--out <file> write the report to a file instead of stdout, in the format its extension names',
    );
  });
});
