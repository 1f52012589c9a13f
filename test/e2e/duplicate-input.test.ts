/**
 * The same export given twice (and a folder plus one of its files) counts once in `logs`,
 * `tail` and `cost`: the same invocations, the same money, and the number dropped said on
 * stderr. Without the check every count and every dollar doubled. Identical lines of one
 * millisecond inside one copy (a loop logging the same message) are events of their own:
 * kept, and dropped only when another input holds them again.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ROOT } from '../support/live-cli.ts';

const logs = join(ROOT, 'examples', 'data', 'logs');
const config = join(ROOT, 'examples', 'data', 'functions.json');
const month = (
  JSON.parse(readFileSync(join(ROOT, 'examples', 'data', 'manifest.json'), 'utf8')) as { month: string }
).month;

const STREAM = '2026/03/02/[$LATEST]0a1b2c3d4e5f';
const RID = '11111111-2222-3333-4444-555555555555';
const T = Date.UTC(2026, 2, 2, 12, 0, 0, 100);
const tagged = (ms: number, text: string) => `${new Date(T + ms).toISOString()}\t${RID}\tINFO\t${text}`;

/** One request of 15 events; five messages logged twice in their millisecond (`console.log` in a loop). */
const TWINS = [
  { ms: 0, message: `START RequestId: ${RID} Version: $LATEST` },
  { ms: 1, message: tagged(1, 'loading config') },
  ...(
    [
      [5, 'retrying'],
      [7, 'processed item'],
      [7, 'flushed'],
      [9, 'cache miss'],
      [12, 'cache miss'],
    ] as const
  ).flatMap(([ms, text]) => [0, 1].map(() => ({ ms, message: tagged(ms, text) }))),
  { ms: 20, message: tagged(20, 'done') },
  { ms: 50, message: `END RequestId: ${RID}` },
  {
    ms: 50,
    message: `REPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  },
].map((e, i) => ({
  timestamp: T + e.ms,
  message: e.message,
  eventId: `395${'0'.repeat(51)}${String(i).padStart(2, '0')}`,
}));

/** `aws logs tail` text: event time, stream, message; no event IDs. */
function tailCopy(events: typeof TWINS): string {
  const time = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
  return events.map((e) => `${time(e.timestamp)} ${STREAM} ${e.message}\n`).join('');
}

/** `aws logs filter-log-events` JSON: the same events with their IDs. */
function filterLogEvents(events: typeof TWINS): string {
  const rows = events.map((e) => ({
    logStreamName: STREAM,
    timestamp: e.timestamp,
    message: `${e.message}\n`,
    eventId: e.eventId,
  }));
  return JSON.stringify({ events: rows, searchedLogStreams: [] });
}

describe('duplicate input', () => {
  it('logs, tail and cost count an export given twice once, and say how many events they dropped', () => {
    const orders = join(logs, 'orders-api.json');
    // Another copy of the export (the same file named twice is read once: see below).
    const copy = join(mkdtempSync(join(tmpdir(), 'lambdalens-export-copy-')), 'orders-api.json');
    writeFileSync(copy, readFileSync(orders));
    const once = runCli(['logs', orders, '-o', 'ndjson'], {});
    const twice = runCli(['logs', orders, copy, '-o', 'ndjson'], {});
    expect(once.code).toBe(0);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toBe(once.stdout);
    const events = (once.stdout.match(/"message"/g) ?? []).length;
    expect(events).toBe(4689);
    expect(twice.stderr).toContain(
      `lambdalens: dropped 4,689 duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): 4,689 in ${copy}\n`,
    );

    // tail, when not a terminal, prints what logs prints.
    const tail = runCli(['tail', orders, copy, '-o', 'ndjson'], {});
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

  it("counts a browser's second copy of an export, and a Logs Insights export of its REPORTs, once: on one thread and on two", () => {
    const orders = join(logs, 'orders-api.json');
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-copies-'));
    // `orders-api (1).json`: the function's records name it `orders-api`; the copy's name must too.
    const copy = join(dir, 'orders-api (1).json');
    writeFileSync(copy, readFileSync(orders));
    const once = runCli(['logs', orders, '-o', 'ndjson'], {});
    for (const workers of ['1', '2']) {
      const twice = runCli(['logs', orders, copy, '-o', 'ndjson', '--workers', workers], {});
      expect(twice.code).toBe(0);
      expect(twice.stdout, `--workers ${workers}`).toBe(once.stdout);
      expect(twice.stderr).toContain('lambdalens: dropped 4,689 duplicate event(s) already read');
    }
    // The REPORT rows of a Logs Insights query over the same group, as the console's CSV.
    const events = (
      JSON.parse(readFileSync(orders, 'utf8')) as {
        events: { timestamp: number; message: string; logStreamName: string }[];
      }
    ).events;
    const rows = events
      .filter((e) => e.message.startsWith('REPORT '))
      .map((e) => {
        const time = new Date(e.timestamp).toISOString().replace('T', ' ').replace('Z', '');
        return [time, e.message, e.logStreamName, '123456789012:/aws/lambda/orders-api']
          .map((v) => `"${v.replaceAll('"', '""')}"`)
          .join(',');
      });
    expect(rows).toHaveLength(743);
    const insights = join(dir, 'orders-insights.csv');
    writeFileSync(insights, `@timestamp,@message,@logStream,@log\n${rows.join('\n')}\n`);
    const priced = ['--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json'];
    for (const inputs of [
      [orders, insights],
      [insights, orders],
    ]) {
      const runs = ['1', '2'].map((workers) =>
        runCli(['cost', ...inputs, ...priced, '--workers', workers], {}),
      );
      for (const run of runs) {
        expect(run.code).toBe(0);
        expect(run.stderr).toContain('lambdalens: dropped 743 duplicate event(s) already read');
      }
      expect(runs[1]?.stdout, inputs.join(' ')).toBe(runs[0]?.stdout);
      const report = JSON.parse(runs[0]?.stdout ?? '') as {
        totals: { invocations: number; billedGbSeconds: number };
        notPriced: { reason: string; count: number }[];
      };
      // The 743 REPORTed requests and the 2 the export caught still running, each once.
      expect(report.totals.invocations, inputs.join(' ')).toBe(743);
      expect(report.totals.billedGbSeconds).toBe(99.764);
      expect(report.notPriced.map((n) => [n.reason, n.count])).toEqual([['incomplete', 2]]);
    }
  }, 120_000);

  it('reads a file named twice once, saying so: a text copy without times has nothing else to tell its copies by', () => {
    const base = join(ROOT, 'test', 'fixtures', 'local-inputs', 'two-invocations.log');
    const link = join(mkdtempSync(join(tmpdir(), 'lambdalens-named-twice-')), 'two-invocations.log');
    symlinkSync(base, link);
    const folder = mkdtempSync(join(tmpdir(), 'lambdalens-named-twice-'));
    const inside = join(folder, 'two-invocations.log');
    writeFileSync(inside, readFileSync(base));
    const ndjson = (stdout: string) => stdout.trim().split('\n');
    const once = runCli(['logs', base, '-o', 'ndjson'], {});
    expect(once.code).toBe(0);
    expect(ndjson(once.stdout)).toHaveLength(2);
    const twice = runCli(['logs', base, base, '-o', 'ndjson'], {});
    expect(twice.code).toBe(0);
    expect(twice.stdout).toBe(once.stdout);
    expect(twice.stderr).toBe(
      `lambdalens: ${base} given twice: read once\n` +
        'lambdalens: 2 invocations (2 success) from 1 function, 0 cold starts, 2026-10-01T10:00:00.100Z → 2026-10-01T10:00:01.100Z\n',
    );
    // Through a link, and a folder and a file in it.
    const linked = runCli(['logs', base, link, '-o', 'ndjson'], {});
    expect(linked.stdout).toBe(once.stdout);
    expect(linked.stderr).toContain(`lambdalens: ${link} is the same file as ${base}: read once\n`);
    const inFolder = runCli(['logs', folder, inside, '--workers', '2', '-o', 'ndjson'], {});
    expect(inFolder.stdout).toBe(once.stdout);
    expect(inFolder.stderr).toContain(`lambdalens: ${inside} given twice: read once\n`);

    const priced = ['--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json'];
    const costOf = (inputs: string[]) => {
      const run = runCli(['cost', ...inputs, ...priced], {});
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as { totalCostUsd: number; coverage: { invocations: number } };
    };
    const single = costOf([base]);
    const doubled = costOf([base, base]);
    expect(single.coverage.invocations).toBe(2);
    expect(doubled.coverage.invocations).toBe(2);
    expect(doubled.totalCostUsd).toBe(single.totalCostUsd);
  }, 60_000);

  it('counts events read with their IDs (and the newline CloudWatch keeps) and again from a text copy once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-ids-'));
    // One line of each millisecond and message: the copy tells its events apart by content.
    const events = TWINS.filter((e, i) => TWINS.findIndex((o) => o.message === e.message) === i);
    mkdirSync(join(dir, 'ids'));
    const withIds = join(dir, 'ids', 'orders-api.json');
    writeFileSync(withIds, filterLogEvents(events));
    const copy = join(dir, 'orders-api.log');
    writeFileSync(copy, tailCopy(events));
    const linesOf = (args: string[]) => {
      const run = runCli(['logs', ...args, '-o', 'ndjson'], {});
      expect(run.code).toBe(0);
      const invocations = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { lines: { timestamp: string; message: string }[] });
      return {
        lines: invocations.flatMap((i) => i.lines.map((l) => `${l.timestamp} ${l.message}`)),
        stderr: run.stderr,
      };
    };
    const both = linesOf([withIds, copy]);
    expect(both.lines).toEqual(events.map((e) => `${new Date(e.timestamp).toISOString()} ${e.message}`));
    expect(both.stderr).toContain(
      `dropped 10 duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): 10 in ${copy}`,
    );
  }, 60_000);

  it('keeps identical lines of one millisecond inside one copy, and drops them when the copy is read again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-twins-'));
    const write = (name: string, text: string) => {
      mkdirSync(join(dir, dirname(name)), { recursive: true });
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const linesOf = (args: string[]) => {
      const run = runCli(['logs', ...args, '-o', 'ndjson'], {});
      expect(run.code).toBe(0);
      const invocations = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { lines: { timestamp: string; message: string }[] });
      // Time and text: read with IDs, a line also carries its ID.
      const lines = invocations.flatMap((i) => i.lines.map((l) => `${l.timestamp} ${l.message}`));
      return { lines, stderr: run.stderr };
    };
    const shippedLines = (args: string[]) => {
      const out = join(dir, `shipped-${args.length}-${Math.random().toString(36).slice(2)}.ndjson`);
      const run = runCli(['ship', ...args, '--to', out], {});
      expect(run.code).toBe(0);
      return readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"doc":"line"')).length;
    };
    const dropped = (n: number, where: string) =>
      `dropped ${n} duplicate event(s) already read (same CloudWatch event ID, or same stream, time and message): ${n} in ${where}`;

    // One copy alone: every line of every pair is kept, by logs and by ship.
    const copy = write('copy/orders-api.log', tailCopy(TWINS));
    const alone = linesOf([copy]);
    expect(alone.lines).toHaveLength(15);
    expect(alone.lines).toEqual(TWINS.map((e) => `${new Date(e.timestamp).toISOString()} ${e.message}`));
    expect(alone.stderr).not.toContain('duplicate');
    expect(shippedLines([copy])).toBe(15);

    // The same copy twice: 15, not 30, and all 15 of the second said.
    const again = write('again/orders-api.log', tailCopy(TWINS));
    const twice = linesOf([copy, again]);
    expect(twice.lines).toEqual(alone.lines);
    expect(twice.stderr).toContain(dropped(15, again));
    expect(shippedLines([copy, again])).toBe(15);

    // Read first with event IDs, then without.
    const withIds = write('ids/orders-api.json', filterLogEvents(TWINS));
    const both = linesOf([withIds, copy]);
    expect(both.lines).toEqual(alone.lines);
    expect(both.stderr).toContain(dropped(15, copy));
    expect(shippedLines([withIds, copy])).toBe(15);

    // Two exports of overlapping times (both hold .107 to .109): the union, exactly.
    const early = write('early/orders-api.log', tailCopy(TWINS.filter((e) => e.timestamp <= T + 9)));
    const late = write('late/orders-api.log', tailCopy(TWINS.filter((e) => e.timestamp >= T + 7)));
    const union = linesOf([early, late]);
    expect(union.lines).toEqual(alone.lines);
    expect(union.stderr).toContain(dropped(6, late));
    expect(shippedLines([early, late])).toBe(15);
  }, 120_000);
});
