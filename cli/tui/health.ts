/**
 * Health at a glance, per function: how many invocations, how many failed and how, cold
 * starts, duration percentiles, memory headroom and cost per hour. Two views of the same
 * figures: what is on screen (exact, from the rows) and since the start (every completed
 * invocation). Since the start, a function's durations are kept as they are while it has at
 * most `EXACT_DURATIONS` of them, so its percentiles are the exact ones the on-screen table
 * gives for the same invocations; past that they are in a bounded quantile sketch (within
 * 1%), so hours of input cost the same. At most 200 functions × 2,048 values: about 3 MB.
 */
import type { InvocationStatus } from '../../collectors/model.ts';
import { nearestRank } from '../../pricing/report/percentile-rule.ts';
import { QuantileSketch } from '../../pricing/report/quantile-sketch.ts';
import type { RowView } from './types.ts';

export interface FunctionHealth {
  functionName: string;
  /** Completed invocations. */
  invocations: number;
  /** Still running (on-screen view only; since-start counts completions). */
  running: number;
  errors: number;
  timeouts: number;
  ooms: number;
  crashes: number;
  cold: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** True when the percentiles come from the sketch (within 1%), not from every value. */
  approximate: boolean;
  /** Highest share of its memory size any invocation used (0..1), null when unknown. */
  peakMemoryRatio: number | null;
  peakMemoryMB: number | null;
  memorySizeMB: number | null;
  costUsd: number;
  priced: number;
  /** Event time covered, for cost per hour. */
  firstMs: number | null;
  lastMs: number | null;
}

/** What one completed invocation adds. */
export type HealthSample = Pick<
  RowView,
  | 'functionName'
  | 'status'
  | 'live'
  | 'coldStart'
  | 'startMs'
  | 'durationMs'
  | 'memorySizeMB'
  | 'maxMemoryUsedMB'
  | 'costUsd'
>;

const OTHER = '(other functions)';

function emptyHealth(functionName: string): FunctionHealth {
  return {
    functionName,
    invocations: 0,
    running: 0,
    errors: 0,
    timeouts: 0,
    ooms: 0,
    crashes: 0,
    cold: 0,
    p50Ms: null,
    p95Ms: null,
    p99Ms: null,
    approximate: false,
    peakMemoryRatio: null,
    peakMemoryMB: null,
    memorySizeMB: null,
    costUsd: 0,
    priced: 0,
    firstMs: null,
    lastMs: null,
  };
}

const FAILURE_FIELD: Partial<Record<InvocationStatus, 'errors' | 'timeouts' | 'ooms' | 'crashes'>> = {
  error: 'errors',
  timeout: 'timeouts',
  oom: 'ooms',
  crash: 'crashes',
};

/** Adds everything but the duration percentiles. */
function count(h: FunctionHealth, s: HealthSample): void {
  if (s.live) {
    h.running++;
    return;
  }
  h.invocations++;
  const field = FAILURE_FIELD[s.status];
  if (field) h[field]++;
  if (s.coldStart) h.cold++;
  if (s.costUsd !== null) {
    h.costUsd += s.costUsd;
    h.priced++;
  }
  if (s.maxMemoryUsedMB !== null && s.memorySizeMB !== null && s.memorySizeMB > 0) {
    const ratio = s.maxMemoryUsedMB / s.memorySizeMB;
    // An unreadable figure (NaN) is no peak, and would stand against every later one.
    if (Number.isFinite(ratio) && (h.peakMemoryRatio === null || ratio > h.peakMemoryRatio)) {
      h.peakMemoryRatio = ratio;
      h.peakMemoryMB = s.maxMemoryUsedMB;
      h.memorySizeMB = s.memorySizeMB;
    }
  }
  if (s.startMs !== null && Number.isFinite(s.startMs)) {
    const end = s.startMs + (s.durationMs !== null && Number.isFinite(s.durationMs) ? s.durationMs : 0);
    if (h.firstMs === null || s.startMs < h.firstMs) h.firstMs = s.startMs;
    if (h.lastMs === null || end > h.lastMs) h.lastMs = end;
  }
}

/** A duration the percentiles can take: REPORT's `Duration: NaN` reads as NaN, which no order holds. */
function isDuration(ms: number | null): ms is number {
  return ms !== null && Number.isFinite(ms);
}

/** Failed invocations of any kind. */
export function failures(h: FunctionHealth): number {
  return h.errors + h.timeouts + h.ooms + h.crashes;
}

/** Cost per hour of event time covered; null when under a minute is covered (too little to scale). */
export function costPerHour(h: FunctionHealth): number | null {
  if (h.priced === 0 || h.firstMs === null || h.lastMs === null) return null;
  const spanMs = h.lastMs - h.firstMs;
  if (spanMs < 60_000) return null;
  return (h.costUsd / spanMs) * 3_600_000;
}

/** The nearest-rank q-quantile (rank ⌈q·n⌉), the product's rule, which the sketch follows too. */
function exactQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[nearestRank(q, sorted.length) - 1] ?? null;
}

const byFunction = (a: FunctionHealth, b: FunctionHealth): number =>
  b.invocations + b.running - (a.invocations + a.running) || a.functionName.localeCompare(b.functionName);

/** The on-screen view: exact figures from the rows shown, per function, busiest first. */
export function summarizeRows(rows: readonly HealthSample[]): FunctionHealth[] {
  const out = new Map<string, FunctionHealth>();
  const durations = new Map<string, number[]>();
  for (const row of rows) {
    const name = row.functionName ?? '?';
    let h = out.get(name);
    if (!h) {
      h = emptyHealth(name);
      out.set(name, h);
      durations.set(name, []);
    }
    count(h, row);
    if (!row.live && isDuration(row.durationMs)) durations.get(name)?.push(row.durationMs);
  }
  for (const [name, h] of out) {
    const sorted = (durations.get(name) ?? []).sort((a, b) => a - b);
    h.p50Ms = exactQuantile(sorted, 0.5);
    h.p95Ms = exactQuantile(sorted, 0.95);
    h.p99Ms = exactQuantile(sorted, 0.99);
  }
  return [...out.values()].sort(byFunction);
}

/** Durations a function keeps exactly, since the start, before its percentiles come from the sketch. */
export const EXACT_DURATIONS = 2048;

/** Index at which `value` goes to keep `sorted` in order. */
function insertionPoint(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface SinceStart {
  health: FunctionHealth;
  sketch: QuantileSketch;
  /** Every duration so far, in order; null once there were more than `exactLimit`. */
  sorted: number[] | null;
}

export interface HealthTracker {
  add(sample: HealthSample): void;
  /**
   * Takes back what `add` counted of a sample without a REPORT's figures (a request let go
   * incomplete, completed by a late REPORT and added again): it gave no duration, memory or
   * span beyond its start, so its counts are all there is to take back.
   */
  withdraw(sample: HealthSample): void;
  /** Per function, busiest first. */
  summary(): FunctionHealth[];
}

/**
 * Since-start figures; past `maxFunctions` distinct names the rest share one row. Durations
 * are kept sorted as they come (the summary is asked for at every publish, for costs, so
 * it must not sort), and fed to the sketch too, which takes over past `exactLimit`.
 */
export function createHealthTracker(maxFunctions = 200, exactLimit = EXACT_DURATIONS): HealthTracker {
  const stats = new Map<string, SinceStart>();
  return {
    add(sample) {
      if (sample.live) return;
      let name = sample.functionName ?? '?';
      if (!stats.has(name) && stats.size >= maxFunctions) name = OTHER;
      let s = stats.get(name);
      if (!s) {
        s = { health: emptyHealth(name), sketch: new QuantileSketch(0.01), sorted: [] };
        stats.set(name, s);
      }
      count(s.health, sample);
      const ms = sample.durationMs;
      if (!isDuration(ms)) return;
      s.sketch.add(ms);
      if (s.sorted === null) return;
      if (s.sorted.length >= exactLimit) s.sorted = null;
      else s.sorted.splice(insertionPoint(s.sorted, ms), 0, ms);
    },
    withdraw(sample) {
      if (sample.live) return;
      const s = stats.get(sample.functionName ?? '?') ?? stats.get(OTHER);
      if (!s) return;
      const h = s.health;
      h.invocations--;
      const field = FAILURE_FIELD[sample.status];
      if (field) h[field]--;
      if (sample.coldStart) h.cold--;
      if (sample.costUsd !== null) {
        h.costUsd -= sample.costUsd;
        h.priced--;
      }
    },
    summary() {
      const out: FunctionHealth[] = [];
      for (const { health, sketch, sorted } of stats.values()) {
        const quantile = (q: number): number | null =>
          sorted === null ? sketch.quantile(q) : exactQuantile(sorted, q);
        out.push({
          ...health,
          p50Ms: quantile(0.5),
          p95Ms: quantile(0.95),
          p99Ms: quantile(0.99),
          approximate: sorted === null,
        });
      }
      return out.sort(byFunction);
    },
  };
}
