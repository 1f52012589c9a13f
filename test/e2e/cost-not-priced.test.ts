/**
 * A cost report that cannot price some functions ends as a configuration error (exit 2)
 * whose last line names each function and the flag or `--config` key it lacks: the user
 * should not have to look through the report to learn what to give.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-not-priced-'));

/** Two invocations of `fn` whose logs name no Region (no INIT_START, no log group, no ARN). */
function regionless(fn: string): string {
  const file = join(dir, `${fn}.log`);
  const lines: string[] = [];
  for (let i = 1; i <= 2; i++) {
    const id = `0000000${i}-1111-4111-8111-11111111111${fn.length % 10}`;
    lines.push(
      `START RequestId: ${id} Version: $LATEST`,
      `2026-10-03T10:00:0${i}.000Z\t${id}\tINFO\thello`,
      `END RequestId: ${id}`,
      `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('lambdalens cost, functions it cannot price', () => {
  it('exits 2 naming the function and the flag or config key that would price it', () => {
    const run = runCli(['cost', regionless('random-name'), '--arch', 'x86_64'], {});
    expect(run.code).toBe(2);
    // The table on stdout lists what was left out; stderr ends with what to give.
    expect(run.stderr).toBe(
      'lambdalens: 2 invocation(s) could not be priced: function "random-name": Region unknown: pass --region <region> or set config key functions["random-name"].region\n',
    );
  });

  it('names every function with what each lacks', () => {
    const config = join(dir, 'functions.json');
    writeFileSync(config, JSON.stringify({ functions: { beta: { region: 'eu-west-1' } } }));
    const run = runCli(['cost', regionless('alpha'), regionless('beta'), '--config', config], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'lambdalens: 4 invocation(s) could not be priced: ' +
        'function "alpha": Region and architecture unknown: pass --region <region> and --arch x86_64|arm64 or set config keys functions["alpha"].region and .architecture; ' +
        'function "beta": architecture unknown: pass --arch x86_64|arm64 or set config key functions["beta"].architecture\n',
    );
  });
});

/** The header and function rows of a cost table, between the rules under and over them. */
function tableRows(stdout: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('function '));
  const end = lines.indexOf(lines[at + 1] as string, at + 2);
  return [lines[at] as string, ...lines.slice(at + 2, end)];
}

describe('lambdalens cost, the rows of functions it cannot price', () => {
  const file = regionless('plain-fn');

  it('lists a function whose Region is unknown with what is known, its cost not priced and what to pass', () => {
    const run = runCli(['cost', file, '--arch', 'arm64'], {});
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'Lambda cost 2026-10-03..2026-10-03: $0.00 — 0 of 2 invocations priced (2 not priced: see below)',
    );
    expect(tableRows(run.stdout)).toEqual([
      'function  region  arch   invocations      Lambda  logs  X-Ray       total  memory advice',
      'plain-fn  -       arm64            2  not priced     -      -  not priced  Region unknown: --region',
    ]);
    expect(lines.find((l) => l.startsWith('TOTAL'))).toBe(
      'TOTAL (0 of 2 invocations priced)                                   $0.00',
    );
    expect(run.stdout).toContain(
      'not priced: 2 × cannot price function "plain-fn": region unknown (the log group/ARN did not say): pass --region <region>\n    or set functions["plain-fn"].region in the --config file\n',
    );
  });

  it('gives the same row in JSON, so the rows add up to what the headline counts', () => {
    const run = runCli(['cost', file, '--arch', 'arm64', '--output', 'json'], {});
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.functions).toHaveLength(1);
    expect(report.functions[0]).toMatchObject({
      functionName: 'plain-fn',
      accountId: null,
      region: null,
      architecture: 'arm64',
      invocations: 2,
      // 2 × 13 ms × 128 MB: what would be billed, whatever the rate.
      billedGbSeconds: 0.00325,
      lambdaCostUsd: 0,
      totalCostUsd: 0,
      durationMs: { p50: 12.5, p95: 12.5, p99: 12.5 },
      memory: { configuredMB: 128, maxUsedMB: 40, recommendation: 'Region unknown: --region' },
      notPriced: {
        reason: 'missing-region',
        message:
          'cannot price function "plain-fn": region unknown (the log group/ARN did not say): pass --region <region> or set functions["plain-fn"].region in the --config file',
      },
    });
    expect(report.functions.reduce((n, f) => n + f.invocations, 0)).toBe(report.coverage.invocations);
    expect(report.accounts).toEqual([
      expect.objectContaining({ accountId: null, functions: 1, invocations: 2 }),
    ]);
  });

  it('keeps a Region the prices lack, and the architecture given, in one row with its invocations', () => {
    const run = runCli(['cost', file, '--arch', 'arm64', '--region', 'ap-southeast-9'], {});
    expect(run.code).toBe(2);
    expect(tableRows(run.stdout)).toEqual([
      'function  region          arch   invocations      Lambda  logs  X-Ray       total  memory advice',
      'plain-fn  ap-southeast-9  arm64            2  not priced     -      -  not priced  no prices for its Region: --prices',
    ]);
  });

  it('shows the logs it could price in the row of a function whose architecture is unknown', () => {
    const run = runCli(['cost', file, '--region', 'eu-west-1'], {});
    expect(run.code).toBe(2);
    expect(tableRows(run.stdout)).toEqual([
      'function  region     arch  invocations      Lambda       logs  X-Ray      total  memory advice',
      'plain-fn  eu-west-1  -               2  not priced  $0.000000      -  $0.000000  arch unknown: --arch',
    ]);
  });

  it('lists it beside the functions it priced', () => {
    const config = join(dir, 'one-region.json');
    writeFileSync(config, JSON.stringify({ functions: { priced: { region: 'us-east-1' } } }));
    const run = runCli(['cost', regionless('priced'), file, '--arch', 'arm64', '--config', config], {});
    expect(run.code).toBe(2);
    expect(tableRows(run.stdout)).toEqual([
      'function  region     arch   invocations      Lambda       logs  X-Ray       total  memory advice',
      'priced    us-east-1  arm64            2   $0.000000  $0.000000  $0.00   $0.000001  keep',
      'plain-fn  -          arm64            2  not priced          -      -  not priced  Region unknown: --region',
    ]);
  });
});
