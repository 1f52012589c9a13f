/**
 * `lambdalens cost` end to end: the real CLI over the generated example month, checked
 * against the generator's own record of what it wrote, and its HTML report opened in a
 * real headless Chromium.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateExamples } from '../../examples/generate.ts';
import type { CostReport } from '../../pricing/report/types.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'examples', 'data');
const artifacts = join(root, 'test', 'artifacts');
/** The data set's logs, as a folder, the way the README runs them. */
const inputs = [join(data, 'logs')];

function cost(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'lambdalens.mjs'), 'cost', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...(input === undefined ? {} : { input }),
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The slice of an SVG rect the browser-side callbacks use (the project compiles without DOM types). */
interface DomRect {
  getAttribute(name: string): string | null;
  getBBox(): { width: number };
}

interface ManifestFunction {
  functionName: string;
  region: string;
  architecture: 'x86_64' | 'arm64';
  invocations: number;
  byStatus: Record<string, number>;
  coldStarts: number;
  billedDurationMs: number;
  billedMbMs: number;
  readBytes: number;
  traced: number;
}

// Tier-1 list prices, written out by hand from the pricing page and calculator tables.
const DURATION: Record<string, number> = {
  'us-east-1/x86_64': 0.0000166667,
  'us-east-1/arm64': 0.0000133334,
  'eu-west-1/x86_64': 0.0000166667,
  'eu-west-1/arm64': 0.0000133334,
  'eu-south-1/x86_64': 0.0000195172,
  'eu-south-1/arm64': 0.0000156138,
};
const REQUEST: Record<string, number> = { 'us-east-1': 2e-7, 'eu-west-1': 2e-7, 'eu-south-1': 2.3e-7 };
const STORAGE: Record<string, number> = {
  'us-east-1': 0.0000000309,
  'eu-west-1': 0.000000034,
  'eu-south-1': 0.0000000357,
};
// CloudWatch Logs vended-log first tier per GB (2^30 bytes), Standard class.
const LOGS: Record<string, number | null> = { 'us-east-1': 0.5, 'eu-west-1': 0.57, 'eu-south-1': 0.6 };
const XRAY_PER_TRACE = 5e-6;

describe('lambdalens cost on the example month', () => {
  const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as {
    month: string;
    functions: ManifestFunction[];
  };
  /** The example month with its function configuration, as the README runs it. */
  const exampleMonth = [...inputs, '--config', join(data, 'functions.json'), '--month', manifest.month];
  const configs = JSON.parse(readFileSync(join(data, 'functions.json'), 'utf8')) as {
    functions: Record<string, { ephemeralStorageMB?: number }>;
  };

  it('matches what the generator recorded, function by function, to 1e-12 USD', () => {
    const examples = generateExamples();
    const run = cost([...exampleMonth, '--output', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.functions).toHaveLength(manifest.functions.length);
    let expectedTotal = 0;
    for (const m of manifest.functions) {
      const f = report.functions.find((x) => x.functionName === m.functionName);
      expect(f, m.functionName).toBeDefined();
      const priced = m.invocations - (m.byStatus.incomplete ?? 0);
      const gbs = m.billedMbMs / 1_024_000;
      const compute = gbs * (DURATION[`${m.region}/${m.architecture}`] ?? Number.NaN);
      const requests = priced * (REQUEST[m.region] ?? Number.NaN);
      const extraGb = ((configs.functions[m.functionName]?.ephemeralStorageMB ?? 512) - 512) / 1024;
      const storage = extraGb * (m.billedDurationMs / 1000) * (STORAGE[m.region] ?? Number.NaN);
      const logs = LOGS[m.region] === null ? null : (m.readBytes / 2 ** 30) * (LOGS[m.region] as number);
      // Traces of the invocations with a REPORT (an unfinished one is not priced at all).
      const traced = examples.invocations.filter(
        (i) => i.functionName === m.functionName && i.traceId !== null && i.billedDurationMs !== null,
      ).length;
      const xray = traced * XRAY_PER_TRACE;
      expectedTotal += compute + requests + storage + (logs ?? 0) + xray;
      expect(f?.region).toBe(m.region);
      expect(f?.logs.bytes).toBe(m.readBytes);
      if (logs === null) expect(f?.logs.costUsd).toBeNull();
      else expect(f?.logs.costUsd).toBeCloseTo(logs, 12);
      expect(f?.xray).toEqual({ traces: traced, costUsd: expect.closeTo(xray, 12) });
      expect(f?.architecture).toBe(m.architecture);
      expect(f?.invocations).toBe(priced);
      expect(f?.billedGbSeconds).toBeCloseTo(gbs, 9);
      expect(f?.computeCostUsd).toBeCloseTo(compute, 12);
      expect(f?.requestCostUsd).toBeCloseTo(requests, 12);
      expect(f?.ephemeralStorageCostUsd).toBeCloseTo(storage, 12);
      expect(f?.lambdaCostUsd).toBeCloseTo(compute + requests + storage, 12);
      expect(f?.totalCostUsd).toBeCloseTo(compute + requests + storage + (logs ?? 0) + xray, 12);
      expect(f?.timeouts.count).toBe(m.byStatus.timeout);
      expect(f?.errors.count).toBe(m.byStatus.error);
      expect(f?.ooms.count).toBe(m.byStatus.oom);
      expect(f?.crashes.count).toBe(m.byStatus.crash);
      expect(f?.coldStarts).toBe(m.coldStarts);
    }
    expect(report.totalCostUsd).toBeCloseTo(expectedTotal, 12);
    const incomplete = manifest.functions.reduce((n, m) => n + (m.byStatus.incomplete ?? 0), 0);
    expect(report.notPriced.reduce((n, p) => n + p.count, 0)).toBe(incomplete);
    expect(report.notPriced.every((p) => p.reason === 'incomplete')).toBe(true);
  });

  it('says which flag or config key is missing when REPORT lines cannot be priced', () => {
    const run = cost([join(data, 'logs', 'orders-api.json'), '--month', manifest.month, '--output', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot price function "orders-api"');
    expect(run.stderr).toContain(
      'pass --arch x86_64|arm64 or set functions["orders-api"].architecture in the --config file',
    );
    const withArch = cost([
      join(data, 'logs', 'orders-api.json'),
      '--arch',
      'x86_64',
      '--region',
      'us-east-1',
      '--output',
      'json',
    ]);
    expect(withArch.code).toBe(0);
    expect((JSON.parse(withArch.stdout) as CostReport).functions[0]?.invocations).toBe(743);
  });

  it('refuses an --out it cannot write before reading anything, naming why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-out-'));
    const args = [
      join(data, 'logs', 'orders-api.json'),
      '--arch',
      'x86_64',
      '--region',
      'us-east-1',
      '-o',
      'html',
    ];
    const folder = cost([...args, '--out', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(
      `lambdalens: --out ${dir}: cannot write the report there: it is a folder`,
    );
    const missing = cost([...args, '--out', join(dir, 'no', 'report.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`the folder "${join(dir, 'no')}" does not exist`);
  });

  it('warns of a config Region the prices do not know, before the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-config-'));
    const config = join(dir, 'functions.json');
    writeFileSync(
      config,
      JSON.stringify({ functions: { 'orders-api': { region: 'us-esat-1', architecture: 'x86_64' } } }),
    );
    const run = cost([join(data, 'logs', 'orders-api.json'), '--config', config, '-o', 'json']);
    expect(run.stderr).toContain(
      `warning: ${config}: functions["orders-api"].region "us-esat-1" is not a Region the price table knows`,
    );
  });

  it('prices input that names no function as one row, its log bytes with it, and says how to name it', () => {
    // stdin names no function: its invocations and the bytes of its lines are one row's.
    const text = readFileSync(join(data, 'logs', 'image-resizer.log'), 'utf8');
    const flags = ['--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json'];
    const run = cost(['-', ...flags], text);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.functions.map((f) => f.functionName)).toEqual(['(unknown function)']);
    const [row] = report.functions;
    // The same lines read from the file named after the function: the same row but its name.
    const named = cost([join(data, 'logs', 'image-resizer.log'), ...flags]);
    const [namedRow] = (JSON.parse(named.stdout) as CostReport).functions;
    expect(namedRow?.logs.bytes).toBeGreaterThan(0);
    expect([row?.invocations, row?.logs, row?.totalCostUsd]).toEqual([
      namedRow?.invocations,
      namedRow?.logs,
      namedRow?.totalCostUsd,
    ]);
    expect(row?.totalCostUsd).toBe(report.totalCostUsd);
    // The row's invocations and those it could not price (no REPORT): the input's all.
    expect(report.notPriced.map((p) => [p.functionName, p.reason, p.count])).toEqual([
      ['(unknown function)', 'incomplete', 2],
    ]);
    expect(run.stderr).toContain(
      `hint: ${((row?.invocations ?? 0) + 2).toLocaleString('en')} invocation(s) came from input that names no function (stdin, an S3 export object): pass --function-name <name> to name them`,
    );
    expect(named.stderr).not.toContain('hint:');
  });

  it('counts in its hint every invocation of input that names no function, those it could not price too', () => {
    const flags = ['--arch', 'x86_64', '--region', 'us-east-1'];
    const hint = (what: string) =>
      `hint: ${what} came from input that names no function (stdin, an S3 export object): pass --function-name <name> to name them\n`;
    const id = (n: number) => `${String(n).repeat(8)}-1111-4111-8111-111111111111`;
    const started = (n: number) =>
      `START RequestId: ${id(n)} Version: $LATEST\n2026-10-01T10:00:00.100Z\t${id(n)}\tINFO\thello ${n}\n`;
    const ended = (n: number) =>
      `${started(n)}END RequestId: ${id(n)}\n` +
      `REPORT RequestId: ${id(n)}\tDuration: 8.50 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`;
    // One without a REPORT: not in the row's invocations (0), but the input's all the same.
    const unreported = cost(['-', ...flags], started(1));
    expect(unreported.code).toBe(1);
    expect(unreported.stderr).toContain(hint('1 invocation(s)'));
    // Two priced and three without a REPORT: five.
    const mixed = cost(['-', ...flags], ended(2) + ended(3) + started(4) + started(5) + started(6));
    expect(mixed.stderr).toContain(hint('5 invocation(s)'));
    // Not priced for want of an architecture: its row lists the two its note counts, counted once.
    const unpriced = cost(['-', '--region', 'us-east-1'], ended(2) + ended(3) + started(4));
    expect(unpriced.code).toBe(2);
    expect(unpriced.stderr).toContain(hint('3 invocation(s)'));
    // Lines alone, beside a named function's file: only their bytes are the unknown function's.
    const file = join(mkdtempSync(join(tmpdir(), 'cost-unnamed-')), 'orders-api.log');
    writeFileSync(file, ended(7));
    const lines = cost(['-', file, ...flags], '2026-10-06T10:00:00.010Z\tabc\tINFO\thello\n');
    expect(lines.code).toBe(0);
    expect(lines.stderr).toContain(hint('log lines'));
  });

  it('writes CSV and Markdown with one row per function, the account lines and a TOTAL', () => {
    const json = JSON.parse(cost([...exampleMonth, '--output', 'json']).stdout) as CostReport;
    const csv = cost([...exampleMonth, '--output', 'csv']);
    expect(csv.code).toBe(0);
    const rows = csv.stdout.trim().split('\n');
    expect(rows).toHaveLength(
      1 + manifest.functions.length + json.adjustments.length + json.standing.length + 1,
    );
    expect(rows[0]?.startsWith('functionName,region,architecture,invocations,billedGbSeconds')).toBe(true);
    expect(rows.filter((r) => r.endsWith(',function,'))).toHaveLength(manifest.functions.length);
    expect(rows.at(-1)?.startsWith('TOTAL,')).toBe(true);
    const md = cost([...exampleMonth, '--output', 'md']);
    expect(
      md.stdout.split('\n').filter((l) => /^\| [a-z][a-z-]* \| [a-z]{2}-[a-z]+-\d \|/.test(l)),
    ).toHaveLength(manifest.functions.length);
  });

  it('renders a self-contained HTML report whose charts a browser draws', async () => {
    mkdirSync(artifacts, { recursive: true });
    const out = join(artifacts, 'cost-report.html');
    const json = JSON.parse(cost([...exampleMonth, '--output', 'json']).stdout) as CostReport;
    const run = cost([...exampleMonth, '--output', 'html', '--out', out]);
    expect(run.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(existsSync('/usr/bin/chromium')).toBe(true);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${out}`);
      expect(await page.locator('#cost-per-function rect.bar').count()).toBe(manifest.functions.length);
      expect(await page.locator('#daily-cost rect.bar').count()).toBe(json.daily.length);
      // Every day of October, and a cost on each day the generator wrote a billed REPORT.
      const days = new Set(
        generateExamples()
          .invocations.filter((i) => i.billedDurationMs !== null)
          .map((i) => i.end.slice(0, 10)),
      );
      expect(json.daily.map((d) => d.day)).toEqual(
        Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`),
      );
      expect(json.daily.filter((d) => d.costUsd > 0).map((d) => d.day)).toEqual([...days].sort());
      expect(await page.locator('#duration-distribution rect.bar').count()).toBe(
        json.durationHistogram.length,
      );
      const labels = await page
        .locator('#cost-per-function rect.bar')
        .evaluateAll((els) => els.map((e) => (e as unknown as DomRect).getAttribute('data-label')));
      expect(labels).toEqual(json.functions.map((f) => f.functionName));
      // The most expensive function has the widest bar.
      const widths = await page
        .locator('#cost-per-function rect.bar')
        .evaluateAll((els) => els.map((e) => (e as unknown as DomRect).getBBox().width));
      expect(Math.max(...widths)).toBe(widths[0]);
      await page.screenshot({ path: join(artifacts, 'cost-report.png'), fullPage: true });
      expect(existsSync(join(artifacts, 'cost-report.png'))).toBe(true);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
