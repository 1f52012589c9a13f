/**
 * How an invocation ended, from everything its lines said. Several lines can speak to it
 * (a REPORT `Status:`, a `Task timed out` line, a runtime's out-of-memory message, a
 * `Runtime.ExitError` line), so the facts are gathered first and decided once.
 */
import type { InvocationStatus } from '../model.ts';
import type { FailureSignal } from '../parser/types.ts';
import { isLambdaMemorySize } from '../report-values.ts';

export interface OutcomeFacts {
  reported: boolean;
  /** REPORT `Status:` or JSON report `status`. */
  reportStatus: string | null;
  reportErrorType: string | null;
  /** JSON `platform.runtimeDone` status. */
  runtimeStatus: string | null;
  runtimeErrorType: string | null;
  /** Failure signals seen in the invocation's lines, as `SIGNAL_BIT` flags. */
  signals: number;
  /** Error type named by a line (`Runtime.ExitError`, an unhandled error record's type). */
  lineErrorType: string | null;
  memorySizeMB: number | null;
  maxMemoryUsedMB: number | null;
}

export function emptyFacts(): OutcomeFacts {
  return {
    reported: false,
    reportStatus: null,
    reportErrorType: null,
    runtimeStatus: null,
    runtimeErrorType: null,
    signals: 0,
    lineErrorType: null,
    memorySizeMB: null,
    maxMemoryUsedMB: null,
  };
}

export const SIGNAL_BIT: Record<FailureSignal, number> = { timeout: 1, oom: 2, crash: 4, error: 8 };

function has(f: OutcomeFacts, signal: FailureSignal): boolean {
  return (f.signals & SIGNAL_BIT[signal]) !== 0;
}

const OOM_TYPES = new Set(['Runtime.OutOfMemory']);
const CRASH_TYPES = new Set(['Runtime.ExitError', 'Runtime.Crash']);
const TIMEOUT_TYPES = new Set(['Sandbox.Timedout']);

/** Whether REPORT or the runtime's done record gave this status. */
function saidStatus(f: OutcomeFacts, status: string): boolean {
  return f.reportStatus === status || f.runtimeStatus === status;
}

export interface Outcome {
  readonly status: InvocationStatus;
  readonly errorType: string | null;
}

const SUCCESS: Outcome = Object.freeze({ status: 'success', errorType: null });
const INCOMPLETE: Outcome = Object.freeze({ status: 'incomplete', errorType: null });
const OOM: Outcome = Object.freeze({ status: 'oom', errorType: null });

/**
 * Whether the REPORT's Max Memory Used passed its Memory Size (or, `atLimit`, reached it).
 * Only a size a function can have says so: `Memory Size: 0 MB` (a damaged line, an
 * emulator) is no limit anything ran out of, and `logs` marks the figure instead.
 */
function usedAtLeast(f: OutcomeFacts, atLimit: boolean): boolean {
  const used = f.maxMemoryUsedMB;
  const size = f.memorySizeMB;
  if (used === null || size === null || !isLambdaMemorySize(size)) return false;
  return used > size || (atLimit && used >= size);
}

/** Exactly one status, in the order timeout, oom, crash, error, success, incomplete. */
export function decideOutcome(f: OutcomeFacts): Outcome {
  const errorType = f.reportErrorType ?? f.runtimeErrorType ?? f.lineErrorType;
  // Nothing said but the figures (nearly every invocation): only memory can tell.
  if (errorType === null && f.signals === 0 && f.reportStatus === null && f.runtimeStatus === null) {
    if (usedAtLeast(f, false)) return OOM;
    return f.reported ? SUCCESS : INCOMPLETE;
  }

  if (saidStatus(f, 'timeout') || has(f, 'timeout') || (errorType && TIMEOUT_TYPES.has(errorType))) {
    return { status: 'timeout', errorType };
  }
  const crashed = saidStatus(f, 'failure') || has(f, 'crash') || (!!errorType && CRASH_TYPES.has(errorType));
  // A runtime killed at its memory limit ran out of memory; above the limit, it did whatever else was said.
  if ((errorType && OOM_TYPES.has(errorType)) || has(f, 'oom') || usedAtLeast(f, crashed)) {
    return { status: 'oom', errorType };
  }
  if (crashed) return { status: 'crash', errorType };
  if (saidStatus(f, 'error') || has(f, 'error') || errorType) {
    return { status: 'error', errorType };
  }
  return { status: f.reported ? 'success' : 'incomplete', errorType };
}
