/**
 * An aggregator's state as plain data, and the merge of that data into another aggregator:
 * how a worker thread that read part of the input hands what it counted to the thread that
 * builds the report. Snapshots hold Maps, Sets, arrays, numbers, bigints and plain objects
 * only, so they survive `postMessage` (a structured clone), where class instances would
 * arrive without their prototype and private fields.
 *
 * Merging is exact: for parts whose log streams are disjoint, merging the snapshots in
 * input order gives the report one aggregator reading every part in turn would give,
 * down to the order of every map (new keys are appended in merge order, as reading would).
 */
import type { StreamContextSnapshot } from '../../collectors/correlator/stream-context.ts';
import { type CostAggregator, MAX_EXAMPLES } from './aggregator.ts';
import type { QuantileSketchSnapshot } from './quantile-sketch.ts';
import type { NotPriced } from './types.ts';
import {
  addBucketCounts,
  type Bucket,
  bucketOf,
  type FunctionUsage,
  memoryStatsOf,
  newFunctionUsage,
} from './usage.ts';

export interface MemoryStatsSnapshot {
  count: number;
  maxUsedMB: number | null;
  durations: QuantileSketchSnapshot;
}

/** A FunctionUsage whose duration sketches are plain data. */
export interface FunctionUsageSnapshot extends Omit<FunctionUsage, 'byMemory'> {
  byMemory: Map<number, MemoryStatsSnapshot>;
}

export interface AggregatorSnapshot {
  /** The period records were classified against: another period's counts cannot be added. */
  period: { fromMs: number; toMs: number } | null;
  functions: Map<string, FunctionUsageSnapshot>;
  previousFunctions: Map<string, FunctionUsageSnapshot>;
  notPriced: Map<string, NotPriced>;
  logBytes: Map<string, Map<number, number>>;
  unsizedLogLines: Map<string, number>;
  logsMeasured: boolean;
  wholeLogGroups: Set<string>;
  bareGroups: Map<string, string | null>;
  outsidePeriod: number;
  undated: number;
  records: number;
  seen: number;
  /** Replayed rather than copied: first and last day and the months follow from them. */
  widenedDays: number[];
  /** The aggregator's context table, when it has one. */
  context: StreamContextSnapshot | null;
}

/** Everything an aggregator and its context table accumulated, for another thread. */
export function snapshotAggregator(agg: CostAggregator): AggregatorSnapshot {
  return {
    period: agg.period ? { fromMs: agg.period.fromMs, toMs: agg.period.toMs } : null,
    functions: snapshotUsages(agg.functions),
    previousFunctions: snapshotUsages(agg.previousFunctions),
    notPriced: new Map(
      [...agg.notPriced].map(([key, entry]) => [
        key,
        { ...entry, ...(entry.examples ? { examples: [...entry.examples] } : {}) },
      ]),
    ),
    logBytes: new Map([...agg.logBytes].map(([group, days]) => [group, new Map(days)])),
    unsizedLogLines: new Map(agg.unsizedLogLines),
    logsMeasured: agg.logsMeasured,
    wholeLogGroups: new Set(agg.wholeLogGroups),
    bareGroups: new Map(agg.bareGroups),
    outsidePeriod: agg.outsidePeriod,
    undated: agg.undated,
    records: agg.records,
    seen: agg.seen,
    widenedDays: [...agg.widenedDays],
    context: agg.context ? agg.context.snapshot() : null,
  };
}

/** Adds what a snapshot holds to `into`, as if `into` had read those inputs after its own. */
export function mergeAggregatorSnapshot(into: CostAggregator, snap: AggregatorSnapshot): void {
  checkSamePeriod(into, snap);
  if (snap.context && !into.context) {
    // The report resolves Regions and accounts from the table: dropping it would misprice.
    throw new Error('cannot merge a snapshot with a context table into an aggregator without one');
  }
  into.seen += snap.seen;
  into.records += snap.records;
  into.outsidePeriod += snap.outsidePeriod;
  into.undated += snap.undated;
  into.noteDays(snap.widenedDays);
  if (snap.logsMeasured) into.logsMeasured = true;
  for (const group of snap.wholeLogGroups) into.wholeLogGroups.add(group);
  for (const [group, named] of snap.bareGroups) into.noteBareGroup(group, named);
  mergeLogBytes(into.logBytes, snap.logBytes);
  for (const [group, n] of snap.unsizedLogLines)
    into.unsizedLogLines.set(group, (into.unsizedLogLines.get(group) ?? 0) + n);
  mergeNotPriced(into.notPriced, snap.notPriced);
  mergeUsages(into.functions, snap.functions);
  mergeUsages(into.previousFunctions, snap.previousFunctions);
  if (snap.context) into.context?.merge(snap.context);
}

function checkSamePeriod(into: CostAggregator, snap: AggregatorSnapshot): void {
  const mine = into.period ? `${into.period.fromMs}..${into.period.toMs}` : 'none';
  const theirs = snap.period ? `${snap.period.fromMs}..${snap.period.toMs}` : 'none';
  if (mine !== theirs) {
    throw new Error(`cannot merge usage counted for period ${theirs} into an aggregator for period ${mine}`);
  }
}

function snapshotUsages(usages: Map<string, FunctionUsage>): Map<string, FunctionUsageSnapshot> {
  const out = new Map<string, FunctionUsageSnapshot>();
  for (const [key, f] of usages) {
    out.set(key, {
      ...f,
      buckets: new Map([...f.buckets].map(([k, b]) => [k, { ...b }])),
      byMemory: new Map(
        [...f.byMemory].map(([memory, m]) => [
          memory,
          { count: m.count, maxUsedMB: m.maxUsedMB, durations: m.durations.snapshot() },
        ]),
      ),
      snapStartVersions: new Map([...f.snapStartVersions].map(([v, span]) => [v, { ...span }])),
    });
  }
  return out;
}

function mergeUsages(into: Map<string, FunctionUsage>, from: Map<string, FunctionUsageSnapshot>): void {
  for (const [key, s] of from) {
    let f = into.get(key);
    if (!f) {
      f = newFunctionUsage(s.functionName, s.groupKey, s.region, s.accountId, s.architecture);
      into.set(key, f);
    }
    mergeUsage(f, s);
  }
}

function mergeUsage(f: FunctionUsage, s: FunctionUsageSnapshot): void {
  // Reading keeps the first runtime a function's records named.
  f.runtime ??= s.runtime;
  f.invocations += s.invocations;
  for (const b of s.buckets.values())
    mergeBucket(bucketOf(f, b.day, b.memorySizeMB, b.status, b.provisioned), b);
  for (const [memory, m] of s.byMemory) {
    const mine = memoryStatsOf(f, memory);
    mine.count += m.count;
    if (m.maxUsedMB !== null && (mine.maxUsedMB === null || m.maxUsedMB > mine.maxUsedMB)) {
      mine.maxUsedMB = m.maxUsedMB;
    }
    mine.durations.mergeSnapshot(m.durations);
  }
  for (const [version, span] of s.snapStartVersions) {
    const mine = f.snapStartVersions.get(version);
    if (!mine) f.snapStartVersions.set(version, { ...span });
    else {
      if (span.first < mine.first) mine.first = span.first;
      if (span.last > mine.last) mine.last = span.last;
    }
  }
}

function mergeBucket(b: Bucket, s: Bucket): void {
  // The BigInt part is exact already; the double part goes through the same flush as reading.
  b.billedMsBig += s.billedMsBig;
  addBucketCounts(b, s);
}

function mergeLogBytes(into: Map<string, Map<number, number>>, from: Map<string, Map<number, number>>): void {
  for (const [group, days] of from) {
    let mine = into.get(group);
    if (!mine) {
      mine = new Map();
      into.set(group, mine);
    }
    for (const [day, bytes] of days) mine.set(day, (mine.get(day) ?? 0) + bytes);
  }
}

function mergeNotPriced(into: Map<string, NotPriced>, from: Map<string, NotPriced>): void {
  for (const [key, s] of from) {
    let entry = into.get(key);
    if (entry) entry.count += s.count;
    else {
      // The first message of a key stands, as when reading.
      entry = { functionName: s.functionName, reason: s.reason, count: s.count, message: s.message };
      into.set(key, entry);
    }
    if (!s.examples) continue;
    entry.examples ??= [];
    for (const example of s.examples) {
      if (entry.examples.length >= MAX_EXAMPLES) break;
      entry.examples.push(example);
    }
  }
}
