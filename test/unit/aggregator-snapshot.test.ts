/**
 * Worker threads each read a part of the input into their own aggregator and send its
 * snapshot (structured-cloned, as postMessage does) to the thread that merges them in input
 * order: the report must be the one a single aggregator reading every part in turn gives.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import { loadPrices } from '../../pricing/price-list.ts';
import type { PriceTable } from '../../pricing/price-table.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import {
  type AggregatorSnapshot,
  mergeAggregatorSnapshot,
  snapshotAggregator,
} from '../../pricing/report/aggregator-snapshot.ts';
import { buildReport } from '../../pricing/report/build.ts';
import { monthPeriod, type Period, rangePeriod } from '../../pricing/report/period.ts';
import { QuantileSketch } from '../../pricing/report/quantile-sketch.ts';
import { totalBilledMs } from '../../pricing/report/usage.ts';
import { aggregateFiles } from '../../pricing/sources/local.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';

const EXAMPLE_LOGS = fileURLToPath(new URL('../../examples/data/logs', import.meta.url));
const EXAMPLE_FILES = readdirSync(EXAMPLE_LOGS)
  .sort()
  .map((name) => join(EXAMPLE_LOGS, name));
const SAMPLES = fileURLToPath(new URL('../fixtures/lambda-log-samples.txt', import.meta.url));

let table: PriceTable;
let scratch: string;
/** The samples' blocks dated 2014-11 and 2026-10 (and the undated ones around them). */
let outerSamples: string;
/** The samples' blocks dated in between, 2016-04 to 2026-01. */
let innerSamples: string;

beforeAll(async () => {
  ({ table } = await loadPrices([], AWS_LIST_PRICES));
  scratch = mkdtempSync(join(tmpdir(), 'lambdalens-snapshot-'));
  // Blocks are independent samples; files of their own are log groups of their own, so
  // the two parts share no stream (the condition for an exact merge).
  const blocks = readFileSync(SAMPLES, 'utf8').split('# ----\n');
  expect(blocks).toHaveLength(42);
  outerSamples = join(scratch, 'samples-outer.txt');
  innerSamples = join(scratch, 'samples-inner.txt');
  writeFileSync(outerSamples, [...blocks.slice(0, 12), ...blocks.slice(39)].join('# ----\n'));
  writeFileSync(innerSamples, blocks.slice(12, 39).join('# ----\n'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Built the way `lambdalens cost --arch x86_64` builds one for local files (the logs do not say the architecture). */
function newAggregator(period: Period | undefined): CostAggregator {
  return new CostAggregator({
    table,
    period,
    configs: new Map(),
    defaults: { region: undefined, architecture: 'x86_64' },
    functions: undefined,
    context: new StreamContextTable(),
  });
}

async function read(files: string[], period: Period | undefined): Promise<CostAggregator> {
  const agg = newAggregator(period);
  await aggregateFiles(agg, files);
  return agg;
}

/** What a worker posts: its snapshot, through the structured clone postMessage applies. */
async function workerSnapshot(files: string[], period: Period | undefined): Promise<AggregatorSnapshot> {
  return structuredClone(snapshotAggregator(await read(files, period)));
}

/** Reads each part apart and merges them in order, as the main thread will. */
async function readInParts(
  parts: string[][],
  period: Period | undefined,
  tamper: (snap: AggregatorSnapshot) => void = () => {},
): Promise<CostAggregator> {
  const [first = [], ...rest] = parts;
  const merged = await read(first, period);
  for (const part of rest) {
    const snap = await workerSnapshot(part, period);
    tamper(snap);
    mergeAggregatorSnapshot(merged, snap);
  }
  return merged;
}

// Without the free tier, which would bring the examples' small bill to $0.
const report = (agg: CostAggregator) => buildReport(agg);
/**
 * What the merge must get right: the report, and beneath it every field the aggregator and
 * its context table hold (some, such as a function's invocation count, no report shows yet).
 */
const outcome = (agg: CostAggregator) => ({ report: report(agg), state: snapshotAggregator(agg) });

describe('aggregator snapshot and merge', () => {
  it('two halves of the examples merge into the report of one sequential read', async () => {
    const parts = [EXAMPLE_FILES.slice(0, 4), EXAMPLE_FILES.slice(4)];
    const sequential = await read(EXAMPLE_FILES, undefined);
    const merged = await readInParts(parts, undefined);
    const expected = report(sequential);
    expect(outcome(merged)).toEqual(outcome(sequential));
    expect(report(merged)).toEqual(expected);
    // Exact values of the real data, so an empty report on both sides would not pass.
    expect(sequential.seen).toBe(2163);
    expect(merged.records).toBe(2163);
    expect(expected.totalCostUsd).toBeGreaterThan(0);
    expect(expected.functions.map((f) => f.functionName).sort()).toEqual([
      'etl-nightly',
      'image-resizer',
      'notifier',
      'orders-api',
      'payments-webhook',
      'report-builder',
    ]);
    // Map order is the sequential run's, not only the content.
    expect([...merged.functions.keys()]).toEqual([...sequential.functions.keys()]);
    expect([...merged.logBytes.keys()]).toEqual([...sequential.logBytes.keys()]);
    expect(merged.context?.snapshot()).toEqual(sequential.context?.snapshot());
  });

  it('every file on its own worker, merged in order into an empty aggregator, gives the same report', async () => {
    const sequential = await read(EXAMPLE_FILES, undefined);
    const merged = newAggregator(undefined);
    for (const file of EXAMPLE_FILES)
      mergeAggregatorSnapshot(merged, await workerSnapshot([file], undefined));
    expect(outcome(merged)).toEqual(outcome(sequential));
    expect([...merged.functions.keys()]).toEqual([...sequential.functions.keys()]);
    expect(merged.context?.stats()).toEqual(sequential.context?.stats());
  });

  it('a month period: outside-period and undated records, the days and months of the data merge', async () => {
    const files = [outerSamples, innerSamples, ...EXAMPLE_FILES];
    const period = monthPeriod('2026-10');
    const sequential = await read(files, period);
    const merged = await readInParts([files.slice(0, 1), files.slice(1, 6), files.slice(6)], period);
    const expected = report(sequential);
    expect(outcome(merged)).toEqual(outcome(sequential));
    expect(report(merged)).toEqual(expected);
    expect(merged.outsidePeriod).toBe(sequential.outsidePeriod);
    expect(merged.undated).toBe(sequential.undated);
    expect(expected.records).toEqual({ seen: 2194, outsidePeriod: 12, undated: 17 });
    // The inner samples fall inside the range the outer ones span, so reading never looks
    // at their months: a union of each part's months would report 2016-04 and the rest.
    expect(expected.dataCovers).toEqual({
      from: '2014-11-21',
      to: '2026-10-27',
      months: ['2014-11', '2026-10'],
    });
    const inner = await read([innerSamples], period);
    expect([...inner.months]).toContain('2016-04');
  });

  it('a period whose previous one holds data: previous usage merges too', async () => {
    // A week of October against the week before it; the rest of the month is outside both.
    const period = rangePeriod('2026-10-15', '2026-10-21');
    const sequential = await read(EXAMPLE_FILES, period);
    const merged = await readInParts([EXAMPLE_FILES.slice(0, 3), EXAMPLE_FILES.slice(3)], period);
    expect(sequential.previousFunctions.size).toBeGreaterThan(0);
    expect(sequential.outsidePeriod).toBeGreaterThan(0);
    const expected = report(sequential);
    expect(expected.previous?.invocations).toBeGreaterThan(0);
    expect(outcome(merged)).toEqual(outcome(sequential));
    expect(report(merged)).toEqual(expected);
  });

  it('damaged REPORT lines: counts add up and the first five examples are kept in order', async () => {
    // The first REPORT of each report-builder file says a memory size Lambda does not have.
    const damaged = EXAMPLE_FILES.filter((f) => f.includes('subscription-report-builder')).map((file) => {
      const out = join(scratch, file.split('/').pop() as string);
      writeFileSync(
        out,
        readFileSync(file, 'utf8').replace('"memorySizeMB\\":3008', '"memorySizeMB\\":20000'),
      );
      return out;
    });
    expect(damaged).toHaveLength(6);
    const sequential = await read(damaged, undefined);
    const merged = await readInParts([damaged.slice(0, 3), damaged.slice(3)], undefined);
    const expected = report(sequential);
    expect(outcome(merged)).toEqual(outcome(sequential));
    expect(report(merged)).toEqual(expected);
    const invalid = expected.notPriced.filter((n) => n.reason === 'invalid-report');
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.count).toBe(6);
    // Three from the first part, then the second part's first two.
    expect(invalid[0]?.examples).toHaveLength(5);
    expect(invalid[0]?.examples).toEqual([...sequential.notPriced.values()][0]?.examples);
  });

  it('a field left unmerged is caught', async () => {
    // The second part widens the first's days (report-builder's, 2026-10-02..22).
    const parts = [EXAMPLE_FILES.slice(5), EXAMPLE_FILES.slice(0, 5)];
    const expected = outcome(await read(parts.flat(), undefined));
    expect(outcome(await readInParts(parts, undefined))).toEqual(expected);
    const tampers: Array<[string, (snap: AggregatorSnapshot) => void]> = [
      ['seen', (s) => (s.seen = 0)],
      ['not priced', (s) => s.notPriced.clear()],
      ['whole log groups', (s) => s.wholeLogGroups.clear()],
      [
        'invocations',
        (s) => {
          for (const f of s.functions.values()) f.invocations = 0;
        },
      ],
      [
        'memory used',
        (s) => {
          for (const f of s.functions.values()) for (const m of f.byMemory.values()) m.maxUsedMB = null;
        },
      ],
      ['log bytes', (s) => s.logBytes.clear()],
      ['the last worker’s days', (s) => (s.widenedDays = [])],
      [
        'durations',
        (s) => {
          for (const f of s.functions.values())
            for (const m of f.byMemory.values()) m.durations.buckets.clear();
        },
      ],
      [
        'billed ms kept as a BigInt',
        (s) => {
          const bucket = [...s.functions.values()][0]?.buckets.values().next().value;
          if (bucket) bucket.billedMsBig += 1n;
        },
      ],
      ['group facts', (s) => s.context?.groups.splice(0)],
      ['stream facts', (s) => s.context?.streams.splice(0)],
    ];
    for (const [name, tamper] of tampers) {
      const merged = await readInParts(parts, undefined, tamper);
      expect(outcome(merged), name).not.toEqual(expected);
    }
  });

  it('billed ms past what a double holds exactly stay exact across the merge', () => {
    // A server-summed group (addUsage) large enough that each part alone is near 2^52 ms.
    const usage = (billedMs: number) => ({
      functionName: 'orders-api',
      region: 'us-east-1',
      accountId: '123456789012',
      dayMs: Date.UTC(2026, 9, 8),
      status: 'success' as const,
      count: 1_000_000,
      memorySizeMB: 1024,
      billedMs,
      coldStarts: 0,
      coldStartBilledMs: 0,
      restores: 0,
      traced: 0,
      provisioned: false,
      maxMemoryUsedMB: 300,
    });
    // Each worker's sum passes 2^52 and moves into its BigInt: both parts of a bucket must merge.
    const parts = [
      [2 ** 52 - 7, 2 ** 52 - 5],
      [2 ** 52 - 1, 3],
    ];
    const sequential = newAggregator(undefined);
    for (const ms of parts.flat()) sequential.addUsage('current', usage(ms));
    const merged = newAggregator(undefined);
    for (const part of parts) {
      const worker = newAggregator(undefined);
      for (const ms of part) worker.addUsage('current', usage(ms));
      mergeAggregatorSnapshot(merged, structuredClone(snapshotAggregator(worker)));
    }
    const bucket = [...merged.functions.values()][0]?.buckets.values().next().value;
    expect(bucket && totalBilledMs(bucket)).toBe(3n * 2n ** 52n - 10n);
    expect(outcome(merged)).toEqual(outcome(sequential));
  });

  it('refuses a snapshot counted for another period', async () => {
    const snap = await workerSnapshot(EXAMPLE_FILES.slice(0, 1), monthPeriod('2026-09'));
    expect(() => mergeAggregatorSnapshot(newAggregator(monthPeriod('2026-10')), snap)).toThrow(/period/);
  });
});

describe('context table snapshot', () => {
  it('a later table’s facts win where it has them, and the limits hold', () => {
    const first = new StreamContextTable({ maxStreams: 3, maxGroups: 2 });
    first.learnGroup('/aws/lambda/notifier', { accountId: '123456789012' });
    first.learnStream('/aws/lambda/orders-api', 's1', {
      region: 'us-east-1',
      runtimeVersion: 'nodejs:20.v44',
    });
    first.learnStream('/aws/lambda/orders-api', 's2', { initializationType: 'on-demand' });
    const second = new StreamContextTable();
    second.learnStream('/aws/lambda/orders-api', 's3', { runtimeVersion: 'nodejs:20.v48' });
    second.learnStream('/aws/lambda/report-builder', 's4', { region: 'eu-south-1' });
    first.merge(structuredClone(second.snapshot()));
    // The oldest stream and group went to stay within 3 streams and 2 groups.
    expect(first.stats()).toEqual({ streams: 3, groups: 2, evicted: 2 });
    expect(first.stream('/aws/lambda/orders-api', 's1')).toBeNull();
    expect(first.group('/aws/lambda/notifier')).toBeNull();
    // Region learned first stays (the second table did not say one); the runtime is the later one.
    expect(first.group('/aws/lambda/orders-api')).toEqual({
      region: 'us-east-1',
      accountId: null,
      runtimeVersion: 'nodejs:20.v48',
    });
    expect(first.resolve('/aws/lambda/report-builder', 's4').region).toBe('eu-south-1');
    expect(first.resolve('/aws/lambda/orders-api', 's2').initializationType).toBe('on-demand');
  });
});

describe('quantile sketch snapshot', () => {
  /** Durations from real REPORT lines of the examples. */
  function durations(file: string): number[] {
    return [...readFileSync(file, 'utf8').matchAll(/Duration: ([\d.]+) ms/g)].map((m) => Number(m[1]));
  }

  it('two sketches merged equal one sketch fed both value sets', () => {
    const a = durations(join(EXAMPLE_LOGS, 'etl-nightly.log'));
    const b = durations(join(EXAMPLE_LOGS, 'image-resizer.log'));
    expect(a.length).toBeGreaterThan(100);
    expect(b.length).toBeGreaterThan(100);
    const both = new QuantileSketch();
    const left = new QuantileSketch();
    const right = new QuantileSketch();
    for (const v of a) {
      both.add(v);
      left.add(v);
    }
    for (const v of b) {
      both.add(v);
      right.add(v);
    }
    left.mergeSnapshot(structuredClone(right.snapshot()));
    expect(left.count).toBe(a.length + b.length);
    expect(left.quantile(0)).toBe(Math.min(...a, ...b));
    expect(left.quantile(1)).toBe(Math.max(...a, ...b));
    for (let q = 0; q <= 1000; q++)
      expect(left.quantile(q / 1000), `q=${q / 1000}`).toBe(both.quantile(q / 1000));
    expect(left.histogram()).toEqual(both.histogram());
    // Not trivially equal: the halves alone answer differently.
    expect(right.quantile(0.5)).not.toBe(both.quantile(0.5));
  });

  it('an empty sketch merges as nothing, and a snapshot does not follow later adds', () => {
    const s = new QuantileSketch();
    s.add(12.5);
    const snap = s.snapshot();
    s.add(900);
    expect(snap.total).toBe(1);
    const target = new QuantileSketch();
    target.mergeSnapshot(structuredClone(new QuantileSketch().snapshot()));
    expect(target.count).toBe(0);
    expect(target.quantile(0.5)).toBeNull();
    target.mergeSnapshot(snap);
    expect(target.quantile(0)).toBe(12.5);
    expect(target.quantile(1)).toBe(12.5);
  });

  it('refuses a sketch of another accuracy', () => {
    expect(() => new QuantileSketch(0.01).mergeSnapshot(new QuantileSketch(0.02).snapshot())).toThrow(
      RangeError,
    );
  });
});
