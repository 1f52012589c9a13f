/**
 * The notes that explain a cost report's figures are in the report itself, in every form
 * someone reads: the table on stdout, the Markdown and the HTML report (a file, emailed or
 * pasted, read away from the run's stderr). Here: a function with provisioned concurrency
 * the free tier leaves out, and a configured function with no invocation. CSV rows stay as
 * they are (a data table carries no notes), and stderr says them where no report a person
 * reads on the spot does. The real CLI over the example month; the HTML in a real Chromium.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { wrap } from '../../pricing/render/format.ts';
import type { CostReport } from '../../pricing/report/types.ts';
import { runCli } from '../support/cli.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const data = join(root, 'examples', 'data');
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-notes-'));

/** The example functions.json with orders-api on provisioned concurrency, and one function never invoked. */
const config = join(dir, 'functions.json');
const examples = JSON.parse(readFileSync(join(data, 'functions.json'), 'utf8')) as {
  functions: Record<string, Record<string, unknown>>;
};
(examples.functions['orders-api'] as Record<string, unknown>).provisionedConcurrency = 2;
examples.functions['ghost-fn'] = { region: 'us-east-1', architecture: 'arm64' };
writeFileSync(config, JSON.stringify(examples));

const FREE_TIER =
  'function "orders-api" (account 123456789012, us-east-1 x86_64): its 743 request(s) and 99.76 GB-s on demand are left out ' +
  'of the Lambda free tier, which does not apply to functions with provisioned concurrency (provisioned concurrency of 2 environment(s) configured)';
const UNUSED = `${config}: no invocations in this report of configured function(s): ghost-fn`;

function cost(extra: string[]) {
  const run = runCli(
    ['cost', join(data, 'logs'), '--config', config, '--month', '2026-10', '--free-tier', ...extra],
    {},
  );
  expect(run.code, run.stderr).toBe(0);
  return run;
}

describe('lambdalens cost: the notes that explain the figures', () => {
  it('are in the table on stdout, folded to 120 columns, and not said again on stderr', () => {
    const run = cost([]);
    const lines = run.stdout.split('\n');
    const at = lines.indexOf(
      'function "orders-api" (account 123456789012, us-east-1 x86_64): its 743 request(s) and 99.76 GB-s on demand are left out',
    );
    // The config's path is this run's folder: its note folds where that length puts it.
    const unused = wrap(UNUSED, 120);
    expect(lines.slice(at, at + 3 + unused.length)).toEqual([
      'function "orders-api" (account 123456789012, us-east-1 x86_64): its 743 request(s) and 99.76 GB-s on demand are left out',
      '    of the Lambda free tier, which does not apply to functions with provisioned concurrency (provisioned concurrency of',
      '    2 environment(s) configured)',
      ...unused,
    ]);
    expect(unused.join(' ').replace(/ {5}/g, ' ')).toBe(UNUSED);
    expect(run.stderr).not.toContain('note: ');
  });

  it('are items of the Markdown report, on stdout and in a file', () => {
    const run = cost(['-o', 'md']);
    const items = run.stdout.split('\n').filter((l) => l === `- ${FREE_TIER}` || l === `- ${UNUSED}`);
    expect(items).toEqual([`- ${FREE_TIER}`, `- ${UNUSED}`]);
    expect(run.stderr).not.toContain('note: ');
    // Written to a file, the report holds them and stderr says them to whoever ran it.
    const out = join(dir, 'report.md');
    const file = cost(['--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(run.stdout);
    expect(file.stderr).toContain(`lambdalens: note: ${FREE_TIER}\nlambdalens: note: ${UNUSED}\n`);
  });

  it('are in the JSON, and on stderr beside it and beside the CSV, whose rows are unchanged', () => {
    const json = cost(['-o', 'json']);
    const report = JSON.parse(json.stdout) as CostReport;
    expect(report.freeTierExcluded?.map((e) => e.message)).toEqual([FREE_TIER]);
    expect(report.unusedConfig).toEqual({ config, functions: ['ghost-fn'], message: UNUSED });
    expect(json.stderr).toContain(`lambdalens: note: ${FREE_TIER}\nlambdalens: note: ${UNUSED}\n`);
    const csv = cost(['-o', 'csv']);
    expect(csv.stderr).toContain(`lambdalens: note: ${FREE_TIER}\nlambdalens: note: ${UNUSED}\n`);
    expect(csv.stdout).not.toContain('ghost-fn');
    expect(csv.stdout).not.toContain('left out of the Lambda free tier');
  });

  it('are visible in the HTML report a browser shows', async () => {
    const out = join(dir, 'report.html');
    const run = cost(['--out', out]);
    expect(run.stderr).toContain(`lambdalens: note: ${FREE_TIER}\nlambdalens: note: ${UNUSED}\n`);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`file://${out}`);
      for (const note of [FREE_TIER, UNUSED]) {
        const item = page.locator('li', { hasText: note });
        expect(await item.count(), note).toBe(1);
        expect(await item.textContent()).toBe(note);
        expect(await item.isVisible(), note).toBe(true);
      }
    } finally {
      await browser.close();
    }
  });
});
