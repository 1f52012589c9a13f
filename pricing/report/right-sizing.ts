/**
 * Memory advice that is safe to act on. Lambda gives CPU in proportion to memory, so less
 * memory can mean a longer run, a cost that does not fall, and a timeout. So:
 * - a function that ran out of memory, or timed out, is never told to take less;
 * - with several memory sizes in the data, duration is fitted against memory
 *   (d = a + b / memory, the fixed part and the part that scales with CPU) and the cheapest
 *   size whose predicted p99 stays inside the timeout is advised;
 * - with one size, the advice assumes the worst (duration grows in inverse proportion to
 *   memory), goes no lower than what keeps p99 inside the timeout under that assumption,
 *   claims the saving only as an upper bound, and says to confirm it with a measured run.
 */
import type { Price } from '../money.ts';
import { gbSecondCost, toUsd } from '../money.ts';
import type { QuantileSketch } from './quantile-sketch.ts';
import type { MemoryAdvice } from './types.ts';

export interface MemoryUsage {
  count: number;
  billedMs: bigint;
  durations: QuantileSketch;
  maxUsedMB: number | null;
}

export interface AdviceInput {
  /** The function's memory size now (the config's, else the highest seen). */
  configuredMB: number;
  byMemory: ReadonlyMap<number, MemoryUsage>;
  timeouts: number;
  ooms: number;
  /** The configured timeout; null when neither discovery nor the config said. */
  timeoutSeconds: number | null;
  /** Price per GB-s the saving is counted at. */
  rate: Price;
  headroomPct: number;
}

/** Sizes with fewer invocations than this are too few to fit. */
const MIN_SAMPLES = 20;
/** Lambda's default timeout, assumed when the real one is not known. */
const DEFAULT_TIMEOUT_S = 3;
/** Keep p99 this far inside the timeout. */
const TIMEOUT_MARGIN = 0.8;
const TUNING = 'confirm with a measured tuning run (AWS Lambda Power Tuning) before changing it';

/** Smallest 64 MB step (≥128 MB) that keeps the headroom above the highest memory used. */
export function recommendedMemoryMB(maxUsedMB: number, headroomPct: number): number {
  const needed = Math.ceil((maxUsedMB * (100 + headroomPct)) / 100);
  return Math.min(10_240, Math.max(128, Math.ceil(needed / 64) * 64));
}

function stepUp(mb: number): number {
  return Math.min(10_240, Math.max(128, Math.ceil(mb / 64) * 64));
}

interface Fit {
  a: number;
  b: number;
}

/** Least squares of y = a + b / memory; b kept ≥ 0 (more memory never slows a function down). */
function fitCurve(points: Array<{ mb: number; y: number }>): Fit {
  const n = points.length;
  const xs = points.map((p) => 1 / p.mb);
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxy += dx * ((points[i] as { y: number }).y - my);
    sxx += dx * dx;
  }
  const b = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  return { a: Math.max(0, my - b * mx), b };
}

const at = (f: Fit, mb: number) => f.a + f.b / mb;

export function memoryAdvice(input: AdviceInput): MemoryAdvice {
  const { configuredMB, byMemory } = input;
  let maxUsed: number | null = null;
  for (const m of byMemory.values()) {
    if (m.maxUsedMB !== null && (maxUsed === null || m.maxUsedMB > maxUsed)) maxUsed = m.maxUsedMB;
  }
  const base = {
    configuredMB,
    maxUsedMB: maxUsed,
    headroomPct: maxUsed === null ? null : ((configuredMB - maxUsed) / configuredMB) * 100,
    timeoutSeconds: input.timeoutSeconds,
  };
  if (maxUsed === null) {
    return {
      ...base,
      recommendedMB: null,
      recommendation: 'no memory data',
      savingUsd: 0,
      basis: 'none',
      note: 'no Max Memory Used in the data',
    };
  }
  const needed = recommendedMemoryMB(maxUsed, input.headroomPct);
  if (input.ooms > 0 || maxUsed >= configuredMB) {
    const to = Math.max(needed, stepUp(configuredMB + 1));
    return {
      ...base,
      recommendedMB: to,
      recommendation: `raise to ${to} MB`,
      savingUsd: 0,
      basis: 'none',
      note: `${input.ooms > 0 ? `${input.ooms} invocation(s) ran out of memory` : 'memory use reached the configured size'}: more memory avoids failures (and brings more CPU)`,
    };
  }
  if (input.timeouts > 0) {
    return {
      ...base,
      recommendedMB: configuredMB,
      recommendation: 'keep (timed out)',
      savingUsd: 0,
      basis: 'none',
      note: `${input.timeouts} invocation(s) timed out in the period: less memory means less CPU and more timeouts; look at the timeout and at what the function waits on`,
    };
  }
  if (needed >= configuredMB) {
    return {
      ...base,
      recommendedMB: configuredMB,
      recommendation: 'keep',
      savingUsd: 0,
      basis: 'none',
      note: 'memory use leaves no room to go lower',
    };
  }
  const timeoutS = input.timeoutSeconds ?? DEFAULT_TIMEOUT_S;
  const limitMs = timeoutS * 1000 * TIMEOUT_MARGIN;
  const timeoutWords =
    input.timeoutSeconds === null
      ? `the timeout is not known (assumed Lambda's default ${DEFAULT_TIMEOUT_S} s; set timeoutSeconds in --config)`
      : `the ${timeoutS} s timeout`;
  const sized = [...byMemory.entries()].filter(([, m]) => m.count >= MIN_SAMPLES);
  if (sized.length >= 2) return fitted(input, base, sized, needed, limitMs, timeoutWords);
  return assumed(input, base, needed, limitMs, timeoutWords);
}

function fitted(
  input: AdviceInput,
  base: Omit<MemoryAdvice, 'recommendedMB' | 'recommendation' | 'savingUsd' | 'basis' | 'note'>,
  sized: Array<[number, MemoryUsage]>,
  needed: number,
  limitMs: number,
  timeoutWords: string,
): MemoryAdvice {
  const billed = fitCurve(sized.map(([mb, m]) => ({ mb, y: Number(m.billedMs) / m.count })));
  const p99 = fitCurve(sized.map(([mb, m]) => ({ mb, y: m.durations.quantile(0.99) ?? 0 })));
  const largest = Math.max(input.configuredMB, ...sized.map(([mb]) => mb));
  let best = input.configuredMB;
  let bestCost = input.configuredMB * at(billed, input.configuredMB);
  for (let mb = needed; mb <= largest; mb += 64) {
    if (at(p99, mb) > limitMs) continue;
    const cost = mb * at(billed, mb);
    if (cost < bestCost) {
      best = mb;
      bestCost = cost;
    }
  }
  const sizes = sized.map(([mb]) => `${mb}`).join(', ');
  const note = `duration fitted against memory over ${sized.length} sizes in the data (${sizes} MB); predicted p99 at ${best} MB: ${Math.round(at(p99, best))} ms, inside ${timeoutWords}; ${TUNING}`;
  if (best === input.configuredMB) {
    return { ...base, recommendedMB: best, recommendation: 'keep', savingUsd: 0, basis: 'fit', note };
  }
  const current = input.byMemory.get(input.configuredMB);
  const count = current?.count ?? 0;
  const perCall = input.configuredMB * at(billed, input.configuredMB) - best * at(billed, best);
  const savedMbMs = BigInt(Math.max(0, Math.round(perCall * count)));
  return {
    ...base,
    recommendedMB: best,
    recommendation: `${best < input.configuredMB ? 'lower' : 'raise'} to ${best} MB`,
    savingUsd: toUsd(gbSecondCost(savedMbMs, input.rate)),
    basis: 'fit',
    note,
  };
}

function assumed(
  input: AdviceInput,
  base: Omit<MemoryAdvice, 'recommendedMB' | 'recommendation' | 'savingUsd' | 'basis' | 'note'>,
  needed: number,
  limitMs: number,
  timeoutWords: string,
): MemoryAdvice {
  const conf = input.configuredMB;
  const current = input.byMemory.get(conf);
  const p99 = current?.durations.quantile(0.99) ?? null;
  // Worst case: all of the duration is CPU, which scales with memory.
  const floor = p99 === null ? conf : stepUp((conf * p99) / limitMs);
  const to = Math.max(needed, floor);
  if (to >= conf) {
    return {
      ...base,
      recommendedMB: conf,
      recommendation: 'keep',
      savingUsd: 0,
      basis: 'assumption',
      note: `less memory could take p99 past ${timeoutWords} if the function is CPU-bound (one memory size in the data, so duration against memory is unknown); ${TUNING}`,
    };
  }
  let savedMbMs = 0n;
  for (const [mb, m] of input.byMemory) if (mb > to) savedMbMs += m.billedMs * BigInt(mb - to);
  const worstP99 = p99 === null ? null : (p99 * conf) / to;
  return {
    ...base,
    recommendedMB: to,
    recommendation: `try ${to} MB`,
    savingUsd: toUsd(gbSecondCost(savedMbMs, input.rate)),
    basis: 'assumption',
    note: `saves up to the amount shown if duration holds (I/O-bound); if CPU-bound, duration grows up to ${(conf / to).toFixed(1)}× (p99 ≈ ${worstP99 === null ? '?' : Math.round(worstP99)} ms, inside ${timeoutWords}) and cost stays about the same; ${TUNING}`,
  };
}
