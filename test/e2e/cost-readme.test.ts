/**
 * The README's cost examples run as written (in a folder that holds the examples, so the
 * relative paths and `--out report.html` mean what they say): one row per function, a table
 * that fits 120 columns, and an HTML report a real headless Chromium draws with every day
 * of the period, axes with ticks and gridlines, the table's columns, a section per account
 * and totals equal to the JSON's. Plus the exits that must not be a quiet $0: a month
 * without data, and REPORT lines with figures Lambda cannot have billed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { add, dec, div, mul, str } from '../unit/pricing/decimal.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'lambdalens.mjs');
const FUNCTIONS = [
  'etl-nightly',
  'image-resizer',
  'notifier',
  'orders-api',
  'payments-webhook',
  'report-builder',
];

/** A folder where `examples/` is the repository's, as it is for someone who cloned it. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-readme-'));
  symlinkSync(join(root, 'examples'), join(dir, 'examples'));
  return dir;
}

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `lambdalens cost …` lines of the README's cost section that read local files. */
function readmeCostExamples(): string[][] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Cost reports'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('lambdalens cost ') && !l.includes('--source elasticsearch'))
    .map((l) => l.split(/\s+/).slice(1));
}

/** The example's arguments without `--output X` and `--out FILE`: its table. */
function withoutOutput(args: string[]): string[] {
  const flags = ['--output', '-o', '--out'];
  return args.filter((a, i) => !flags.includes(a) && !flags.includes(args[i - 1] ?? ''));
}

function tableRows(stdout: string): string[] {
  return stdout.split('\n').filter((l) => FUNCTIONS.some((f) => l.startsWith(`${f} `)));
}

const CHROMIUM = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

describe("the README's cost examples", () => {
  const examples = readmeCostExamples();

  it('are there, reading the example logs', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const args of examples) expect(args).toContain('examples/data/logs');
  });

  it('give one row per function in a table that fits 120 columns', () => {
    const dir = workdir();
    for (const args of examples) {
      const table = withoutOutput(args);
      const r = run(table, dir);
      expect(r.code, `${table.join(' ')}: ${r.stderr}`).toBe(0);
      const rows = tableRows(r.stdout);
      expect(rows.map((l) => l.split(/\s+/)[0]).sort()).toEqual(FUNCTIONS);
      for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(120);
      const wide = run([...table, '--wide'], dir);
      expect(tableRows(wide.stdout)).toHaveLength(FUNCTIONS.length);
      expect(wide.stdout).toMatch(/\/tmp storage\s+SnapStart restore/);
      // Cold starts are counted, as timeouts and errors beside them are, with their share.
      for (const row of tableRows(wide.stdout)) expect(row).toMatch(/ \d[\d,]* \(\d+\.\d%\) /);
    }
  });

  it('write an HTML report that Chromium draws with every day, axes, the columns and JSON totals', async () => {
    const dir = workdir();
    const args = examples.find((a) => a.includes('html'));
    expect(args).toBeDefined();
    const r = run(args as string[], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, 'report.html');
    expect(existsSync(out)).toBe(true);
    const jsonArgs = withoutOutput(args as string[]);
    const json = JSON.parse(run([...jsonArgs, '--output', 'json'], dir).stdout) as CostReport;
    expect(json.functions.map((f) => f.functionName).sort()).toEqual(FUNCTIONS);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const external: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file:')) external.push(req.url());
      });
      await page.goto(`file://${out}`);
      // Every day of the period the data covers, each a bar (zero-height on quiet days).
      const days = await page
        .locator('#daily-cost rect.bar')
        .evaluateAll((els) => els.map((e) => (e as unknown as El).getAttribute('data-label')));
      expect(days).toEqual(json.daily.map((d) => d.day.slice(5)));
      expect(json.daily.map((d) => d.day)).toEqual(
        Array.from({ length: 27 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`),
      );
      // Axes: y ticks each with a gridline, x ticks under the bars.
      for (const chart of ['#daily-cost', '#duration-distribution', '#cost-per-function']) {
        const ticks = await page.locator(`${chart} text.tick`).count();
        const grid = await page.locator(`${chart} line.grid`).count();
        expect(ticks, chart).toBeGreaterThanOrEqual(3);
        expect(grid, chart).toBeGreaterThanOrEqual(3);
      }
      const yTicks = await page.locator('#daily-cost text.tick[data-axis="y"]').count();
      expect(await page.locator('#daily-cost line.grid').count()).toBe(yTicks);
      // The table has the columns the wide text table has.
      const headers = await page.locator('#functions thead th').allTextContents();
      for (const h of [
        'function',
        'account',
        'region',
        'arch',
        'invocations',
        'GB-s',
        'compute',
        'requests',
        '/tmp storage',
        'SnapStart restore',
        'Lambda',
        'logs',
        'X-Ray',
        'total',
        'p99 ms',
        'cold starts',
        'timeouts',
        'memory advice',
        'arm64 saving',
        'vs previous',
      ]) {
        expect(headers, h).toContain(h);
      }
      // One row per function, a section per account, and totals equal to the JSON's.
      expect(await page.locator('#functions tr.function').count()).toBe(FUNCTIONS.length);
      expect(await page.locator('#functions tr.account').count()).toBe(json.accounts.length);
      const total = await page.locator('#functions tr.total td.num').getAttribute('data-amount');
      expect(Number(total)).toBe(json.totalCostUsd);
      const subtotals = await page
        .locator('#functions tr.subtotal td.num')
        .evaluateAll((els) => els.map((e) => Number((e as unknown as El).getAttribute('data-amount'))));
      expect(subtotals).toEqual(json.accounts.map((a) => a.totalCostUsd));
      expect(await page.locator('#total .value').textContent()).toBe(usdText(json.totalCostUsd));
      expect(await page.locator('#logs .value').textContent()).toBe(usdText(json.totals.logsCostUsd));
      expect(await page.locator('#coverage .value').textContent()).toBe(
        `${json.coverage.priced.toLocaleString('en-US')} of ${json.coverage.invocations.toLocaleString('en-US')}`,
      );
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(external).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

/** The report's own money format (summary.ts `usd`). */
function usdText(value: number): string {
  const abs = Math.abs(value);
  const digits = abs === 0 ? 2 : abs < 0.01 ? 6 : abs < 1 ? 4 : 2;
  return `${value < 0 ? '-' : ''}$${abs.toFixed(digits)}`;
}

describe('exits that are honest', () => {
  it('fails a month without data and names the months the data covers', () => {
    const r = run([
      'cost',
      'examples/data/logs',
      '--config',
      'examples/data/functions.json',
      '--month',
      '2026-11',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'no invocations in 2026-11: the data covers 2026-10-01..2026-10-27 (month 2026-10)',
    );
    expect(r.stderr).toContain('try --month 2026-10');
  });

  it('counts REPORT lines with impossible figures per line, prices the rest, and never crashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-damaged-'));
    const id = (n: number) => `0a0a0a0a-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const report = (n: number, billed: string, memory: string) =>
      `2026-10-05T10:00:0${n}.000Z\tREPORT RequestId: ${id(n)}\tDuration: 10.00 ms\tBilled Duration: ${billed} ms\tMemory Size: ${memory} MB\tMax Memory Used: 60 MB\t`;
    const file = join(dir, 'damaged.log');
    writeFileSync(
      file,
      [
        report(1, '11', '128'),
        report(2, '12.5', '128'),
        report(3, '11', '-128'),
        report(4, '11', '1769.5'),
        report(5, '-4', '128'),
        report(6, '11', '128'),
      ].join('\n'),
    );
    const r = run(['cost', file, '--arch', 'x86_64', '--region', 'us-east-1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('2 of 6 invocations priced (4 not priced: see below)');
    expect(r.stdout).toContain(
      'not priced: 1 × function "damaged": REPORT Billed Duration 12.5 is not a whole number of ms',
    );
    expect(r.stdout).toContain(`e.g. request ${id(2)}`);
    expect(r.stdout).toContain('REPORT Memory Size -128 is negative');
    expect(r.stdout).toContain('REPORT Memory Size 1769.5 is not a whole number of MB');
    expect(r.stdout).toContain('REPORT Billed Duration -4 is negative');
    const json = JSON.parse(
      run(['cost', file, '--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json']).stdout,
    ) as CostReport;
    expect(json.notPriced.map((n) => [n.reason, n.count])).toEqual(
      Array.from({ length: 4 }, () => ['invalid-report', 1]),
    );
    // 2 × (11 ms × 128 MB at $0.0000166667 per GB-s + $0.0000002).
    const one = add(mul(div(mul(dec(11), dec(128)), dec(1_024_000)), dec('0.0000166667')), dec('0.0000002'));
    expect(json.functions[0]?.exact.lambda).toBe(str(mul(dec(2), one)));
  });
});
