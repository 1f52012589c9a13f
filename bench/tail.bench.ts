/**
 * `lambdalens tail` under load, in a real terminal. A generator writes NDJSON log events
 * (five per invocation: START, two lines, END, REPORT) at a fixed rate into a FIFO; the
 * tail reads it as stdin in tmux (160x45, TERM=xterm-256color). Measured from outside:
 *
 * - events processed (the status bar's count against what was written) and the tail's lag
 *   (the status bar: now − event time);
 * - START written → its row on screen (capture-pane, every screen captured is searched);
 * - keys answered: `f` opens the filter prompt and Esc closes it, timed from send-keys to
 *   the screen showing the change, while the input runs;
 * - CPU and peak RSS of the tail process (/proc).
 *
 * Baseline, in the same run and from the same generator: `lambdalens logs -` printing
 * NDJSON to /dev/null (the same reader and correlator without a screen), for the CPU and
 * memory a screen costs on top of reading.
 *
 *   node --import tsx bench/tail.bench.ts [--seconds 60] [--rate 20000] [--baseline-seconds 20]
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TMUX = '/usr/bin/tmux';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'lambdalens.mjs');

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const seconds = arg('seconds', 60);
const rate = arg('rate', 20_000);
const baselineSeconds = arg('baseline-seconds', 20);
const EVENTS_PER_INVOCATION = 5;
const FUNCTIONS = ['orders', 'billing', 'reports', 'search'];
const session = `lambdalens-bench-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-bench-'));

const tmux = (...args: string[]): string =>
  execFileSync(TMUX, ['-L', session, '-f', '/dev/null', ...args], { encoding: 'utf8' });
const capture = async (): Promise<string> =>
  (
    await run(TMUX, ['-L', session, '-f', '/dev/null', 'capture-pane', '-p', '-t', session], {
      encoding: 'utf8',
    })
  ).stdout;

/** Request ID carrying the invocation's sequence number in its first 8 hex digits. */
const requestIdOf = (seq: number): string =>
  `${seq.toString(16).padStart(8, '0')}-be0c-4000-8000-00000000b001`;

function eventsOf(seq: number, now: number): string {
  const fn = FUNCTIONS[seq % FUNCTIONS.length] ?? 'orders';
  const id = requestIdOf(seq);
  const group = `/aws/lambda/${fn}`;
  const stream = `2026/01/01/[$LATEST]${fn}`;
  const iso = new Date(now).toISOString();
  const duration = 20 + (seq % 300);
  const messages = [
    `START RequestId: ${id} Version: $LATEST\n`,
    `${iso}\t${id}\tINFO\tprocessing order ${seq}\n`,
    `${iso}\t${id}\tINFO\t{"seq":${seq},"items":${seq % 7},"customer":"c-${seq % 1000}"}\n`,
    `END RequestId: ${id}\n`,
    `REPORT RequestId: ${id}\tDuration: ${duration}.25 ms\tBilled Duration: ${duration + 1} ms\tMemory Size: 256 MB\tMax Memory Used: 88 MB\t\n`,
  ];
  let out = '';
  for (const message of messages)
    out += `${JSON.stringify({ timestamp: now, message, logGroup: group, logStream: stream })}\n`;
  return out;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function statusKb(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Generator {
  sent(): number;
  sentAt: number[];
  done: Promise<number>;
}

/** Writes `rate` events/s into `fifo` for `secs` seconds, evenly in 10 ms steps. */
async function generate(fifo: string, secs: number): Promise<Generator> {
  const writer = await open(fifo, 'w');
  const sentAt: number[] = [];
  let sent = 0;
  const done = (async () => {
    const start = Date.now();
    const end = start + secs * 1000;
    let seq = 0;
    while (Date.now() < end) {
      const due = Math.floor(((Date.now() - start) / 1000) * rate);
      let chunk = '';
      let n = 0;
      while (sent + n + EVENTS_PER_INVOCATION <= due) {
        const now = Date.now();
        sentAt[seq] = now;
        chunk += eventsOf(seq, now);
        seq++;
        n += EVENTS_PER_INVOCATION;
      }
      if (n > 0) {
        await writer.write(chunk);
        sent += n;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await writer.close();
    return (Date.now() - start) / 1000;
  })();
  return { sent: () => sent, sentAt, done };
}

async function main(): Promise<void> {
  const fifo = join(dir, 'events.fifo');
  execFileSync('mkfifo', [fifo]);
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '160',
    '-y',
    '45',
    '-c',
    root,
    `exec env TERM=xterm-256color ${process.execPath} ${bin} tail --max-invocations 2000 - < ${fifo}`,
  );
  const pid = Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim());
  const gen = await generate(fifo, seconds);
  const seen = new Set<number>();
  const delays: number[] = [];
  const lags: number[] = [];
  const rss: number[] = [];
  let processed = 0;
  let maxBacklog = 0;
  /** Captures the screen and records every row and figure on it. */
  const look = async (): Promise<{ screen: string; at: number }> => {
    const screen = await capture();
    const at = Date.now();
    for (const m of screen.matchAll(/([0-9a-f]{8})-be0c-4000-8000-00000000b001/g)) {
      const seq = Number.parseInt(m[1] ?? '', 16);
      const sent = gen.sentAt[seq];
      if (seen.has(seq) || sent === undefined) continue;
      seen.add(seq);
      delays.push(at - sent);
    }
    const events = /(\d+) events · lag/.exec(screen);
    if (events) {
      processed = Number(events[1]);
      maxBacklog = Math.max(maxBacklog, gen.sent() - processed);
    }
    const lag = /lag (\d+(?:\.\d+)?) (ms|s)\b/.exec(screen);
    if (lag) lags.push(Number(lag[1]) * (lag[2] === 's' ? 1000 : 1));
    return { screen, at };
  };
  /**
   * When (epoch ms) a capture first showed what `predicate` wants. Captures are spaced
   * `everyMs`: tmux draws what the tail writes, and a tmux kept busy answering captures
   * would slow the tail's own (synchronous) terminal writes.
   */
  const waitScreen = async (
    predicate: (s: string) => boolean,
    timeoutMs: number,
    everyMs = 10,
  ): Promise<number> => {
    const start = Date.now();
    for (;;) {
      const { screen, at } = await look();
      if (predicate(screen)) return at;
      if (Date.now() - start > timeoutMs) throw new Error(`screen never matched:\n${screen}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  /** From just before the key is sent to the first capture showing its effect. */
  const pressAndTime = async (key: string, effect: (s: string) => boolean): Promise<number> => {
    const before = Date.now();
    tmux('send-keys', '-t', session, key);
    return (await waitScreen(effect, 10_000)) - before;
  };
  await waitScreen((s) => s.includes('lambdalens tail'), 30_000);
  const cpuStart = cpuTicks(pid);
  const startedAt = Date.now();
  const keyDelays: number[] = [];
  const footer = (s: string): string => s.trimEnd().split('\n').at(-1) ?? '';
  let generating = true;
  void gen.done.then(() => {
    generating = false;
  });
  while (generating) {
    keyDelays.push(await pressAndTime('f', (s) => footer(s).startsWith('filter:')));
    await new Promise((r) => setTimeout(r, 150));
    keyDelays.push(await pressAndTime('Escape', (s) => !footer(s).startsWith('filter:')));
    rss.push(Math.round(statusKb(pid, 'VmRSS') / 1024));
    const idle = Date.now() + 300;
    while (Date.now() < idle) {
      await look();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const genSeconds = await gen.done;
  const sent = gen.sent();
  await waitScreen((s) => /(\d+) events · lag/.exec(s)?.[1] === String(sent), 30_000, 50).catch(() => 0);
  const drained = (Date.now() - startedAt) / 1000;
  const cpuSeconds = (cpuTicks(pid) - cpuStart) / 100;
  const peakRssMb = Math.round(statusKb(pid, 'VmHWM') / 1024);
  const final = await capture();
  const dropped = Number(/dropped (\d+)/.exec(final)?.[1] ?? Number.NaN);
  try {
    tmux('send-keys', '-t', session, 'q');
    await new Promise((r) => setTimeout(r, 500));
    tmux('kill-server');
  } catch {
    // it quit on q
  }

  const base = await measureBaseline();
  rmSync(dir, { recursive: true, force: true });

  const tuiCpu = Math.round((cpuSeconds / drained) * 100);
  const result = {
    seconds: Number(genSeconds.toFixed(1)),
    targetRate: rate,
    sent,
    processed,
    processedPerSecond: Math.round(processed / genSeconds),
    drainedAfterSeconds: Number((drained - genSeconds).toFixed(2)),
    maxBacklogEvents: maxBacklog,
    lagMs: { samples: lags.length, p95: percentile(lags, 95), max: Math.max(...lags) },
    rowDelayMs: {
      samples: delays.length,
      p50: percentile(delays, 50),
      p95: percentile(delays, 95),
      max: Math.max(...delays),
    },
    keyMs: {
      samples: keyDelays.length,
      p50: percentile(keyDelays, 50),
      p95: percentile(keyDelays, 95),
      max: Math.max(...keyDelays),
    },
    cpuPercent: tuiCpu,
    peakRssMb,
    rssMbOverTime: rss.filter((_, i) => i % 10 === 0),
    invocationsDroppedFromRing: dropped,
    baseline: base,
    ratios: {
      cpu: Number((tuiCpu / base.cpuPercent).toFixed(2)),
      peakRss: Number((peakRssMb / base.peakRssMb).toFixed(2)),
    },
  };
  const ok =
    processed === sent &&
    result.lagMs.p95 < 1000 &&
    result.rowDelayMs.p95 < 150 &&
    peakRssMb < 300 &&
    result.keyMs.p95 < 100;
  console.log(`tail bench: ${rate} events/s for ${seconds} s into the TUI in tmux (160x45)`);
  console.log(
    `  sent ${sent} events, processed ${processed} (${result.processedPerSecond}/s), backlog max ${maxBacklog}, drained ${result.drainedAfterSeconds}s after the generator stopped`,
  );
  console.log(
    `  lag (status bar): p95 ${result.lagMs.p95} ms, max ${result.lagMs.max} ms (${lags.length} samples)`,
  );
  console.log(
    `  START written → row on screen: p50 ${result.rowDelayMs.p50} ms, p95 ${result.rowDelayMs.p95} ms, max ${result.rowDelayMs.max} ms (${delays.length} rows sampled)`,
  );
  console.log(
    `  keys (f, Esc) → screen: p50 ${result.keyMs.p50} ms, p95 ${result.keyMs.p95} ms, max ${result.keyMs.max} ms (${keyDelays.length} presses)`,
  );
  console.log(
    `  CPU ${tuiCpu}% of one core, peak RSS ${peakRssMb} MB (over time ${result.rssMbOverTime.join(' → ')} MB), ${dropped} invocations left the 2,000-row ring`,
  );
  console.log(
    `  baseline (logs - to /dev/null, same generator, ${baselineSeconds} s): CPU ${base.cpuPercent}%, peak RSS ${base.peakRssMb} MB, ${base.printed} of ${base.invocations} invocations printed; TUI/baseline: CPU ×${result.ratios.cpu}, RSS ×${result.ratios.peakRss}`,
  );
  console.log(
    `  targets (all events, lag p95 < 1 s, row p95 < 150 ms, RSS < 300 MB, keys p95 < 100 ms): ${ok ? 'met' : 'NOT met'}`,
  );
  console.log(JSON.stringify(result));
  if (!ok) process.exitCode = 1;
}

/** The same generator into `logs -` printing NDJSON to /dev/null, for CPU and memory. */
async function measureBaseline(): Promise<{
  cpuPercent: number;
  peakRssMb: number;
  printed: number;
  invocations: number;
}> {
  const fifo = join(dir, 'baseline.fifo');
  execFileSync('mkfifo', [fifo]);
  const out = join(dir, 'baseline.ndjson');
  const child = spawn(
    '/bin/sh',
    ['-c', `exec ${process.execPath} ${bin} logs - --output ndjson < ${fifo} > ${out}`],
    {
      stdio: 'ignore',
      cwd: root,
    },
  );
  const gen = await generate(fifo, baselineSeconds);
  const pid = child.pid ?? 0;
  await new Promise((r) => setTimeout(r, 200));
  const cpuStart = cpuTicks(pid);
  const start = Date.now();
  let peakKb = 0;
  const sampling = setInterval(() => {
    try {
      // A process that exited but is not yet reaped has a status without VmHWM (NaN), which
      // Math.max would keep for good: only a figure read counts.
      const kb = statusKb(pid, 'VmHWM');
      if (kb > peakKb) peakKb = kb;
    } catch {
      // exited
    }
  }, 200);
  let cpuEnd = cpuStart;
  const ticking = setInterval(() => {
    try {
      cpuEnd = cpuTicks(pid);
    } catch {
      // exited
    }
  }, 100);
  await gen.done;
  await new Promise((r) => child.on('exit', r));
  clearInterval(sampling);
  clearInterval(ticking);
  const secs = (Date.now() - start) / 1000;
  const printed = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
  return {
    cpuPercent: Math.round(((cpuEnd - cpuStart) / 100 / secs) * 100),
    peakRssMb: Math.round(peakKb / 1024),
    printed,
    invocations: gen.sent() / EVENTS_PER_INVOCATION,
  };
}

await main().catch((error: unknown) => {
  try {
    tmux('kill-server');
  } catch {
    // not started
  }
  rmSync(dir, { recursive: true, force: true });
  console.error(error);
  process.exitCode = 1;
});
