/**
 * Threads over many files: `lambdalens logs FILES --output ndjson`, `lambdalens cost
 * FILES --output json` and `lambdalens ship FILES --to -` with `--workers 2` beside the same
 * command with `--workers 1`, as whole processes (start-up included), in alternating order,
 * medians over the rounds.
 *
 * Inputs: 8 files of an `aws logs tail` text copy (the example data scaled up, each file
 * with streams and request IDs of its own), 8 files of REPORT lines, one per function, and
 * 8 days of one function's REPORT lines whose streams go on from one day into the next,
 * and 8 days of one function's full logs (START, a line, END, REPORT) whose streams do too:
 * those join, so the run reads on in one thread, and the figure to watch there is that two
 * threads take no longer than one. Each row's inputs are written just before it, settled,
 * and removed after it.
 * The check that both ways give the same result is in the tests; here output goes to
 * /dev/null and only the closing lines on stderr are compared, to be sure each run did the
 * whole work. Beside them, the machine's own ceiling:
 * two processes side by side on half the files each.
 *
 *   node --import tsx bench/workers.bench.ts [--lines 2000000] [--rounds 3]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BaseEvent, exampleEvents, reportLine, STREAM_TAIL, UUID_TAIL } from './example-events.ts';
import { median, settleFiles } from './measure.ts';

const FILES = 8;
const bin = fileURLToPath(new URL('../bin/lambdalens.mjs', import.meta.url));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function writeAll(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise<void>((r) => out.end(() => r()));
}

/** Text copies: file `f` holds copies of the example events tagged apart from every other file's. */
function* textCopy(base: BaseEvent[], file: number, lines: number): Generator<string> {
  let written = 0;
  for (let copy = 0; written < lines; copy++) {
    const tag = (file * 4096 + copy).toString(16).padStart(6, '0');
    for (const e of base) {
      if (written >= lines) return;
      const message = e.message.replace(UUID_TAIL, `$1${tag}${tag}`).replace(/\n$/, '');
      const stream = e.logStream.replace(STREAM_TAIL, `$1${tag}`);
      const ts = new Date(e.timestamp).toISOString().replace('Z', '000+00:00');
      const text = `${ts} ${stream} ${message}\n`;
      written += text.split('\n').length - 1;
      yield text;
    }
  }
}

/** REPORT lines of one function, as `cost.bench.ts` writes them. */
function* reportLines(file: number, lines: number): Generator<string> {
  const memory = 128 << (file % 4);
  for (let i = 0; i < lines; i++) {
    yield reportLine(file * lines + i, i, memory);
  }
}

/**
 * A day of one function's REPORT lines as `aws logs tail` prints them, file `f` being day
 * `f`: half of a day's streams go on from the day before, as environments live across
 * midnight, so every cut between files falls inside streams.
 */
function* dailyReports(file: number, lines: number): Generator<string> {
  const day = Date.UTC(2026, 9, 1 + file);
  for (let i = 0; i < lines; i++) {
    const time = new Date(day + Math.floor((i * 86_400_000) / lines)).toISOString().replace('Z', '000+00:00');
    const stream = `2026/10/01/[$LATEST]${(file * 32 + (i % 64)).toString(16).padStart(32, '0')}`;
    yield `${time} ${stream} ${reportLine(file * lines + i, i, 512)}`;
  }
}

/**
 * A day of one function's full logs as `aws logs tail` prints them, its streams going on
 * into the next day as `dailyReports`' do: a part that starts inside them joins the one
 * before (each invocation's lines are tagged with its request).
 */
function* dailyFullLogs(file: number, lines: number): Generator<string> {
  const day = Date.UTC(2026, 9, 1 + file);
  const invocations = Math.ceil(lines / 4);
  for (let i = 0; i < invocations; i++) {
    const t = day + Math.floor((i * 86_400_000) / invocations);
    const at = (ms: number) => new Date(t + ms).toISOString().replace('Z', '000+00:00');
    const stream = `2026/10/01/[$LATEST]${(file * 32 + (i % 64)).toString(16).padStart(32, '0')}`;
    const id = `00000000-0000-4000-8000-${(file * invocations + i).toString(16).padStart(12, '0')}`;
    yield `${at(0)} ${stream} START RequestId: ${id} Version: $LATEST\n`;
    yield `${at(5)} ${stream} ${new Date(t + 5).toISOString()}\t${id}\tINFO\thandled order ${i}\n`;
    yield `${at(20)} ${stream} END RequestId: ${id}\n`;
    yield `${at(20)} ${stream} ${reportLine(file * invocations + i, i, 512)}`;
  }
}

/**
 * The machine's own ceiling: two processes side by side, each with `--workers 1` on half the
 * files. Threads in one process cannot beat it (shared caches and memory bandwidth slow
 * both alike), so the speed-up is read against it as well.
 */
async function timeHalves(args: string[], files: string[]): Promise<number> {
  const half = Math.ceil(files.length / 2);
  const run = (part: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [bin, args[0] as string, ...part, ...args.slice(1), '--workers', '1'],
        {
          stdio: ['ignore', 'ignore', 'ignore'],
        },
      );
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
    });
  const t0 = process.hrtime.bigint();
  await Promise.all([run(files.slice(0, half)), run(files.slice(half))]);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** One run, its output to /dev/null as the halves' is; its closing lines on stderr are kept to compare. */
function timeRun(args: string[]): { seconds: number; stderr: string } {
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.status !== 0) throw new Error(`lambdalens ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { seconds, stderr: run.stderr };
}

/**
 * `files` go after the command, then its options. `closing` picks what of a run's stderr
 * must be the same every run (all of it, unless the command also reports its progress).
 */
async function compare(
  label: string,
  command: string,
  files: string[],
  options: string[],
  rounds: number,
  closing: (stderr: string) => string = (stderr) => stderr,
): Promise<void> {
  const one: number[] = [];
  const two: number[] = [];
  const halves: number[] = [];
  let said: string | null = null;
  for (let r = 0; r < rounds; r++) {
    // Alternating order: a machine that slows down during the run slows all alike.
    const order = r % 2 === 0 ? [1, 2, 0] : [0, 2, 1];
    for (const workers of order) {
      if (workers === 0) {
        halves.push(await timeHalves([command, ...options], files));
        continue;
      }
      const run = timeRun([command, ...files, ...options, '--workers', String(workers)]);
      // The closing summary (invocations by status, functions, span) must be the same every run.
      const closed = closing(run.stderr);
      if (said !== null && closed !== said) throw new Error(`${label}: runs said different things`);
      said = closed;
      (workers === 1 ? one : two).push(run.seconds);
    }
  }
  const ratios = one.map((t, i) => t / (two[i] as number));
  const ceiling = one.map((t, i) => t / (halves[i] as number));
  console.log(
    `${label.padEnd(22)} workers 1: ${median(one).toFixed(2)} s   workers 2: ${median(two).toFixed(2)} s   speed-up ×${(median(one) / median(two)).toFixed(2)} (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})   two processes on halves: ×${(median(one) / median(halves)).toFixed(2)} (${Math.min(...ceiling).toFixed(2)}–${Math.max(...ceiling).toFixed(2)})`,
  );
}

/**
 * One row's inputs, written just before the row and settled (on disk, read once). The rows'
 * inputs together (1.9 GB) did not all stay in this machine's page cache: written up front,
 * the first row (logs) read and spooled under that pressure and gave ×1.07 where the same
 * files alone gave ×1.41. Each row's are removed after it.
 */
async function inputs(
  dir: string,
  name: (file: number) => string,
  lines: (file: number) => Iterable<string>,
): Promise<string[]> {
  const files: string[] = [];
  for (let f = 0; f < FILES; f++) {
    const path = join(dir, name(f));
    await writeAll(path, lines(f));
    files.push(path);
  }
  await settleFiles(files);
  return files;
}

/** A day's file is named by its date, as a day's export would be. */
const day = (f: number) => `orders-api-2026-10-0${f + 1}.log`;

function removeAll(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}

async function main(): Promise<void> {
  const lines = arg('--lines', 2_000_000);
  const rounds = arg('--rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'workers-bench-'));
  try {
    const base = exampleEvents();
    const perFile = Math.ceil(lines / FILES);
    console.log(
      `${FILES} files each; ${lines.toLocaleString('en-US')} text lines, ${(lines * 2).toLocaleString('en-US')} REPORT lines, ${lines.toLocaleString('en-US')} daily REPORT lines, ${lines.toLocaleString('en-US')} lines of joined daily full logs; ${rounds} rounds`,
    );
    const textFiles = await inputs(
      dir,
      (f) => `copy-${f}.log`,
      (f) => textCopy(base, f, perFile),
    );
    await compare('logs --output ndjson', 'logs', textFiles, ['--output', 'ndjson'], rounds);
    // Documents of half the text files (building them costs about 4× printing), as NDJSON to
    // /dev/null: what a part leaves open is shipped after it, so only the counts must agree.
    const shipped = (stderr: string) => stderr.split('\n').find((l) => l.includes(' documents: ')) ?? '';
    await compare('ship --to -', 'ship', textFiles.slice(0, FILES / 2), ['--to', '-'], rounds, shipped);
    removeAll(textFiles);

    const costOptions = ['--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'];
    const reportFiles = await inputs(
      dir,
      (f) => `fn-${f}.log`,
      (f) => reportLines(f, perFile * 2),
    );
    await compare('cost --output json', 'cost', reportFiles, costOptions, rounds);
    removeAll(reportFiles);
    // One function's days, its streams crossing every cut: read apart only since a part of
    // nothing but REPORT lines holds no stream open (a join would make the runs differ).
    const dailyFiles = await inputs(dir, day, (f) => dailyReports(f, perFile));
    await compare('cost, one fn by day', 'cost', dailyFiles, costOptions, rounds);
    removeAll(dailyFiles);
    // Full daily logs join: two threads read on in one, and should take about what one takes.
    const withoutJoin = (stderr: string) =>
      stderr
        .split('\n')
        .filter((l) => !l.includes('continues from one part of the inputs into another'))
        .join('\n');
    const joinedFiles = await inputs(dir, day, (f) => dailyFullLogs(f, perFile));
    await compare('cost, joined days', 'cost', joinedFiles, costOptions, rounds, withoutJoin);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
