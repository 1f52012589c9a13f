/**
 * Cost report throughput from local files: REPORT lines/s through the whole path (read,
 * parse, correlate, price, aggregate) beside a baseline that only reads the same files and
 * splits lines, and peak memory at N and 2N lines to show it stays flat.
 *
 *   node --expose-gc --import tsx bench/cost.bench.ts [--lines N]   (default N = 5,000,000)
 *   (COST_BENCH_ROUNDS, default 3: rounds of both, in alternating order, on files settled first)
 *
 * Each size runs in its own child process so peak RSS figures are its own.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StreamContextTable } from '../collectors/correlator/stream-context.ts';
import { CostAggregator } from '../pricing/report/aggregator.ts';
import { buildReport } from '../pricing/report/build.ts';
import { aggregateFiles } from '../pricing/sources/local.ts';
import { AWS_LIST_PRICES } from '../pricing/tables/aws-list-prices.ts';
import { reportLine } from './example-events.ts';
import { median, settleFiles } from './measure.ts';

const FUNCTIONS = 8;
const ROUNDS = Number(process.env.COST_BENCH_ROUNDS ?? 3);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Writes `lines` REPORT lines spread over FUNCTIONS files (one per function), tab-separated as CloudWatch stores them. */
async function generate(dir: string, lines: number): Promise<string[]> {
  const files: string[] = [];
  const perFile = Math.ceil(lines / FUNCTIONS);
  for (let f = 0; f < FUNCTIONS; f++) {
    const path = join(dir, `bench-fn-${f}.log`);
    files.push(path);
    const out = createWriteStream(path);
    const memory = 128 << (f % 4);
    let chunk = '';
    const count = Math.min(perFile, lines - f * perFile);
    for (let i = 0; i < count; i++) {
      chunk += reportLine(f * perFile + i, i, memory);
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
        chunk = '';
      }
    }
    out.write(chunk);
    await new Promise<void>((r) => out.end(() => r()));
  }
  return files;
}

/** The floor: read the files and split them into lines, nothing else. */
async function baseline(files: string[]): Promise<number> {
  let lines = 0;
  for (const file of files) {
    let carry = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const parts = (carry + chunk).split('\n');
      carry = parts.pop() ?? '';
      lines += parts.length;
    }
    if (carry) lines++;
  }
  return lines;
}

/** The whole cost path: read, count each group's bytes, parse, correlate, aggregate, price. */
async function costReport(files: string[]): Promise<{ invocations: number; totalUsd: number }> {
  const agg = new CostAggregator({
    table: AWS_LIST_PRICES,
    defaults: { region: 'us-east-1', architecture: 'x86_64' },
    context: new StreamContextTable(),
  });
  await aggregateFiles(agg, files);
  const report = buildReport(agg);
  return { invocations: report.totals.invocations, totalUsd: report.totalCostUsd };
}

async function child(lines: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-bench-'));
  try {
    const files = await generate(dir, lines);
    await settleFiles(files);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    let peakHeap = 0;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 50);
    // Live heap after a full collection, every second: what the run retains, without garbage noise.
    let peakLive = 0;
    const live = setInterval(() => {
      if (!gc) return;
      gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
    }, 1000);
    const base: number[] = [];
    const cost: number[] = [];
    let baseLines = 0;
    let totalUsd = 0;
    const timeBaseline = async () => {
      const t = performance.now();
      baseLines = await baseline(files);
      base.push((performance.now() - t) / 1000);
    };
    const timeCost = async () => {
      gc?.();
      const t = performance.now();
      const report = await costReport(files);
      cost.push((performance.now() - t) / 1000);
      if (report.invocations !== lines)
        throw new Error(`priced ${report.invocations} of ${lines} REPORT lines`);
      totalUsd = report.totalUsd;
    };
    // Alternating order: a machine that slows down during the run slows both alike.
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        await timeBaseline();
        await timeCost();
      } else {
        await timeCost();
        await timeBaseline();
      }
    }
    clearInterval(live);
    clearInterval(sampler);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    const result: Result = {
      lines,
      baseLines,
      baseSeconds: median(base),
      costSeconds: median(cost),
      ratios: cost.map((c, i) => ((base[i] as number) * lines) / (c * baseLines)),
      peakHeapMB: peakHeap / 2 ** 20,
      peakLiveHeapMB: peakLive / 2 ** 20,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      totalUsd,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Result {
  lines: number;
  baseLines: number;
  baseSeconds: number;
  costSeconds: number;
  /** Each round's cost rate over the baseline's. */
  ratios: number[];
  peakHeapMB: number;
  peakLiveHeapMB: number;
  maxRssMB: number;
  totalUsd: number;
}

function run(lines: number): Result {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', self, '--child', String(lines)],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (out.status !== 0) throw new Error(`bench child for ${lines} lines failed`);
  return JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as Result;
}

const childLines = arg('--child');
if (childLines) {
  await child(Number(childLines));
} else {
  const n = Number(arg('--lines') ?? 5_000_000);
  const half = Math.floor(n / 2);
  console.log(
    `cost bench: REPORT lines from local files (${FUNCTIONS} files), N = ${half}, 2N = ${n}; medians of ${ROUNDS} rounds in alternating order, the ratio's range over them in brackets`,
  );
  for (const lines of [half, n]) {
    const r = run(lines);
    const costRate = r.lines / r.costSeconds;
    const baseRate = r.baseLines / r.baseSeconds;
    console.log(
      `${String(r.lines).padStart(10)} lines: cost ${Math.round(costRate).toLocaleString('en-US')} lines/s (${r.costSeconds.toFixed(1)} s), ` +
        `baseline split ${Math.round(baseRate).toLocaleString('en-US')} lines/s, ratio ${median(r.ratios).toFixed(3)} ` +
        `(${Math.min(...r.ratios).toFixed(3)}-${Math.max(...r.ratios).toFixed(3)}; goal >= 0.35); ` +
        `peak live heap ${r.peakLiveHeapMB.toFixed(1)} MB, peak heap ${r.peakHeapMB.toFixed(1)} MB, max RSS ${r.maxRssMB.toFixed(1)} MB; total $${r.totalUsd.toFixed(6)}`,
    );
  }
}
