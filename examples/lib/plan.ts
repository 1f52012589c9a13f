/**
 * The timeline of one execution environment (one log stream): when it starts, how long each
 * request runs, how it ends and what Lambda bills for it. Renderers turn a plan into log
 * lines; the plan is also the record tests check the parser against.
 */
import type { InvocationStatus } from '../../collectors/model.ts';
import { type AppLine, appLinesFor, type HandlerError, handlerErrorFor, initLinesFor } from './app-lines.ts';
import type { ExampleFunction } from './functions.ts';
import type { Rng } from './prng.ts';

export const MONTH_START = Date.UTC(2026, 9, 1);
export const MONTH_END = Date.UTC(2026, 10, 1);

export interface TimedLine extends AppLine {
  at: number;
}

/** How an environment came up before its first request. */
export type ColdStart =
  | { kind: 'init'; at: number; initMs: number; lines: TimedLine[] }
  | { kind: 'restore'; at: number; restoreMs: number; billedRestoreMs: number; restoreDoneAt: number };

export interface InvocationPlan {
  requestId: string;
  status: InvocationStatus;
  errorType: string | null;
  cold: ColdStart | null;
  startAt: number;
  /** Time of END/REPORT; for an incomplete request, of its last line. */
  endAt: number;
  /** Exact decimal durations as printed: text prints 2 decimals, JSON up to 3. */
  durationMs: number;
  billedDurationMs: number;
  maxMemoryUsedMB: number;
  traceId: string | null;
  segmentId: string;
  lines: TimedLine[];
  handlerError: HandlerError | null;
}

export interface StreamPlan {
  logStream: string;
  invocations: InvocationPlan[];
}

/** Integer units per ms that the log format prints (2 decimals in text, 3 in JSON). */
function unitsPerMs(fn: ExampleFunction): number {
  return fn.logFormat === 'JSON' ? 1000 : 100;
}

function traceIdAt(rng: Rng, at: number): string {
  return `1-${Math.floor(at / 1000)
    .toString(16)
    .padStart(8, '0')}-${rng.hex(24)}`;
}

type Outcome = 'success' | 'error' | 'timeout' | 'oom' | 'crash';

function pickOutcome(fn: ExampleFunction, rng: Rng): Outcome {
  const r = rng.next();
  const o = fn.outcomes;
  if (r < o.timeout) return 'timeout';
  if (r < o.timeout + o.oom) return 'oom';
  if (r < o.timeout + o.oom + o.crash) return 'crash';
  if (r < o.timeout + o.oom + o.crash + o.error) return 'error';
  return 'success';
}

function spreadLines(lines: AppLine[], from: number, to: number, rng: Rng): TimedLine[] {
  const span = Math.max(1, to - from);
  const times = lines.map(() => from + rng.int(0, span)).sort((a, b) => a - b);
  return lines.map((line, i) => ({ ...line, at: times[i] ?? from }));
}

function coldStartAt(fn: ExampleFunction, at: number, rng: Rng): ColdStart {
  const scale = unitsPerMs(fn);
  if (fn.config.snapStart === 'PublishedVersions') {
    const restoreUnits = rng.int(fn.initMs[0] * scale, fn.initMs[1] * scale);
    const restoreMs = restoreUnits / scale;
    const billedRestoreMs = Math.ceil((restoreMs * rng.int(10, 40)) / 100);
    return { kind: 'restore', at, restoreMs, billedRestoreMs, restoreDoneAt: at + Math.ceil(restoreMs) };
  }
  const initMs = rng.int(fn.initMs[0] * scale, fn.initMs[1] * scale) / scale;
  const lines = spreadLines(initLinesFor(fn.appStyle, rng), at + 5, at + Math.floor(initMs), rng);
  return { kind: 'init', at, initMs, lines };
}

/** Billed ms: ceil(duration + init) on-demand since 2025-08-01; SnapStart adds billed restore. */
function billed(durationMs: number, cold: ColdStart | null, scale: number): number {
  const d = Math.round(durationMs * scale);
  if (cold?.kind === 'restore') return Math.ceil(d / scale) + cold.billedRestoreMs;
  const i = cold?.kind === 'init' ? Math.round(cold.initMs * scale) : 0;
  return Math.ceil((d + i) / scale);
}

function planInvocation(
  fn: ExampleFunction,
  rng: Rng,
  startAt: number,
  cold: ColdStart | null,
  memory: number,
  outcome: Outcome,
): InvocationPlan {
  const scale = unitsPerMs(fn);
  const timeoutMs = fn.timeoutSeconds * 1000;
  let units = rng.int(fn.durationMs[0] * scale, fn.durationMs[1] * scale);
  if (rng.chance(0.03)) units = Math.min(units * 4, (timeoutMs - 50) * scale);
  if (outcome === 'timeout') units = timeoutMs * scale + rng.int(1 * scale, 60 * scale);
  const durationMs = units / scale;
  let billedMs = billed(durationMs, cold, scale);
  // Old-style timeouts cap Billed Duration at the configured timeout.
  if (outcome === 'timeout' && fn.logFormat === 'Text' && fn.textStyle.timeout === 'old')
    billedMs = timeoutMs;
  const endAt = startAt + Math.ceil(durationMs);
  let lines = appLinesFor(fn.config.functionName, rng);
  if (outcome === 'timeout' || outcome === 'oom' || outcome === 'crash') lines = lines.slice(0, 2);
  const timed = spreadLines(lines, startAt + 1, outcome === 'timeout' ? startAt + 2000 : endAt - 1, rng);
  const traced = rng.chance(fn.traceRate);
  const oldOom = fn.logFormat === 'Text' && fn.textStyle.oom === 'old';
  // An old-style OOM is only `signal: killed` + Runtime.ExitError; the new style names the OOM.
  let errorType: string | null = null;
  if (outcome === 'oom') errorType = oldOom ? 'Runtime.ExitError' : 'Runtime.OutOfMemory';
  if (outcome === 'crash') errorType = 'Runtime.ExitError';
  const handlerError = outcome === 'error' ? handlerErrorFor(fn.appStyle, rng) : null;
  // A handler's unhandled error is reported with its own type (TypeError, KeyError).
  if (handlerError) errorType = handlerError.errorType;
  return {
    requestId: rng.uuid(),
    status: outcome,
    errorType,
    cold,
    startAt,
    endAt,
    durationMs,
    billedDurationMs: billedMs,
    maxMemoryUsedMB: outcome === 'oom' ? fn.memorySizeMB : memory,
    traceId: traced ? traceIdAt(rng, startAt) : null,
    segmentId: rng.hex(16),
    lines: timed,
    handlerError,
  };
}

/** A request cut off by the end of the export: START and a few lines, no END/REPORT. */
function planIncomplete(fn: ExampleFunction, rng: Rng, startAt: number): InvocationPlan {
  const lines = appLinesFor(fn.config.functionName, rng).slice(0, 2);
  const timed = spreadLines(lines, startAt + 1, startAt + 40, rng);
  const last = timed[timed.length - 1]?.at ?? startAt;
  return {
    requestId: rng.uuid(),
    status: 'incomplete',
    errorType: null,
    cold: null,
    startAt,
    endAt: last,
    durationMs: 0,
    billedDurationMs: 0,
    maxMemoryUsedMB: 0,
    traceId: fn.logFormat === 'JSON' && rng.chance(fn.traceRate) ? traceIdAt(rng, startAt) : null,
    segmentId: rng.hex(16),
    lines: timed,
    handlerError: null,
  };
}

function streamName(fn: ExampleFunction, createdAt: number, rng: Rng): string {
  const d = new Date(createdAt);
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${day}/[${fn.version}]${rng.hex(32)}`;
}

/** Plans every stream of one function over October 2026. */
export function planFunction(fn: ExampleFunction, rng: Rng): StreamPlan[] {
  const streams: StreamPlan[] = [];
  const window = MONTH_END - MONTH_START - 2 * 86_400_000;
  for (let s = 0; s < fn.streams; s++) {
    // Streams come in pairs that start minutes apart: two environments serving at once, so
    // every export interleaves streams the way a scaled-out function does.
    const slot = s - (s % 2);
    const createdAt =
      MONTH_START + Math.floor((window * (slot + rng.next())) / fn.streams) + rng.int(0, 1_800_000);
    const logStream = streamName(fn, createdAt, rng);
    const count = rng.int(fn.invocationsPerStream[0], fn.invocationsPerStream[1]);
    let memory = rng.int(fn.baseMemoryMB[0], fn.baseMemoryMB[1]);
    let cold: ColdStart | null = coldStartAt(fn, createdAt, rng);
    let at =
      cold.kind === 'init'
        ? createdAt + Math.ceil(cold.initMs) + rng.int(1, 4)
        : cold.restoreDoneAt + rng.int(1, 4);
    const invocations: InvocationPlan[] = [];
    const cutOff = s >= fn.streams - fn.incompleteStreams;
    for (let i = 0; i < count; i++) {
      // The first request of an environment never fails, so each stream shows a cold success;
      // a stream cut off by the export end keeps its environment alive to the end.
      let outcome: Outcome = i === 0 ? 'success' : pickOutcome(fn, rng);
      if (cutOff && (outcome === 'timeout' || outcome === 'oom' || outcome === 'crash')) outcome = 'error';
      const plan = planInvocation(fn, rng, at, cold, memory, outcome);
      invocations.push(plan);
      cold = null;
      memory = Math.min(fn.memorySizeMB - 1, memory + (rng.chance(0.2) ? rng.int(0, 3) : 0));
      at = plan.endAt + rng.int(fn.gapSeconds[0] * 1000, fn.gapSeconds[1] * 1000);
      // After a timeout, an OOM or a crash Lambda replaces the environment: the stream ends.
      if (outcome === 'timeout' || outcome === 'oom' || outcome === 'crash') break;
    }
    if (cutOff) invocations.push(planIncomplete(fn, rng, at));
    streams.push({ logStream, invocations });
  }
  return streams;
}
