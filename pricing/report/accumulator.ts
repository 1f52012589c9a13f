/**
 * Per-function running totals. Everything is a count, an exact BigInt sum or a bounded
 * sketch, so memory depends on the number of functions and days, not of invocations.
 */
import type { Architecture, FailureStatus, InvocationStatus } from '../../collectors/model.ts';
import type { Money } from '../money.ts';
import { QuantileSketch } from './quantile-sketch.ts';

/** One or more invocations that share every billing attribute (a single local record, or an aggregation bucket). */
export interface UsageGroup {
  functionName: string;
  region: string;
  architecture: Architecture;
  ephemeralStorageMB: number;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  status: InvocationStatus;
  count: number;
  memorySizeMB: number;
  /** Sum of billed ms over the group. */
  billedMs: bigint;
  coldStarts: number;
  /** Sum of billed ms spent in INIT/restore on cold starts. */
  coldStartBilledMs: bigint;
  /** Invocations that were SnapStart restores to charge. */
  chargedRestores: number;
  maxMemoryUsedMB: number | null;
  /** Individual durations (local files) for the quantile sketch. */
  durationMs?: number | null | undefined;
}

export interface StatusTotals {
  count: number;
  cost: Money;
}

export interface FunctionTotals {
  functionName: string;
  region: string;
  architecture: Architecture;
  ephemeralStorageMB: number;
  invocations: number;
  mbMs: bigint;
  storageMbMs: bigint;
  compute: Money;
  request: Money;
  ephemeralStorage: Money;
  snapStartRestore: Money;
  coldStarts: number;
  coldStartCost: Money;
  failures: Record<FailureStatus, StatusTotals>;
  /** Highest configured memory seen. */
  memorySizeMB: number;
  maxMemoryUsedMB: number | null;
  /** Billed ms per configured memory size (bounded by distinct sizes), for right-sizing. */
  billedMsByMemory: Map<number, bigint>;
  durations: QuantileSketch;
  /** Quantiles a server computed (Elasticsearch percentiles) when no sketch could be fed. */
  externalQuantiles?: { p50: number | null; p95: number | null; p99: number | null } | undefined;
  /** Cost per UTC day. */
  daily: Map<string, Money>;
  firstDay: string | null;
  lastDay: string | null;
}

export function functionKey(g: { functionName: string; region: string; architecture: Architecture }): string {
  return `${g.functionName}\u0000${g.region}\u0000${g.architecture}`;
}

export function newFunctionTotals(g: UsageGroup): FunctionTotals {
  return {
    functionName: g.functionName,
    region: g.region,
    architecture: g.architecture,
    ephemeralStorageMB: g.ephemeralStorageMB,
    invocations: 0,
    mbMs: 0n,
    storageMbMs: 0n,
    compute: 0n,
    request: 0n,
    ephemeralStorage: 0n,
    snapStartRestore: 0n,
    coldStarts: 0,
    coldStartCost: 0n,
    failures: {
      timeout: { count: 0, cost: 0n },
      error: { count: 0, cost: 0n },
      oom: { count: 0, cost: 0n },
      crash: { count: 0, cost: 0n },
    },
    memorySizeMB: 0,
    maxMemoryUsedMB: null,
    billedMsByMemory: new Map(),
    durations: new QuantileSketch(),
    daily: new Map(),
    firstDay: null,
    lastDay: null,
  };
}
