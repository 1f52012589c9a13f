/**
 * One `lambdalens tail` on a terminal, wired: the opened source pumped into the store
 * (paced for a replay), live input settled by the wall clock, CloudWatch status and X-Ray
 * traces fed in, input problems shown as they happen, and the screen run until the user
 * quits. The command only parses flags and opens the source; everything after is here.
 */
import type { AwsLogSource } from '../../collectors/cloudwatch-logs/aws-log-source.ts';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import type { InputReport } from '../../collectors/files/read-inputs.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';
import type { TraceFileMatches } from '../../collectors/xray/trace-file.ts';
import type { Trace } from '../../collectors/xray/types.ts';
import { createSummaryCounter, type RunSummary } from '../output/run-summary.ts';
import { EndCuts, endCutNote } from '../output/window-end.ts';
import { StartCuts, startCutNote, type WholeFromSince } from '../output/window-start.ts';
import { feedStatus, feedTraces } from './aws-feed.ts';
import type { GlyphSet } from './glyphs.ts';
import type { loadTui } from './launch.ts';
import { pumpEvents } from './pump.ts';
import { createTailStore, type TailStore } from './store.ts';
import type { CostFn, InputProblems } from './types.ts';

const PROBLEMS_EVERY_MS = 250;

export interface TailSessionOptions {
  /** The source's events, a batch at a time. */
  events: AsyncIterable<readonly LogEvent[]>;
  /** More may come at any moment (stdin from a pipe, follow, Live Tail). */
  live: boolean;
  /** Shown on the status bar: `file`, `stdin`, `follow`, `live`, `replay ×10`. */
  label: string;
  aws: AwsLogSource | null;
  report: InputReport;
  /** Replay speed for local files; null reads as fast as possible. */
  speed: number | null;
  maxInvocations: number;
  maxLines: number;
  functionName?: string | undefined;
  cost: CostFn;
  /** Traces given up front (`--traces-file`). */
  traces: readonly Trace[];
  /** The file they were read from, named by the detail view of an invocation whose trace it lacks. */
  tracesFilePath?: string | null | undefined;
  /** What the invocations find of those traces, for the command to say when none did. */
  traceMatches?: TraceFileMatches | undefined;
  /** Fetch the X-Ray trace of each traced invocation (CloudWatch sources). */
  xray: boolean;
  /**
   * What of the source is read whole from `--since` (`wholeFromSince`: a window of history, a
   * follower's first window): a request whose START it lacks began before `--since`, and is
   * shown incomplete unless it failed, as `logs` shows it.
   */
  windowStart?: WholeFromSince | undefined;
  region: string | null;
  /** The user's stop (a signal): ends the screen as `q` does. */
  stop?: AbortSignal | undefined;
  /** The terminal UI, loading (started early: it takes longest). */
  tui: ReturnType<typeof loadTui>;
  glyphs: GlyphSet;
}

/** What reading local input has found so far, for the status bar. */
export function inputProblems(report: InputReport): InputProblems {
  const failed = report.inputs.filter((i) => i.error !== null);
  const warnings = report.inputs.reduce((n, i) => n + i.warnings, 0);
  const lastFailure = failed[failed.length - 1];
  const latest = lastFailure
    ? `${lastFailure.input}: ${lastFailure.error}`
    : (report.messages[report.messages.length - 1] ?? null);
  return { errors: failed.length, warnings, latest };
}

/** Copies the input report's problems onto the status bar as they change; returns the check, to run at the end of input. */
function watchProblems(store: TailStore, report: InputReport, signal: AbortSignal): () => void {
  let last = '';
  const check = (): void => {
    const problems = inputProblems(report);
    const key = `${problems.errors}/${problems.warnings}/${problems.latest}`;
    if (key === last) return;
    last = key;
    store.setSource({ problems });
  };
  const timer = setInterval(check, PROBLEMS_EVERY_MS);
  signal.addEventListener(
    'abort',
    () => {
      clearInterval(timer);
      check();
    },
    { once: true },
  );
  return check;
}

/** How a session ended, for the command to say once the screen is gone. */
export interface TailOutcome {
  /** Every invocation seen, those still open at the end counted as they were. */
  summary: RunSummary;
  /** The source's failure (access denied, a broken input), shown cut on the status bar: null when none. */
  failure: unknown;
  /** The input came to its end before the user quit. */
  inputEnded: boolean;
}

/** Runs the tail on the terminal until the user quits; the input is stopped when it returns. */
export async function runTailSession(options: TailSessionOptions): Promise<TailOutcome> {
  const abort = new AbortController();
  let fetchTrace: ((invocation: Invocation) => void) | null = null;
  const counter = createSummaryCounter();
  const startCuts = new StartCuts(options.windowStart);
  const since = options.aws?.range.startTime ?? null;
  const endCuts = new EndCuts(startCuts);
  // As run-end.ts: only a window of history ends where the user said; a follower's input does not end so.
  const history = options.aws?.status.snapshot().mode === 'history';
  const until = options.aws?.range.endTime;
  const store = createTailStore({
    correlator: createCorrelator({
      maxLinesPerInvocation: options.maxLines,
      functionName: options.functionName,
      live: options.live,
      onUnstarted: startCuts.onUnstarted,
    }),
    startCut: (inv) => (since !== null && startCuts.beganBefore(inv) ? startCutNote(since) : null),
    endCut: (inv) => (history && endCuts.cutAtEnd(inv) ? endCutNote(until) : null),
    onComplete: (inv, atEnd) => {
      // Open where the input ended, not where the user quit (then the run says nothing of it).
      if (atEnd && !abort.signal.aborted) endCuts.note(inv);
      counter.add(inv);
      options.traceMatches?.note(inv);
      if (inv.traceId) fetchTrace?.(inv);
    },
    onRebuilt: (was, now) => {
      counter.replace(was, now);
      if (now.traceId && !was.traceId) {
        options.traceMatches?.note(now, true);
        fetchTrace?.(now);
      }
    },
    maxInvocations: options.maxInvocations,
    maxLiveLines: options.maxLines,
    tracesFile: options.tracesFilePath
      ? { path: options.tracesFilePath, traceIds: new Set(options.traces.map((t) => t.traceId)) }
      : null,
    fileTraces: options.traces,
    cost: options.cost,
    ...(options.functionName ? { functionName: options.functionName } : {}),
  });
  if (options.aws) {
    feedStatus(store, options.aws, abort.signal);
    if (options.xray) fetchTrace = feedTraces(store, options.aws, abort.signal);
  }
  store.setSource({ label: options.label });
  const checkProblems = watchProblems(store, options.report, abort.signal);
  // The screen first: a replay paced by event time starts when there is something to watch it on.
  const { runTui } = await options.tui;
  let failure: unknown = null;
  let inputEnded = false;
  const pumping = pumpEvents(options.events, store, {
    speed: options.speed,
    signal: abort.signal,
    liveLag: options.live,
  })
    .then(() => {
      inputEnded = !abort.signal.aborted;
    })
    .catch((error: unknown) => {
      failure = error;
      store.setSource({ failure: (error as Error).message, ended: true });
    })
    .finally(checkProblems);
  try {
    await runTui({
      store,
      glyphs: options.glyphs,
      region: options.region,
      inputEnded: pumping,
      stop: options.stop,
    });
  } finally {
    abort.abort();
    await pumping;
  }
  // Invocations still open when the user quit count as they are (incomplete), as `logs` counts them.
  if (!inputEnded) store.end();
  return {
    summary: counter.summary(store.snapshot().stats.unattributed, {
      openAtEnd: endCuts.count,
      startedBefore: startCuts.count,
    }),
    failure,
    inputEnded,
  };
}
