/**
 * `logs` and `cost` over many files read by several threads (`--workers`) give what one
 * thread gives: the same invocations, byte for byte, and the same report. When the parts
 * the files were split into share a log stream, or one part needs what another learned of
 * a log group, the inputs are read again by one thread, and the output is then exactly one
 * thread's, with nothing printed twice.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { ROOT, startCli } from '../support/live-cli.ts';
import {
  type AwsLogsEvent,
  byDay,
  midInvocation,
  ordersEvents,
  streamCutInTwo,
  taggedInputs,
  writeEvents,
} from '../support/split-inputs.ts';

const logs = join(ROOT, 'examples', 'data', 'logs');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const config = join(ROOT, 'examples', 'data', 'functions.json');
const month = (
  JSON.parse(readFileSync(join(ROOT, 'examples', 'data', 'manifest.json'), 'utf8')) as { month: string }
).month;
/** Said when the parts turn out to be joined: the first thread reads on, or all is read again. */
const SPLIT_AGAIN = /reading (the inputs again|the rest of the inputs) in one thread/;
const READ_ON = /; reading the rest of the inputs in one thread/;
const READ_AGAIN = /; reading the inputs again in one thread/;

function lambdalens(args: string[]): { stdout: string; stderr: string } {
  const run = runCli(args, {}, { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  return run;
}

/** The NDJSON lines of each function, in the order printed. */
function byFunction(ndjson: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of ndjson.split('\n')) {
    if (line === '') continue;
    const name = (JSON.parse(line) as { functionName: string | null }).functionName ?? '';
    out.set(name, [...(out.get(name) ?? []), line]);
  }
  return out;
}

describe('logs --workers', () => {
  it('prints the example month as one thread does: the same invocations, each function in the same order', () => {
    const one = lambdalens(['logs', logs, '--output', 'ndjson', '--workers', '1']);
    const two = lambdalens(['logs', logs, '--output', 'ndjson', '--workers', '2']);
    expect(two.stderr).not.toMatch(SPLIT_AGAIN);
    expect(two.stdout.split('\n')).toHaveLength(2163 + 1);
    // Byte for byte, as a whole…
    expect([...two.stdout.split('\n')].sort()).toEqual([...one.stdout.split('\n')].sort());
    // …and in order within every function (only where one function's part ends can the
    // order across functions differ: what a part leaves open follows that part).
    const a = byFunction(one.stdout);
    const b = byFunction(two.stdout);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, lines] of a) expect(b.get(name), name).toEqual(lines);
    // The closing summary counts the same.
    const summary = (s: string) => s.split('\n').find((l) => l.includes(' invocations ('));
    expect(summary(two.stderr)).toBe(summary(one.stderr));
    expect(summary(two.stderr)).toContain('2163 invocations');
  });

  it('the text output holds the same blocks', () => {
    const one = lambdalens(['logs', logs, '--workers', '1']);
    const two = lambdalens(['logs', logs, '--workers', '3']);
    expect(two.stderr).not.toMatch(SPLIT_AGAIN);
    expect(two.stdout.split('\n\n').sort()).toEqual(one.stdout.split('\n\n').sort());
  });

  it('a stream cut between two files: the first thread reads the second on, and prints it once, exactly', () => {
    const [a, b] = streamCutInTwo();
    const args = ['logs', a, b, '--function-name', 'orders-api', '--output', 'ndjson'];
    const one = lambdalens([...args, '--workers', '1']);
    const two = lambdalens([...args, '--workers', '2']);
    expect(two.stderr).toMatch(
      /log stream .* of orders-api continues from one part of the inputs into another/,
    );
    expect(two.stderr).toMatch(READ_ON);
    expect(two.stderr).not.toMatch(READ_AGAIN);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.split('\n')).toHaveLength(745 + 1);
    // The whole file, unsplit, gives the same invocations (one thread's sweep for streams that
    // ended mid-request counts from each file's start, so their order may differ).
    const whole = lambdalens(['logs', join(logs, 'orders-api.json'), '--output', 'ndjson', '--workers', '1']);
    expect(one.stdout.split('\n').sort()).toEqual(whole.stdout.split('\n').sort());
  });

  it('a group whose Region one part learned and another needs is read again by one thread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'workers-'));
    const events = ordersEvents();
    const streams = [...new Set(events.map((e) => e.logStreamName))];
    // The first file holds a stream from its start (INIT_START names the Region); the second,
    // another stream whose start the capture missed, so only its group tells its Region.
    const first = events.filter((e) => e.logStreamName === streams[0]);
    const second = events.filter(
      (e) => e.logStreamName === streams[1] && !e.message.startsWith('INIT_START'),
    );
    const a = writeEvents(dir, 'a.json', first);
    const b = writeEvents(dir, 'b.json', second);
    const args = ['logs', a, b, '--function-name', 'orders-api', '--output', 'ndjson'];
    const one = lambdalens([...args, '--workers', '1']);
    const lastOfSecond = one.stdout.trim().split('\n').at(-1) as string;
    expect(JSON.parse(lastOfSecond)).toMatchObject({ logStream: streams[1], region: 'us-east-1' });
    const two = lambdalens([...args, '--workers', '2']);
    expect(two.stderr).toMatch(
      /what log group orders-api is .* is learned in one part of the inputs and needed in another/,
    );
    expect(two.stderr).toMatch(READ_ON);
    expect(two.stdout).toBe(one.stdout);
  });

  it('at small bounds on open invocations and kept lines, prints what one thread prints', () => {
    // Files of many streams at once (copies of one function's download, each with its own
    // request IDs and streams, in time order), read with bounds so small that invocations
    // go early all the time, in every part and where one part ends and the next begins: one
    // thread lets the oldest go first, which are the earlier part's.
    const dir = mkdtempSync(join(tmpdir(), 'workers-bounds-'));
    const files: string[] = [];
    for (let file = 0; file < 4; file++) {
      const events: AwsLogsEvent[] = [];
      for (let copy = 0; copy < 5; copy++) {
        const tag = (file * 5 + copy).toString(16).padStart(6, '0');
        for (const e of ordersEvents()) {
          events.push({
            logStreamName: `${e.logStreamName}-${tag}`,
            timestamp: e.timestamp + copy,
            message: e.message.replace(
              /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)[0-9a-f]{6}/g,
              `$1${tag}`,
            ),
          });
        }
      }
      events.sort((x, y) => x.timestamp - y.timestamp);
      files.push(writeEvents(dir, `orders-${file}.json`, events));
    }
    const summary = (s: string) => s.split('\n').find((l) => l.includes(' invocations ('));
    const closedEarly = (s: string) => Number(/(\d+) invocations were closed early/.exec(s)?.[1] ?? 0);
    const bounds: [string, string[]][] = [
      ['4', []],
      ['2', ['--max-lines', '2']],
    ];
    for (const [maxOpen, more] of bounds) {
      const args = [
        'logs',
        ...files,
        '--function-name',
        'orders-api',
        '--output',
        'ndjson',
        '--max-open',
        maxOpen,
        ...more,
      ];
      const one = lambdalens([...args, '--workers', '1']);
      expect(closedEarly(one.stderr)).toBeGreaterThan(1000);
      for (const workers of [2, 3]) {
        const many = lambdalens([...args, '--workers', String(workers)]);
        expect(many.stderr).not.toMatch(SPLIT_AGAIN);
        expect(many.stdout.split('\n').sort()).toEqual(one.stdout.split('\n').sort());
        expect(summary(many.stderr)).toBe(summary(one.stderr));
        // What a run leaves open one thread closes at the bound while reading the next run:
        // the same invocations, at most --max-open of them per run after the first.
        const fewer = closedEarly(one.stderr) - closedEarly(many.stderr);
        expect(fewer).toBeGreaterThanOrEqual(0);
        expect(fewer).toBeLessThanOrEqual(Number(maxOpen) * (workers - 1));
      }
    }
  });

  it('daily copies of one function are named after it, on every thread', () => {
    const dir = mkdtempSync(join(tmpdir(), 'workers-daily-'));
    const files = [...byDay(ordersEvents())].map(([day, events]) =>
      writeEvents(dir, `orders-api-${day}.json`, events),
    );
    expect(files.length).toBe(12);
    const whole = lambdalens(['logs', join(logs, 'orders-api.json'), '--output', 'ndjson', '--workers', '1']);
    const one = lambdalens(['logs', ...files, '--output', 'ndjson', '--workers', '1']);
    const two = lambdalens(['logs', ...files, '--output', 'ndjson', '--workers', '2']);
    // One function, as in the whole export: the date in each file's name is not part of it.
    const names = new Set(
      one.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).functionName),
    );
    expect([...names]).toEqual(['orders-api']);
    expect(one.stdout.split('\n').sort()).toEqual(whole.stdout.split('\n').sort());
    expect(two.stdout.split('\n').sort()).toEqual(one.stdout.split('\n').sort());
  });

  it("cuts the threads' parts between two functions' files, not inside one function's", () => {
    // Each function's download in three files, each cut mid-invocation: its streams cross its own cuts.
    const dir = mkdtempSync(join(tmpdir(), 'workers-functions-'));
    const inThree = (name: string, events: AwsLogsEvent[]) => {
      const cuts = [
        0,
        midInvocation(events, events.length / 3),
        midInvocation(events, (events.length * 2) / 3),
      ];
      return cuts.map((from, k) =>
        writeEvents(dir, `${name}-${k + 1}.json`, events.slice(from, cuts[k + 1])),
      );
    };
    const payments = JSON.parse(readFileSync(join(logs, 'payments-webhook.json'), 'utf8')) as {
      events: AwsLogsEvent[];
    };
    // payments-webhook's files hold a third of the bytes: cut by bytes alone, the second
    // thread's part would start inside orders-api's files, and be read on by the first.
    const files = [...inThree('payments-webhook', payments.events), ...inThree('orders-api', ordersEvents())];
    const one = lambdalens(['logs', ...files, '--output', 'ndjson', '--workers', '1']);
    const two = lambdalens(['logs', ...files, '--output', 'ndjson', '--workers', '2']);
    expect(two.stderr).not.toMatch(SPLIT_AGAIN);
    expect(one.stdout.split('\n').sort()).toEqual(two.stdout.split('\n').sort());
    expect(byFunction(two.stdout)).toEqual(byFunction(one.stdout));
    // The files of one function, cut between threads, are joined: its requests cross the cuts.
    const inside = lambdalens(['logs', ...files.slice(3), '--output', 'ndjson', '--workers', '2']);
    expect(inside.stderr).toMatch(SPLIT_AGAIN);
  });

  it('a request left open in one file and named again in another is read again by one thread', () => {
    // Full logs, then an export of REPORT lines that names requests the first left open.
    const files = [join(FIXTURES, 'lambda-log-samples.txt'), join(FIXTURES, 'pricing-report-lines.txt')];
    const one = lambdalens(['logs', ...files, '--output', 'ndjson', '--workers', '1']);
    const two = lambdalens(['logs', ...files, '--output', 'ndjson', '--workers', '2']);
    // Only once the first part has closed what it left open is this seen: all is read again.
    expect(two.stderr).toMatch(
      /request .* is left open in one part of the inputs and named again in another/,
    );
    expect(two.stderr).toMatch(READ_AGAIN);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.trim().split('\n')).toHaveLength(33);
  });
  it('a slow reader of the output gets every line, and no warning of piled-up listeners', () => {
    // The other thread's spool is copied out a chunk at a time, waiting on the pipe each time.
    const { inputs } = taggedInputs('workers-slow-reader', 6);
    const bin = join(ROOT, 'bin', 'lambdalens.mjs');
    const slow = (workers: string) =>
      spawnSync(
        'sh',
        [
          '-c',
          `"${process.execPath}" "${bin}" logs ${inputs} --output ndjson --workers ${workers} | (sleep 2; cat)`,
        ],
        { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 },
      );
    const two = slow('2');
    expect(two.status, two.stderr).toBe(0);
    expect(two.stderr).not.toContain('MaxListenersExceededWarning');
    expect(two.stdout.length).toBeGreaterThan(16 << 20);
    // Every invocation once (where a part ends, the order across functions may differ).
    const sorted = (out: string) => out.split('\n').sort();
    expect(sorted(two.stdout)).toEqual(sorted(slow('1').stdout));
  });
});

/** `cost` of files of orders-api events, as JSON. */
const ordersCost = (files: string[]) => [
  'cost',
  ...files,
  '--function-name',
  'orders-api',
  '--config',
  config,
  '--month',
  month,
  '--output',
  'json',
];

/**
 * Days of one function's full logs, as `aws logs tail` copies them: each day's environments
 * (streams) go on from the day before, as they live across midnight, so every cut between
 * the days falls inside streams. Each day is longer than the first check of early-join.ts.
 */
function crossingDays(days: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'workers-days-'));
  const files: string[] = [];
  for (let d = 0; d < days; d++) {
    let text = '';
    for (let i = 0; i < 1500; i++) {
      const n = d * 1500 + i;
      const t = Date.UTC(2026, 9, 1 + d) + i * 57_000;
      const at = (ms: number) => new Date(t + ms).toISOString().replace('Z', '000+00:00');
      const stream = `2026/10/01/[$LATEST]${(d * 4 + (i % 8)).toString(16).padStart(32, '0')}`;
      const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
      text += `${at(0)} ${stream} START RequestId: ${id} Version: $LATEST\n`;
      text += `${at(3)} ${stream} ${new Date(t + 3).toISOString()}\t${id}\tINFO\torder ${n} handled\n`;
      text += `${at(9)} ${stream} END RequestId: ${id}\n`;
      text += `${at(9)} ${stream} REPORT RequestId: ${id}\tDuration: 8.50 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`;
    }
    const file = join(dir, `orders-api-2026-10-0${d + 1}.log`);
    writeFileSync(file, text);
    files.push(file);
  }
  return files;
}

describe("one function's days, its streams crossing every cut", () => {
  it('the thread after a cut sees the join early and stops; logs, cost and ship give what one thread gives', () => {
    // Two days a part: the second part's thread compares its first events with the second
    // day's streams, finds them going on, and stops; the first thread reads the rest on.
    const files = crossingDays(4);
    const logsOf = (workers: string) =>
      lambdalens(['logs', ...files, '--output', 'ndjson', '--workers', workers]);
    const one = logsOf('1');
    const two = logsOf('2');
    expect(two.stderr).toMatch(
      /log stream .* of orders-api continues from one part of the inputs into another/,
    );
    expect(two.stderr).toMatch(READ_ON);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.trim().split('\n')).toHaveLength(6000);

    const costOf = (workers: string) =>
      lambdalens([
        'cost',
        ...files,
        '--arch',
        'arm64',
        '--region',
        'eu-west-1',
        '--output',
        'json',
        '--workers',
        workers,
      ]);
    const costTwo = costOf('2');
    expect(costTwo.stderr).toMatch(READ_ON);
    expect(costTwo.stdout).toBe(costOf('1').stdout);
    expect((JSON.parse(costTwo.stdout) as { totals: { invocations: number } }).totals.invocations).toBe(6000);

    const dir = mkdtempSync(join(tmpdir(), 'workers-days-ship-'));
    const shipTo = (workers: string) => {
      const to = join(dir, `${workers}.ndjson`);
      lambdalens(['ship', ...files, '--to', to, '--workers', workers]);
      return readFileSync(to, 'utf8').replace(/"ingested":"[^"]*",/g, '');
    };
    const shippedOne = shipTo('1');
    expect(shipTo('2')).toBe(shippedOne);
    // A line and an invocation document for each of the 6,000 invocations' four lines.
    expect(shippedOne.trim().split('\n')).toHaveLength(6000 * 4 + 6000);
  });
});

describe('cost --workers', () => {
  it('reports the example month exactly as one thread does', () => {
    const args = ['cost', logs, '--config', config, '--month', month, '--output', 'json'];
    const one = lambdalens([...args, '--workers', '1']);
    const two = lambdalens([...args, '--workers', '2']);
    const four = lambdalens([...args, '--workers', '4']);
    expect(two.stderr).not.toMatch(SPLIT_AGAIN);
    expect(two.stdout).toBe(one.stdout);
    expect(four.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout) as { totals: { invocations: number } };
    expect(report.totals.invocations).toBeGreaterThan(2000);
  });

  it("more threads than twice the cores are not started, and that is said once; the report is one thread's", () => {
    const cores = availableParallelism();
    const dir = mkdtempSync(join(tmpdir(), 'workers-capped-'));
    const files: string[] = [];
    for (let i = 0; i < 2 * cores + 1; i++) {
      const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
      const file = join(dir, `function-${String.fromCharCode(97 + (i % 26))}${i}.log`);
      writeFileSync(
        file,
        `START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\n` +
          `REPORT RequestId: ${id}\tDuration: 8.50 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`,
      );
      files.push(file);
    }
    const args = ['cost', ...files, '--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'];
    const many = lambdalens([...args, '--workers', '1000']);
    const note = `lambdalens: note: --workers 1000 is more than ${cores} core(s) can use; reading with ${2 * cores} threads`;
    expect(many.stderr.split('\n').filter((l) => l.startsWith('lambdalens: note: --workers'))).toEqual([
      note,
    ]);
    expect(many.stderr).not.toContain('MaxListenersExceededWarning');
    expect(many.stdout).toBe(lambdalens([...args, '--workers', '1']).stdout);
    // As many threads as the cores allow, or fewer files than that: nothing to say.
    expect(lambdalens([...args, '--workers', String(2 * cores)]).stderr).not.toContain('--workers');
    expect(
      lambdalens(['cost', ...files.slice(0, 2), ...args.slice(-6), '--workers', '1000']).stderr,
    ).not.toContain('--workers');
  });

  it('REPORT lines naming requests an earlier part left open: found across threads, read again, the same cost', () => {
    // The second part is REPORT lines alone, each hashed once as it is read (on the other
    // thread, with the run's seed) and compared with what the first part left open.
    const files = [join(FIXTURES, 'lambda-log-samples.txt'), join(FIXTURES, 'pricing-report-lines.txt')];
    const args = ['cost', ...files, '--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'];
    const one = lambdalens([...args, '--workers', '1']);
    const two = lambdalens([...args, '--workers', '2']);
    expect(two.stderr).toMatch(
      /request .* is left open in one part of the inputs and named again in another/,
    );
    expect(two.stderr).toMatch(READ_AGAIN);
    expect(two.stdout).toBe(one.stdout);
  });

  it('a stream cut between two files costs the same, read again by one thread', () => {
    const args = ordersCost(streamCutInTwo());
    const one = lambdalens([...args, '--workers', '1']);
    const two = lambdalens([...args, '--workers', '2']);
    expect(two.stderr).toMatch(READ_ON);
    expect(two.stdout).toBe(one.stdout);
  });

  it('exports of REPORT lines, a stream going on across every cut, are read apart and cost the same', () => {
    const reports = ordersEvents().filter((e) => e.message.startsWith('REPORT '));
    const dir = mkdtempSync(join(tmpdir(), 'workers-reports-'));
    // Six files, each cut where the REPORT before and the one after are of one stream.
    const cuts = [1, 2, 3, 4, 5].map((k) =>
      reports.findIndex(
        (e, i) => i > (reports.length * k) / 6 && e.logStreamName === reports[i - 1]?.logStreamName,
      ),
    );
    expect(cuts.every((c, k) => c > (cuts[k - 1] ?? 0))).toBe(true);
    const files = [0, ...cuts].map((from, k) =>
      writeEvents(dir, `orders-api-reports-${k + 1}.json`, reports.slice(from, cuts[k])),
    );
    const one = lambdalens([...ordersCost(files), '--workers', '1']);
    const two = lambdalens([...ordersCost(files), '--workers', '2']);
    const three = lambdalens([...ordersCost(files), '--workers', '3']);
    expect(two.stderr).not.toMatch(SPLIT_AGAIN);
    expect(three.stderr).not.toMatch(SPLIT_AGAIN);
    expect(two.stdout).toBe(one.stdout);
    expect(three.stdout).toBe(one.stdout);
    const logsOf = (workers: string) =>
      lambdalens(['logs', ...files, '--function-name', 'orders-api', '-o', 'ndjson', '--workers', workers]);
    const printed = logsOf('1').stdout;
    expect(byFunction(logsOf('3').stdout)).toEqual(byFunction(printed));
    expect(printed.trim().split('\n')).toHaveLength(reports.length);
  });

  it('exports of REPORT lines that overlap in time are read by one thread, their repeats dropped', () => {
    // One stream's REPORTs a second apart, in two exports; the second repeats 100 of the
    // first's early ones. Those the first had let go of (16 minutes of event time, swept
    // every 4,096 events) before its end: only their times tell that they come again.
    const start = Date.UTC(2026, 9, 5);
    const reports: AwsLogsEvent[] = Array.from({ length: 9000 }, (_, i) => ({
      logStreamName: '2026/10/05/[$LATEST]0123456789abcdef0123456789abcdef',
      timestamp: start + i * 1000,
      message: `REPORT RequestId: 00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}\tDuration: ${1 + (i % 300)}.25 ms\tBilled Duration: ${2 + (i % 300)} ms\tMemory Size: 512 MB\tMax Memory Used: 90 MB\t\n`,
    }));
    const dir = mkdtempSync(join(tmpdir(), 'workers-overlap-'));
    const files = [
      writeEvents(dir, 'orders-api-1.json', reports.slice(0, 6000)),
      writeEvents(dir, 'orders-api-2.json', [...reports.slice(1000, 1100), ...reports.slice(6000)]),
    ];
    const one = lambdalens([...ordersCost(files), '--workers', '1']);
    const two = lambdalens([...ordersCost(files), '--workers', '2']);
    expect(one.stderr).toMatch(/dropped 100 duplicate event\(s\)/);
    expect(two.stderr).toMatch(/dropped 100 duplicate event\(s\)/);
    expect(two.stderr).toMatch(/log stream .* continues from one part of the inputs into another/);
    expect(two.stdout).toBe(one.stdout);
    expect((JSON.parse(two.stdout) as { totals: { invocations: number } }).totals.invocations).toBe(9000);
  });

  it('REPORT lines, then the full logs of the same streams, give what one thread gives', () => {
    const events = ordersEvents();
    const half = events[Math.floor(events.length / 2)] as AwsLogsEvent;
    const dir = mkdtempSync(join(tmpdir(), 'workers-mixed-'));
    // The first half of the month as its REPORTs alone, the second as the whole download.
    const reports = events.filter((e) => e.timestamp < half.timestamp && e.message.startsWith('REPORT '));
    const rest = events.filter((e) => e.timestamp >= half.timestamp);
    const files = [
      writeEvents(dir, 'orders-api-1.json', reports.slice(0, reports.length / 2)),
      writeEvents(dir, 'orders-api-2.json', reports.slice(reports.length / 2)),
      writeEvents(dir, 'orders-api-3.json', rest.slice(0, rest.length / 2)),
      writeEvents(dir, 'orders-api-4.json', rest.slice(rest.length / 2)),
    ];
    for (const workers of ['2', '3', '4']) {
      expect(lambdalens([...ordersCost(files), '--workers', workers]).stdout).toBe(
        lambdalens([...ordersCost(files), '--workers', '1']).stdout,
      );
      const logsOf = (n: string) =>
        lambdalens(['logs', ...files, '--function-name', 'orders-api', '-o', 'ndjson', '--workers', n])
          .stdout;
      expect(byFunction(logsOf(workers))).toEqual(byFunction(logsOf('1')));
    }
  });

  it('the same events in two parts, and parts joined past the first, give what one thread gives', () => {
    // Three parts: the first ends with 40 events the second starts with again (the same export
    // twice over), which one thread drops as duplicates; the second and third share streams.
    const dir = mkdtempSync(join(tmpdir(), 'workers-'));
    const events = ordersEvents();
    const streams = [...new Set(events.map((e) => e.logStreamName))];
    const alone = events.filter((e) => e.logStreamName === streams[0]);
    const rest = events.filter((e) => e.logStreamName !== streams[0]);
    const cut = Math.floor(rest.length / 2);
    const files = [
      writeEvents(dir, 'a.json', [...alone, ...rest.slice(0, 40)]),
      writeEvents(dir, 'b.json', rest.slice(0, cut)),
      writeEvents(dir, 'c.json', rest.slice(cut)),
    ];
    for (const command of ['cost', 'logs']) {
      const args =
        command === 'cost'
          ? ordersCost(files)
          : ['logs', ...files, '--function-name', 'orders-api', '-o', 'ndjson'];
      const one = lambdalens([...args, '--workers', '1']);
      const three = lambdalens([...args, '--workers', '3']);
      expect(one.stderr).toMatch(/dropped 40 duplicate event\(s\)/);
      expect(three.stderr).toMatch(/dropped 40 duplicate event\(s\)/);
      expect(three.stderr).toMatch(READ_ON);
      expect(three.stdout).toBe(one.stdout);
    }
  });
});

describe('a stop while several threads read', () => {
  it('prints every invocation read once and whole, its summary counting them, exits 0 and leaves no files', async () => {
    // Enough for the threads to be reading when the stop comes.
    const { inputs, scratch } = taggedInputs('workers-stop', 6);
    const run = startCli(['logs', inputs, '--output', 'ndjson', '--workers', '2'], { TMPDIR: scratch });
    try {
      await run.waitForLine((l) => l.startsWith('{'), 60_000);
      run.child.kill('SIGTERM');
      const exit = await run.exited;
      expect(exit.code, run.stderr.map((l) => l.text).join('\n')).toBe(0);
      const printed = run.stdout.map((l) => JSON.parse(l.text) as { requestId: string });
      const ids = printed.map((p) => p.requestId);
      expect(new Set(ids).size).toBe(ids.length);
      const summary = run.stderr.map((l) => l.text).find((l) => / invocations? \(/.test(l)) ?? '';
      expect(summary).toContain(`${printed.length} invocation`);
      // The thread's spool files are gone with the run.
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      run.kill();
    }
  });
});
