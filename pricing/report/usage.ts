/**
 * Usage as the report collects it: per function (as its data named it), sums per pricing
 * bucket (day, memory size, status, provisioned or not) and bounded per-memory statistics.
 * Nothing is priced while reading: a bucket is priced once when the report is built, after
 * the whole input has said what it knows of each function's Region, account and runtime.
 * Memory depends on functions × days × memory sizes, never on the number of invocations.
 */
import type { Architecture, InvocationStatus } from '../../collectors/model.ts';
import { QuantileSketch } from './quantile-sketch.ts';

export const STATUS_ORDER: readonly InvocationStatus[] = [
  'success',
  'timeout',
  'oom',
  'crash',
  'error',
  'incomplete',
];
const STATUS_INDEX: Record<InvocationStatus, number> = {
  success: 0,
  timeout: 1,
  oom: 2,
  crash: 3,
  error: 4,
  incomplete: 5,
};

export const DAY_MS = 86_400_000;
/** Sums of ms stay exact doubles below 2^53; they move to a BigInt well before. */
const FLUSH = 2 ** 52;

/** Usage that shares every billing attribute. */
export interface Bucket {
  /** UTC day number (epoch ms / 86,400,000), or -1 for records without a time. */
  day: number;
  memorySizeMB: number;
  status: InvocationStatus;
  provisioned: boolean;
  count: number;
  billedMs: number;
  billedMsBig: bigint;
  coldStarts: number;
  coldStartBilledMs: number;
  /** SnapStart restores (charged or not is decided by the runtime, when the report is built). */
  restores: number;
  /** Invocations with an X-Ray trace. */
  traced: number;
}

export function bucketKey(day: number, memorySizeMB: number, status: InvocationStatus, provisioned: boolean) {
  return ((day + 1) * 16_384 + memorySizeMB) * 16 + STATUS_INDEX[status] * 2 + (provisioned ? 1 : 0);
}

export function totalBilledMs(b: Bucket): bigint {
  return b.billedMsBig + BigInt(b.billedMs);
}

/** Adds to a bucket's billed ms, moving the running double into the BigInt before it could lose a digit. */
export function addBilledMs(b: Bucket, ms: number): void {
  b.billedMs += ms;
  if (b.billedMs > FLUSH) {
    b.billedMsBig += BigInt(b.billedMs);
    b.billedMs = 0;
  }
}

/** Adds counts summed elsewhere (a server's group, another thread's bucket) to a bucket. */
export function addBucketCounts(
  b: Bucket,
  from: Pick<Bucket, 'count' | 'billedMs' | 'coldStarts' | 'coldStartBilledMs' | 'restores' | 'traced'>,
): void {
  b.count += from.count;
  addBilledMs(b, from.billedMs);
  b.coldStarts += from.coldStarts;
  b.coldStartBilledMs += from.coldStartBilledMs;
  b.restores += from.restores;
  b.traced += from.traced;
}

export interface MemoryStats {
  count: number;
  durations: QuantileSketch;
  maxUsedMB: number | null;
}

/** A function as its data named it; the report resolves its context (Region, account…) when built. */
export interface FunctionUsage {
  functionName: string;
  /** The log group (or, for files without one, the function name) the context table knows it by. */
  groupKey: string;
  /** As the data said them; null where it did not. */
  region: string | null;
  accountId: string | null;
  architecture: Architecture | null;
  runtime: string | null;
  invocations: number;
  buckets: Map<number, Bucket>;
  byMemory: Map<number, MemoryStats>;
  /** SnapStart versions that restored: first and last restore seen (epoch ms), for the cache charge. */
  snapStartVersions: Map<string, { first: number; last: number }>;
}

export function newFunctionUsage(
  functionName: string,
  groupKey: string,
  region: string | null,
  accountId: string | null,
  architecture: Architecture | null,
): FunctionUsage {
  return {
    functionName,
    groupKey,
    region,
    accountId,
    architecture,
    runtime: null,
    invocations: 0,
    buckets: new Map(),
    byMemory: new Map(),
    snapStartVersions: new Map(),
  };
}

export function bucketOf(
  f: FunctionUsage,
  day: number,
  memorySizeMB: number,
  status: InvocationStatus,
  provisioned: boolean,
): Bucket {
  const key = bucketKey(day, memorySizeMB, status, provisioned);
  let b = f.buckets.get(key);
  if (!b) {
    b = {
      day,
      memorySizeMB,
      status,
      provisioned,
      count: 0,
      billedMs: 0,
      billedMsBig: 0n,
      coldStarts: 0,
      coldStartBilledMs: 0,
      restores: 0,
      traced: 0,
    };
    f.buckets.set(key, b);
  }
  return b;
}

export function memoryStatsOf(f: FunctionUsage, memorySizeMB: number): MemoryStats {
  let m = f.byMemory.get(memorySizeMB);
  if (!m) {
    m = { count: 0, durations: new QuantileSketch(), maxUsedMB: null };
    f.byMemory.set(memorySizeMB, m);
  }
  return m;
}

/** `YYYY-MM-DD` of a UTC day number. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
