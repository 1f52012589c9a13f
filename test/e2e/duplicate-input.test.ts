/**
 * The same export given twice (and a folder plus one of its files) counts once in `logs`,
 * `tail` and `cost`: the same invocations, the same money, and the number dropped said on
 * stderr. Without the check every count and every dollar doubled.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/live-cli.ts';

const logs = join(ROOT, 'examples', 'data', 'logs');
const config = join(ROOT, 'examples', 'data', 'functions.json');
const month = (
  JSON.parse(readFileSync(join(ROOT, 'examples', 'data', 'manifest.json'), 'utf8')) as { month: string }
).month;

describe('duplicate input', () => {
  it('logs, tail and cost count an export given twice once, and say how many events they dropped', () => {
    const orders = join(logs, 'orders-api.json');
    const once = runCli(['logs', orders, '-o', 'ndjson'], {});
    const twice = runCli(['logs', orders, orders, '-o', 'ndjson'], {});
    expect(once.code).toBe(0);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toBe(once.stdout);
    const events = (once.stdout.match(/"message"/g) ?? []).length;
    expect(events).toBeGreaterThan(1000);
    expect(twice.stderr).toMatch(
      /dropped [\d,]+ duplicate event\(s\) already read .*: [\d,]+ in .*orders-api\.json/,
    );

    // tail, when not a terminal, prints what logs prints.
    const tail = runCli(['tail', orders, orders, '-o', 'ndjson'], {});
    expect(tail.stdout).toBe(once.stdout);

    // A folder and one of its files again: the month's money, not more.
    const costOf = (inputs: string[]) => {
      const run = runCli(['cost', ...inputs, '--config', config, '--month', month, '--output', 'json'], {});
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { totalCostUsd: number; functions: { invocations: number }[] };
    };
    const month1 = costOf([logs]);
    const doubled = costOf([logs, orders]);
    expect(doubled.totalCostUsd).toBe(month1.totalCostUsd);
    expect(doubled.functions.map((f) => f.invocations)).toEqual(month1.functions.map((f) => f.invocations));
  }, 120_000);

  it('keeps a text copy concatenated to itself once, by stream, time and message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-dup-'));
    const copy = readFileSync(join(logs, 'image-resizer.log'), 'utf8');
    const doubled = join(dir, 'image-resizer.log');
    writeFileSync(doubled, copy + copy);
    const once = runCli(['logs', join(logs, 'image-resizer.log'), '-o', 'ndjson'], {});
    const twice = runCli(['logs', doubled, '-o', 'ndjson'], {});
    expect(twice.stdout).toBe(once.stdout);
    expect(twice.stderr).toContain('duplicate event(s) already read');
  }, 60_000);
});
