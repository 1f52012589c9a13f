/**
 * How a run that shows invocations (`logs`, and `tail` piped or on screen) ends: the checks
 * that make a run built from nothing a failure, then the closing summary on stderr. One
 * place, so that `tail` ends the way `logs` does whichever way it ran.
 */
import type { EventSource } from '../../collectors/event-source.ts';
import { nothingInCloudWatch } from './empty-cloudwatch.ts';
import { checkEveryInputRead, checkInputRead, checkInvocationsFound, inputNames } from './input-problems.ts';
import { formatSummary, type RunSummary } from './run-summary.ts';
import { sayLine } from './say-line.ts';

export interface RunEnd {
  summary: RunSummary;
  source: Pick<EventSource, 'aws' | 'report'>;
  inputs: string[];
  /**
   * The run was stopped before its input ended (a signal, or quitting the screen): what it
   * saw is an answer, not a failure, even when that is nothing.
   */
  stopped: boolean;
  /** `--function-name` was given, so no invocation is left unnamed. */
  functionNamed: boolean;
}

/**
 * Throws when nothing was read (exit 1, naming what); else writes the summary to `err`,
 * then throws when an input beside the others could not be read whole (exit 1).
 */
export function endRun(run: RunEnd, err: NodeJS.WritableStream): void {
  const { summary, source, inputs, stopped } = run;
  if (source.aws === null && !stopped) checkInputRead(source.report, inputs);
  // CloudWatch gave no event: the window, the filter or the group's name is what to change.
  if (!stopped && summary.invocations === 0 && source.aws && linesRead(source) === 0)
    throw nothingInCloudWatch(source.aws);
  if (!stopped) checkInvocationsFound(summary.invocations, linesRead(source), sourceNamed(source, inputs));
  sayLine(`${formatSummary(summary)}`, err);
  if (summary.damaged > 0) {
    sayLine(
      `warning: ${summary.damaged} invocation(s) have a REPORT figure no Lambda function can have, shown as read (cost leaves them unpriced); the first, ${summary.firstDamaged}`,
      err,
    );
  }
  sayWindowCuts(summary, source, stopped, err);
  if (summary.unnamed > 0 && !run.functionNamed) {
    sayLine(
      summary.unnamed === 1
        ? '1 invocation names no function; pass --function-name <name> to name it'
        : `${summary.unnamed} invocations name no function; pass --function-name <name> to name them`,
      err,
    );
  }
  if (source.aws === null && !stopped) checkEveryInputRead(source.report);
}

/** How many invocations a window of history cut: still running at its end, begun before its start. */
export interface WindowCuts {
  /** Counted by `EndCuts` (window-end.ts). */
  openAtEnd: number;
  /** Counted by `StartCuts` (window-start.ts). */
  startedBefore: number;
}

/**
 * Says after a run's summary why the invocations a window of history cut are `incomplete`,
 * in the same words whichever command read the window: `logs` and `tail` show them so and
 * `ship` stores them so. A run stopped before the window's end did not read up to it.
 */
export function sayWindowCuts(
  cuts: WindowCuts,
  source: Pick<EventSource, 'aws'>,
  stopped: boolean,
  err: NodeJS.WritableStream,
): void {
  if (cuts.openAtEnd > 0 && !stopped && source.aws?.status.snapshot().mode === 'history') {
    sayLine(openAtWindowEnd(cuts.openAtEnd, source.aws.range.endTime), err);
  }
  if (cuts.startedBefore > 0 && source.aws) {
    sayLine(startedBeforeWindow(cuts.startedBefore, source.aws.range.startTime), err);
  }
}

/** The lines a source delivered: the events of its local inputs, or of its log groups. */
export function linesRead(source: Pick<EventSource, 'aws' | 'report'>): number {
  return source.aws
    ? source.aws.status.snapshot().groups.reduce((n, g) => n + g.delivered, 0)
    : source.report.inputs.reduce((n, i) => n + i.events, 0);
}

/** The source in words: its log groups, or its inputs (stdin as such). */
export function sourceNamed(source: Pick<EventSource, 'aws'>, inputs: string[]): string {
  return source.aws ? source.aws.logGroups.join(', ') : inputNames(inputs);
}

/**
 * Why invocations printed `incomplete` at the end of a window of history are so: they had
 * not ended where the window does, which the summary's "incomplete" alone reads as a failure.
 */
function openAtWindowEnd(open: number, endTime: number | undefined): string {
  const one = open === 1;
  const what = `${open} ${one ? 'invocation' : 'invocations'}`;
  if (endTime === undefined) {
    return `${what} had not ended when read: shown as incomplete (still running, or ${one ? 'its' : 'their'} last lines not yet in CloudWatch)`;
  }
  return `${what} had not ended by --until ${new Date(endTime).toISOString()}: shown as incomplete; ${one ? 'its' : 'their'} END and REPORT, if any, are after the window (a later --until shows them)`;
}

/**
 * Why invocations printed `incomplete` at the start of a window of history are so: their
 * START is before it, and what the window holds of them cannot show a success.
 */
function startedBeforeWindow(cut: number, startTime: number): string {
  const one = cut === 1;
  const their = one ? 'its' : 'their';
  return `${cut} ${one ? 'invocation' : 'invocations'} had started before --since ${new Date(startTime).toISOString()}: shown as incomplete unless ${their} lines in the window show a failure; ${their} START and first lines are before the window (an earlier --since shows them)`;
}
