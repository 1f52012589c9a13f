/**
 * The stop a user asks for. The first SIGINT, SIGTERM or SIGHUP aborts the stop signal: a
 * command that honours it stops reading, finishes what it holds (open invocations printed
 * as `incomplete`, documents shipped), prints its summary and ends with 0, as at the end
 * of input. A second signal is the user insisting, and main exits at once. A command that
 * has nothing to finish does not honour the stop, and the first signal ends it at once.
 */
import { constants } from 'node:os';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignalName = (typeof STOP_SIGNALS)[number];

const controller = new AbortController();
let honoured = false;
let received: StopSignalName | null = null;
/** A stop begun by a write to a closed terminal, whose SIGHUP has not been heard yet. */
let hangUpUnheard = false;

/** The stop signal, for a command that finishes (flushes, summarises) when it aborts. */
export function honourStop(): AbortSignal {
  honoured = true;
  return controller.signal;
}

/** True once a stop was asked for. */
export function stopAsked(): boolean {
  return received !== null;
}

/**
 * Records a stop signal; returns the exit code to leave with at once, or null when the
 * running command will finish by itself.
 */
export function onStopSignal(name: StopSignalName): number | null {
  if (name === 'SIGHUP' && hangUpUnheard) {
    // The hang-up whose failed write began the stop already: the same stop, not a second.
    hangUpUnheard = false;
    return null;
  }
  const exitNow = 128 + (constants.signals[name] ?? 0);
  if (!honoured || received !== null) return exitNow;
  received = name;
  controller.abort(new StopRequest(name));
  return null;
}

/** The abort reason: the user's stop, by signal. */
export class StopRequest extends Error {
  constructor(readonly signalName: StopSignalName) {
    super(`stopped by ${signalName}`);
    this.name = 'AbortError';
  }
}

/**
 * Records that the terminal the output goes to is gone: a write failed with EIO, which can
 * come before the hang-up's SIGHUP is heard. Then the hang-up is the stop, as its signal
 * would have made it, and that signal, when it follows, is no second one. Returns whether
 * the running command will finish by itself (it honours the stop); one that does not is
 * ended at once by main, as a closed pipe ends it.
 */
export function onTerminalGone(): boolean {
  if (!honoured) return false;
  if (received === null) {
    received = 'SIGHUP';
    hangUpUnheard = true;
    controller.abort(new StopRequest('SIGHUP'));
  }
  return true;
}
