/**
 * Parse + correlate throughput and peak memory of `lambdalens logs` on local files, beside a
 * baseline that only reads the same file and splits lines (and JSON.parses JSON lines), so
 * the figures mean something on any machine. Runs at N and 2N lines: peak memory must stay
 * flat, since the pipeline streams and keeps only open invocations.
 *
 * Input: the example data set scaled up (each copy gets its own request IDs and streams) as
 * an `aws logs tail` text copy and as NDJSON CloudWatch events, written to a temp dir.
 * Each measurement runs in its own process so peak RSS figures do not bleed into each other.
 * The machine is shared and noisy: each file is measured in rounds, pipeline and baseline
 * one after the other in alternating order, and the row shows the medians (the ratio's
 * range over the rounds beside it).
 *
 *   node --expose-gc --import tsx bench/parse.bench.ts [--lines 2000000] [--ndjson]
 *   (PARSE_BENCH_ROUNDS, default 3)
 *
 * The same lines are also measured with the events of 200 copies at a time dealt out in
 * turn (`interleaved`: hundreds of streams alternating line by line, as a busy function's
 * tail), so that the two rows differ only by the order.
 * The NDJSON input (CloudWatch events, one JSON object a line) runs only with --ndjson, to
 * keep the default run near a few minutes.
 *
 * Then, end to end at N lines of the text copy: the `lambdalens logs FILE --output ndjson`
 * process with its output to /dev/null, beside a Node process that splits the same lines,
 * `JSON.parse`s each JSON message and `JSON.stringify`s one object per line to /dev/null.
 * Both are timed as whole processes (start-up included), in alternating order.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCorrelator } from '../collectors/correlator/correlator.ts';
import { readLogEventBatches } from '../collectors/files/read-inputs.ts';
import { type BaseEvent, exampleEvents, STREAM_TAIL, UUID_TAIL } from './example-events.ts';
import { median, settleFiles } from './measure.ts';

type Kind = 'text' | 'ndjson' | 'interleaved';

/** Copies whose lines the interleaved input deals out in turn: hundreds of streams alternating. */
const INTERLEAVE_COPIES = 200;

/** One event of one copy as the text of an `aws logs tail` copy (several lines when the message has several). */
function textOf(e: BaseEvent, stream: string, message: string): string {
  // Multi-line messages become several physical lines, as in a real `aws logs tail` copy.
  const ts = new Date(e.timestamp).toISOString().replace('Z', '000+00:00');
  return `${ts} ${stream} ${message.endsWith('\n') ? message.slice(0, -1) : message}\n`;
}

/** The physical lines an event takes in a text copy. */
function textLines(e: BaseEvent): number {
  const message = e.message.endsWith('\n') ? e.message.slice(0, -1) : e.message;
  return message.split('\n').length;
}

/**
 * How many of the base events each copy holds, copy after copy, so that together they make
 * `lines` lines (`linesOf` an event each): every copy whole but the last.
 */
function copyExtents(base: BaseEvent[], lines: number, linesOf: (e: BaseEvent) => number): number[] {
  const extents: number[] = [];
  let written = 0;
  while (written < lines) {
    let events = 0;
    for (const e of base) {
      if (written >= lines) break;
      written += linesOf(e);
      events++;
    }
    extents.push(events);
  }
  return extents;
}

/**
 * Writes `lines` lines of scaled-up input; returns the byte size. `interleaved` holds the
 * very lines of the text copy, with the events of INTERLEAVE_COPIES copies at a time dealt
 * out in turn, one event of each copy after the other, as a busy function's `aws logs tail`
 * shows hundreds of streams alternating: the same work in another order, so that the two
 * rows differ by what the order costs. (Dealt out from 200 copies of their own, the first N
 * lines held only the first half of the example events, fewer of them JSON, and the
 * baseline, which parses those, ran twice as fast on them.)
 */
async function writeInput(path: string, kind: Kind, lines: number, base: BaseEvent[]): Promise<number> {
  const out = createWriteStream(path);
  let buffer = '';
  const flush = async () => {
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once('drain', () => r()));
      buffer = '';
    }
  };
  const extents = copyExtents(base, lines, kind === 'ndjson' ? () => 1 : textLines);
  const group = kind === 'interleaved' ? INTERLEAVE_COPIES : 1;
  for (let first = 0; first < extents.length; first += group) {
    const last = Math.min(first + group, extents.length);
    for (const [i, e] of base.entries()) {
      for (let copy = first; copy < last; copy++) {
        if (i >= (extents[copy] as number)) continue;
        const tag = copy.toString(16).padStart(6, '0');
        const message = e.message.replace(UUID_TAIL, `$1${tag}${tag}`);
        const stream = e.logStream.replace(STREAM_TAIL, `$1${tag}`);
        buffer +=
          kind === 'ndjson'
            ? `${JSON.stringify({ timestamp: e.timestamp, logStreamName: stream, message, logGroupName: '/aws/lambda/bench' })}\n`
            : textOf(e, stream, message);
      }
      await flush();
    }
  }
  out.write(buffer);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return statSync(path).size;
}

interface Measure {
  lines: number;
  invocations: number;
  seconds: number;
  peakRssMB: number;
  liveHeapMB: number;
}

/** Runs in a child process: one measurement of one mode over one file. */
async function worker(mode: 'pipeline' | 'baseline', file: string): Promise<Measure> {
  const t0 = process.hrtime.bigint();
  let lines = 0;
  let invocations = 0;
  let liveHeapMB = 0;
  if (mode === 'baseline') {
    let carry = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const parts = (carry + chunk).split('\n');
      carry = parts.pop() ?? '';
      for (const line of parts) {
        lines++;
        if (line.charCodeAt(0) === 123) {
          JSON.parse(line);
          continue;
        }
        // A text copy: `<time> <stream> <message>`; JSON-format messages are parsed too.
        const at = line.indexOf(' ', line.indexOf(' ') + 1) + 1;
        if (at > 0 && line.charCodeAt(at) === 123) JSON.parse(line.slice(at));
      }
    }
  } else {
    // The path `lambdalens logs` takes: batches of events from the reader into the correlator.
    const correlator = createCorrelator({ functionName: 'bench' });
    for await (const batch of readLogEventBatches([file], { functionName: 'bench' })) {
      for (const event of batch) invocations += correlator.push(event).completed.length;
    }
    // What the correlator holds at its fullest (before the final flush), after a full GC.
    globalThis.gc?.();
    liveHeapMB = process.memoryUsage().heapUsed / 1e6;
    invocations += correlator.flush().length;
    lines = correlator.stats().events;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { lines, invocations, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, liveHeapMB };
}

const ROUNDS = Number(process.env.PARSE_BENCH_ROUNDS ?? 3);

function measure(mode: 'pipeline' | 'baseline', file: string): Measure {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--worker', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`bench worker failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Measure;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The end-to-end baseline: split, parse the JSON messages, stringify one object per line. */
const ROUNDTRIP = `
import { createReadStream, createWriteStream } from 'node:fs';
const out = createWriteStream('/dev/null');
let carry = '';
let buf = '';
for await (const chunk of createReadStream(process.argv[1], { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const parts = (carry + chunk).split('\\n');
  carry = parts.pop() ?? '';
  for (const line of parts) {
    const a = line.indexOf(' ');
    const b = line.indexOf(' ', a + 1);
    const message = line.slice(b + 1);
    let json = null;
    if (message.charCodeAt(0) === 123) try { json = JSON.parse(message); } catch {}
    buf += JSON.stringify({ timestamp: line.slice(0, a), logStream: line.slice(a + 1, b), message, json }) + '\\n';
    if (buf.length > 65536) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
}
out.end(buf);
`;

/** Wall time of one whole process with stdout to /dev/null. */
function timeProcess(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 22,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return seconds;
}

function endToEnd(file: string, lines: number, bytes: number): void {
  const cli = () => timeProcess(['bin/lambdalens.mjs', 'logs', file, '--output', 'ndjson']);
  const base = () => timeProcess(['--input-type=module', '-e', ROUNDTRIP, file]);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      ours.push(cli());
      theirs.push(base());
    } else {
      theirs.push(base());
      ours.push(cli());
    }
  }
  const ratios = ours.map((s, i) => (theirs[i] as number) / s);
  console.log(
    `end to end, ${lines.toLocaleString('en')} lines (${(bytes / 1e6).toFixed(0)} MB) of text copy: ` +
      `logs --output ndjson ${median(ours).toFixed(2)} s, split + JSON.parse + JSON.stringify ${median(theirs).toFixed(2)} s; ` +
      `ratio ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}; goal >= 0.75)`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--worker') {
    console.log(JSON.stringify(await worker(args[1] as 'pipeline' | 'baseline', args[2] as string)));
    return;
  }
  const li = args.indexOf('--lines');
  const n = li >= 0 ? Number(args[li + 1]) : 2_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-bench-'));
  try {
    const base = exampleEvents();
    console.log(
      `input: example data set (${base.length} events) scaled to N = ${n.toLocaleString('en')} lines`,
    );
    console.log(
      'kind    lines      MB      pipeline lines/s  MB/s   peak RSS | baseline lines/s  MB/s  peak RSS | pipeline/baseline  live heap',
    );
    console.log(
      `(medians of ${ROUNDS} rounds in alternating order; the ratio's range over the rounds in brackets; goals: text 0.65, interleaved 0.50, ndjson 0.70)`,
    );
    const kinds: Kind[] = args.includes('--ndjson')
      ? ['text', 'interleaved', 'ndjson']
      : ['text', 'interleaved'];
    for (const kind of kinds) {
      for (const lines of [n, 2 * n]) {
        const file = join(dir, `${kind}-${lines}.${kind === 'ndjson' ? 'ndjson' : 'log'}`);
        const bytes = await writeInput(file, kind, lines, base);
        await settleFiles([file]);
        const pipeline: Measure[] = [];
        const baseline: Measure[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          if (round % 2 === 0) {
            pipeline.push(measure('pipeline', file));
            baseline.push(measure('baseline', file));
          } else {
            baseline.push(measure('baseline', file));
            pipeline.push(measure('pipeline', file));
          }
        }
        const p = pipeline[0] as Measure;
        const b = baseline[0] as Measure;
        const differs = (m: Measure, first: Measure) =>
          m.lines !== first.lines || m.invocations !== first.invocations;
        if (pipeline.some((m) => differs(m, p)) || baseline.some((m) => differs(m, b))) {
          throw new Error(`rounds disagree on what the input holds: ${JSON.stringify(pipeline)}`);
        }
        const ratios = pipeline.map((m, i) => (baseline[i] as Measure).seconds / m.seconds);
        const range = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
        const pSeconds = median(pipeline.map((m) => m.seconds));
        const bSeconds = median(baseline.map((m) => m.seconds));
        const mb = bytes / 1e6;
        const row = [
          kind.padEnd(7),
          String(b.lines).padStart(9),
          mb.toFixed(0).padStart(6),
          `${Math.round(b.lines / pSeconds).toLocaleString('en')}`.padStart(17),
          (mb / pSeconds).toFixed(1).padStart(6),
          `${Math.max(...pipeline.map((m) => m.peakRssMB)).toFixed(0)} MB`.padStart(10),
          `${Math.round(b.lines / bSeconds).toLocaleString('en')}`.padStart(18),
          (mb / bSeconds).toFixed(1).padStart(6),
          `${Math.max(...baseline.map((m) => m.peakRssMB)).toFixed(0)} MB`.padStart(9),
          `${median(ratios).toFixed(2)} (${range})`.padStart(18),
          `${Math.max(...pipeline.map((m) => m.liveHeapMB)).toFixed(0)} MB`.padStart(8),
        ];
        console.log(`${row.join(' ')}   (${p.invocations.toLocaleString('en')} invocations)`);
        if (kind === 'text' && lines === n) endToEnd(file, lines, bytes);
        if (args.includes('--keep')) console.log(`kept ${file}`);
        else rmSync(file);
      }
    }
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
