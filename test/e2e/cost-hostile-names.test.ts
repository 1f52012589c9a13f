/**
 * Whoever can write to a log group names the function the cost report shows. A name with a
 * terminal's escapes (a window title, colours) is shown, not sent, in the table — to a pipe
 * and to a file as on a terminal: it is read later with `cat` — and in every line stderr
 * says; in Markdown a line break, a tag or an entity renders as the text it is. JSON, CSV and
 * HTML carry it in their own escaping, as before.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';
import { oneInvocationPayload } from '../support/one-invocation-payload.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function input(name: string, group: string): string {
  const path = join(dir, name);
  writeFileSync(path, oneInvocationPayload(group, '6f2a1c1e-1111-4222-8333-444455556666'));
  return path;
}

/** Whatever a terminal acts on, bar tabs and line breaks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: exactly what must not be printed
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const TERMINAL_NAME = '\u001b]0;PWNED\u0007\u001b[31mred';
const TERMINAL_SHOWN = '^[]0;PWNED^G^[[31mred';
const MARKUP_NAME = 'a\nb<img src=x onerror=alert(1)><script>x</script>&amp;|[x](javascript:y)*_z_*';
const MARKUP_SHOWN =
  'a^Jb&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;x&lt;/script&gt;&amp;amp;\\|\\[x\\](javascript:y)\\*\\_z\\_\\*';
const PRICED = ['--arch', 'x86_64', '--region', 'us-east-1'];

describe('cost: names from logs reach no terminal and no Markdown as they are', () => {
  const terminal = input('terminal.json', `/aws/lambda/${TERMINAL_NAME}`);
  const markup = input('markup.json', `/aws/lambda/${MARKUP_NAME}`);

  it('the table, to a pipe: the escapes shown, the columns measured on what is shown', () => {
    const run = runCli(['cost', terminal, ...PRICED], {});
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(CONTROLS);
    const lines = run.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('function'));
    expect(lines.slice(header, header + 5)).toEqual([
      'function               region     arch    invocations     Lambda       logs  X-Ray      total  memory advice',
      '---------------------  ---------  ------  -----------  ---------  ---------  -----  ---------  -------------',
      `${TERMINAL_SHOWN}  us-east-1  x86_64            1  $0.000001  $0.000000  $0.00  $0.000001  try 128 MB`,
      '---------------------  ---------  ------  -----------  ---------  ---------  -----  ---------  -------------',
      'TOTAL (1 of 1 invocations priced)                                                   $0.000001',
    ]);
    // The memory note quotes the name too.
    expect(lines.filter((l) => l.includes('PWNED'))).toEqual([
      `${TERMINAL_SHOWN}  us-east-1  x86_64            1  $0.000001  $0.000000  $0.00  $0.000001  try 128 MB`,
      `${TERMINAL_SHOWN}: try 128 MB: saves up to the amount shown if duration holds (I/O-bound); if CPU-bound, duration`,
    ]);
  });

  it('the table, to a file with --out: the same text', () => {
    const out = join(dir, 'table.txt');
    const piped = runCli(['cost', terminal, ...PRICED], {});
    const run = runCli(['cost', terminal, ...PRICED, '--out', out], {});
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toMatch(CONTROLS);
    expect(readFileSync(out, 'utf8')).toBe(piped.stdout);
  });

  it('a line break in a name does not break the table or start a line of its own', () => {
    const run = runCli(['cost', markup, ...PRICED, '--wide'], {});
    expect(run.code).toBe(0);
    const shown = 'a^Jb<img src=x onerror=alert(1)><script>x</script>&amp;|[x](javascript:y)*_z_*';
    expect(run.stdout.split('\n').filter((l) => l.startsWith('a^Jb'))).toEqual([
      `${shown}  123456789012  us-east-1  x86_64            1  0.05  $0.000001  $0.000000         $0.00              $0.00  $0.000001  $0.000000  $0.00  $0.000001     102     102     102     0 (0.0%)            $0.00         0       0              0        0  80/512 MB        try 128 MB         $0.000001     $0.000000            -`,
      `${shown}: try 128 MB: saves up to the amount shown if duration holds (I/O-bound); if CPU-bound, duration grows up to 4.0× (p99 ≈ 409 ms, inside the timeout is not known (assumed Lambda's default 3 s; set timeoutSeconds in --config)) and cost stays about the same; confirm with a measured tuning run (AWS Lambda Power Tuning) before changing it`,
    ]);
  });

  it('every line on stderr that quotes a name shows its escapes', () => {
    // No Region: the invocation is not priced, and JSON output leaves the notes to stderr.
    const run = runCli(['cost', terminal, '--arch', 'x86_64', '--output', 'json'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        `lambdalens: warning: 1 invocation(s) not priced: cannot price function "${TERMINAL_SHOWN}": region unknown (the log group/ARN did not say): pass --region <region> or set functions["${TERMINAL_SHOWN}"].region in the --config file`,
        `lambdalens: left out of the total: log group /aws/lambda/${TERMINAL_SHOWN}: Region unknown: 0.3 KB of logs not priced; pass --region or set its region in the --config file`,
        `lambdalens: 1 invocation(s) could not be priced: function "${TERMINAL_SHOWN}": Region unknown: pass --region <region> or set config key functions["${TERMINAL_SHOWN}"].region`,
        '',
      ].join('\n'),
    );
    // JSON escapes the name itself: it is the name, as it was.
    const priced = runCli(['cost', terminal, ...PRICED, '--output', 'json'], {});
    const report = JSON.parse(priced.stdout) as CostReport;
    expect(report.functions.map((f) => f.functionName)).toEqual([TERMINAL_NAME]);
    expect(priced.stdout).toContain('"functionName": "\\u001b]0;PWNED\\u0007\\u001b[31mred"');
  });

  it('a line break in a name quoted by the error that ends the run is shown, not started', () => {
    const run = runCli(['cost', markup, '--arch', 'x86_64', '--output', 'json'], {});
    expect(run.code).toBe(2);
    const last = run.stderr.split('\n').slice(-2);
    expect(last).toEqual([
      `lambdalens: 1 invocation(s) could not be priced: function "${MARKUP_NAME.replace('\n', '^J')}": Region unknown: pass --region <region> or set config key functions["${MARKUP_NAME.replace('\n', '^J')}"].region`,
      '',
    ]);
    // Every line on stderr is lambdalens's own.
    expect(run.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('lambdalens: '))).toEqual([]);
  });

  it('an input named with escapes, on stderr', () => {
    const gone = join(dir, 'gone\u001b[31m.log');
    const run = runCli(['cost', terminal, gone, ...PRICED, '--output', 'json'], {});
    expect(run.stderr).toBe(
      `lambdalens: ${join(dir, 'gone^[[31m.log')}: no such file\n` +
        'lambdalens: 1 of the 2 inputs could not be read whole (named above): the output lacks what it holds\n' +
        'hint: fix or leave out the input named above and run the same command again\n',
    );
    expect(run.code).toBe(1);
  });

  it('Markdown: the name renders as the text it is, in the table and in the notes', () => {
    const run = runCli(['cost', markup, ...PRICED, '--output', 'md'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(CONTROLS);
    expect(run.stdout).not.toMatch(/<img|<script/);
    const lines = run.stdout.split('\n');
    const header = lines.indexOf(
      '| function | region | arch | invocations | Lambda | logs | X-Ray | total | memory advice |',
    );
    expect(lines.slice(header, header + 3)).toEqual([
      '| function | region | arch | invocations | Lambda | logs | X-Ray | total | memory advice |',
      '|---|---|---|---:|---:|---:|---:|---:|---|',
      `| ${MARKUP_SHOWN} | us-east-1 | x86_64 | 1 | $0.000001 | $0.000000 | $0.00 | $0.000001 | try 128 MB |`,
    ]);
    expect(
      lines.filter((l) => l.startsWith('- a^Jb')).map((l) => l.slice(0, MARKUP_SHOWN.length + 15)),
    ).toEqual([`- ${MARKUP_SHOWN}: try 128 MB:`]);
  });

  it('Markdown: a name that would open a block of its own at the start of a note does not', () => {
    const cases: Array<[name: string, cell: string, item: string]> = [
      ['# big', '\\# big', '- \\# big: try 128 MB: '],
      ['1. big', '1. big', '- 1\\. big: try 128 MB: '],
      ['- big', '- big', '- \\- big: try 128 MB: '],
    ];
    for (const [name, cell, item] of cases) {
      const run = runCli(
        ['cost', input('block.json', `/aws/lambda/${name}`), ...PRICED, '--output', 'md'],
        {},
      );
      const lines = run.stdout.split('\n').filter((l) => l.includes('big'));
      expect(lines.map((l) => (l.startsWith('- ') ? l.slice(0, item.length) : l))).toEqual([
        `| ${cell} | us-east-1 | x86_64 | 1 | $0.000001 | $0.000000 | $0.00 | $0.000001 | try 128 MB |`,
        item,
      ]);
    }
  });

  it('CSV and HTML keep their own escaping', () => {
    const csv = runCli(['cost', markup, ...PRICED, '--output', 'csv'], {});
    expect(csv.stdout).toContain(`"${MARKUP_NAME}",us-east-1,x86_64,1,`);
    const html = runCli(['cost', markup, ...PRICED, '--output', 'html'], {});
    expect(html.stdout).not.toMatch(/<img src=x|<script>x/);
    expect(html.stdout).toContain(
      'a\nb&#60;img src=x onerror=alert(1)&#62;&#60;script&#62;x&#60;/script&#62;&#38;amp;|[x](javascript:y)*_z_*',
    );
  });
});
