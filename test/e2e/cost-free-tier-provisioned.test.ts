/**
 * `lambdalens cost --free-tier` with a function that has provisioned concurrency: the Lambda
 * free tier does not apply to it (AWS Lambda pricing page), so none of its requests or
 * on-demand duration is taken off, the functions beside it in its Region keep theirs, and
 * the run says which function was left out and why. The real CLI over the example month.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'examples', 'data');

/** The example functions.json with provisioned concurrency set on some functions. */
function configWith(provisioned: Record<string, number>): string {
  const config = JSON.parse(readFileSync(join(data, 'functions.json'), 'utf8')) as {
    functions: Record<string, Record<string, unknown>>;
  };
  for (const [name, environments] of Object.entries(provisioned)) {
    const fn = config.functions[name];
    if (fn) fn.provisionedConcurrency = environments;
  }
  const path = join(mkdtempSync(join(tmpdir(), 'lambdalens-free-tier-pc-')), 'functions.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function cost(config: string, output: string[] = ['-o', 'json']) {
  return runCli(
    ['cost', join(data, 'logs'), '--config', config, '--month', '2026-10', '--free-tier', ...output],
    {},
  );
}

/** The Lambda free-tier lines: label, usage, exact amount. */
function freeLines(report: CostReport): string[][] {
  return report.adjustments
    .filter((a) => a.charge === 'lambda-free-tier')
    .map((a) => [a.label, a.usage, a.exactUsd]);
}

const ACCOUNT = 'account 123456789012';

describe('lambdalens cost --free-tier and provisioned concurrency', () => {
  /** The example month as it is, no provisioned concurrency anywhere. */
  let plainReport: CostReport;
  beforeAll(() => {
    const plain = cost(join(data, 'functions.json'));
    expect(plain.code).toBe(0);
    plainReport = JSON.parse(plain.stdout) as CostReport;
  });

  it('takes nothing off a function with provisioned concurrency, and says so', () => {
    const run = cost(configWith({ 'orders-api': 2 }));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    // orders-api is the one us-east-1 x86_64 function: that Region's free-tier line, its
    // whole on-demand cost (99.764 GB-s × $0.0000166667 + 743 × $0.0000002), is gone.
    const dropped = [
      `Lambda free tier, ${ACCOUNT}, us-east-1 x86_64`,
      '99.76 GB-s, 743 requests',
      '-0.0018113366588',
    ];
    expect(freeLines(plainReport)).toContainEqual(dropped);
    expect(freeLines(report)).toEqual(freeLines(plainReport).filter((l) => l[0] !== dropped[0]));
    expect(plainReport.exact.accountLines).toBe('-0.2126721419796747974395751953125');
    expect(report.exact.accountLines).toBe('-0.2108608053208747974395751953125');
    const message =
      `function "orders-api" (${ACCOUNT}, us-east-1 x86_64): its 743 request(s) and 99.76 GB-s on demand are left out ` +
      'of the Lambda free tier, which does not apply to functions with provisioned concurrency (provisioned concurrency of 2 environment(s) configured)';
    expect(report.freeTierExcluded).toEqual([
      {
        functionName: 'orders-api',
        accountId: '123456789012',
        region: 'us-east-1',
        architecture: 'x86_64',
        message,
      },
    ]);
    expect(run.stderr).toContain(`note: ${message}\n`);
    expect(plainReport.freeTierExcluded).toBeUndefined();
    // The table says it in its notes (not again on stderr), and prints no free-tier line for the Region.
    const table = cost(configWith({ 'orders-api': 2 }), ['--wide']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')).toContain(message);
    expect(table.stderr).not.toContain(message);
    expect(table.stdout).not.toContain(`Lambda free tier, ${ACCOUNT}, us-east-1 x86_64`);
  });

  it('keeps the free tier of the other functions of the same Region and architecture', () => {
    // payments-webhook and report-builder are the eu-south-1 x86_64 functions.
    const run = cost(configWith({ 'payments-webhook': 1 }));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    const line = (r: CostReport) =>
      freeLines(r).find((l) => l[0] === `Lambda free tier, ${ACCOUNT}, eu-south-1 x86_64`);
    // Both functions: 3,835.40 GB-s and 448 requests at eu-south-1's rates
    // ($0.0000195172 per GB-s, $0.00000023 per request).
    expect(line(plainReport)).toEqual([
      `Lambda free tier, ${ACCOUNT}, eu-south-1 x86_64`,
      '3835.40 GB-s, 448 requests',
      '-0.074959388168625',
    ]);
    // report-builder alone: 3,518.9810625 GB-s × $0.0000195172 + 74 × $0.00000023.
    expect(line(report)).toEqual([
      `Lambda free tier, ${ACCOUNT}, eu-south-1 x86_64`,
      '3518.98 GB-s, 74 requests',
      '-0.068697677193025',
    ]);
    expect(report.freeTierExcluded?.map((e) => e.functionName)).toEqual(['payments-webhook']);
  });
});
