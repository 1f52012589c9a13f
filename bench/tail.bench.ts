/**
 * `lambdalens tail` under load, in a real terminal: a generator writes NDJSON log events
 * at a fixed rate into the UI's stdin (a FIFO) while it runs in tmux, and this measures
 * events processed per second, the delay from an invocation's START written to its row on
 * screen (capture-pane polling), CPU and peak memory of the UI process (/proc).
 *
 *   node --import tsx bench/tail.bench.ts [--seconds 60] [--rate 5000]
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TMUX = '/usr/bin/tmux';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const seconds = arg('seconds', 60);
const rate = arg('rate', 5000);
const EVENTS_PER_INVOCATION = 5;
const FUNCTIONS = ['orders', 'billing', 'reports', 'search'];
const session = `lambdalens-bench-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-bench-'));
const fifo = join(dir, 'events.fifo');

const tmux = (...args: string[]): string =>
  execFileSync(TMUX, ['-f', '/dev/null', ...args], { encoding: 'utf8' });
const capture = async (): Promise<string> =>
  (await run(TMUX, ['-f', '/dev/null', 'capture-pane', '-p', '-t', session], { encoding: 'utf8' })).stdout;

/** Request ID carrying the invocation's sequence number in its first 8 hex digits. */
const requestIdOf = (seq: number): string =>
  `${seq.toString(16).padStart(8, '0')}-be0c-4000-8000-00000000b001`;

function eventsOf(seq: number, now: number): string[] {
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
  return messages.map((message) =>
    JSON.stringify({ timestamp: now, message, logGroup: group, logStream: stream }),
  );
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

const eventsOnScreen = (screen: string): number | null => {
  const m = /(\d+) events · lag/.exec(screen);
  return m ? Number(m[1]) : null;
};

async function waitForScreen(predicate: (s: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await capture();
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tail never showed the expected screen:\n${last}`);
}

async function main(): Promise<void> {
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
    `exec node bin/lambdalens.mjs tail --max-invocations 2000 - < ${fifo}`,
  );
  const pid = Number(tmux('list-panes', '-t', session, '-F', '#{pane_pid}').trim());
  const writer = await open(fifo, 'w');
  await waitForScreen((s) => s.includes('Waiting for invocations'), 30_000);

  const sentAt: number[] = [];
  const delays: number[] = [];
  const seen = new Set<number>();
  let sent = 0;
  let maxBacklog = 0;
  let polls = 0;
  const rssSamples: number[] = [];
  const cpuStart = cpuTicks(pid);
  const start = Date.now();
  const end = start + seconds * 1000;

  let polling = true;
  const poller = (async () => {
    while (polling) {
      const screen = await capture();
      const t = Date.now();
      polls++;
      for (const m of screen.matchAll(/([0-9a-f]{8})-be0c-4000-8000-00000000b001/g)) {
        const seq = Number.parseInt(m[1] ?? '', 16);
        const at = sentAt[seq];
        if (seen.has(seq) || at === undefined) continue;
        seen.add(seq);
        delays.push(t - at);
      }
      if (polls % 40 === 0) rssSamples.push(Math.round(statusKb(pid, 'VmRSS') / 1024));
      const shown = eventsOnScreen(screen);
      if (shown !== null) maxBacklog = Math.max(maxBacklog, sent - shown);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  let seq = 0;
  const tickMs = 10;
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - start) / 1000) * rate);
    const lines: string[] = [];
    while (sent + lines.length + EVENTS_PER_INVOCATION <= due) {
      const now = Date.now();
      sentAt[seq] = now;
      lines.push(...eventsOf(seq, now));
      seq++;
      if (lines.length >= rate) break;
    }
    if (lines.length > 0) {
      await writer.write(`${lines.join('\n')}\n`);
      sent += lines.length;
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  const genSeconds = (Date.now() - start) / 1000;
  const final = await waitForScreen((s) => eventsOnScreen(s) === sent, 30_000).catch(async () => capture());
  const drained = (Date.now() - start) / 1000;
  const cpuSeconds = (cpuTicks(pid) - cpuStart) / 100;
  const peakRssMb = statusKb(pid, 'VmHWM') / 1024;
  polling = false;
  await poller;
  const processed = eventsOnScreen(final) ?? 0;
  const dropped = /dropped (\d+)/.exec(final)?.[1] ?? '?';

  tmux('send-keys', '-t', session, 'q');
  await writer.close();
  await new Promise((r) => setTimeout(r, 500));
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // it quit on q
  }
  rmSync(dir, { recursive: true, force: true });

  const result = {
    seconds: Number(genSeconds.toFixed(1)),
    targetRate: rate,
    sent,
    processed,
    processedPerSecond: Math.round(processed / genSeconds),
    drainedAfterSeconds: Number((drained - genSeconds).toFixed(2)),
    maxBacklogEvents: maxBacklog,
    rowDelayMs: {
      samples: delays.length,
      p50: percentile(delays, 50),
      p95: percentile(delays, 95),
      max: Math.max(...delays),
    },
    cpuPercent: Math.round((cpuSeconds / drained) * 100),
    peakRssMb: Math.round(peakRssMb),
    rssMbOverTime: rssSamples,
    invocationsDroppedFromRing: Number(dropped),
    screenPolls: polls,
  };
  console.log(`tail bench: ${rate} events/s for ${seconds} s into the TUI in tmux (160x45)`);
  console.log(
    `  sent ${sent} events, processed ${processed} (${result.processedPerSecond}/s), backlog max ${maxBacklog}, drained ${result.drainedAfterSeconds}s after the generator stopped`,
  );
  console.log(
    `  START written → row on screen: p50 ${result.rowDelayMs.p50} ms, p95 ${result.rowDelayMs.p95} ms, max ${result.rowDelayMs.max} ms (${delays.length} rows sampled)`,
  );
  console.log(
    `  CPU ${result.cpuPercent}% of one core, peak RSS ${result.peakRssMb} MB (RSS over time ${rssSamples.join(' → ')} MB), ${dropped} invocations left the 2,000-row ring`,
  );
  console.log(JSON.stringify(result));
  if (processed !== sent) process.exitCode = 1;
}

await main().catch((error: unknown) => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // not started
  }
  rmSync(dir, { recursive: true, force: true });
  console.error(error);
  process.exitCode = 1;
});
