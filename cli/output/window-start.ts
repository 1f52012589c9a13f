/**
 * Invocations the start of a window of history cuts: begun before `--since`, so the window
 * holds their last lines, END and REPORT, but not their START nor what they wrote first.
 * What was read of such an invocation cannot show a success (its error line may be before
 * the window), so one that reads as a success is shown `incomplete`, as one the window's end
 * cuts is, with its REPORT's figures; a failure its lines in the window show stays that
 * failure. The run says after its summary how many began before the window.
 */
import type { EventSource } from '../../collectors/event-source.ts';
import type { Invocation } from '../../collectors/model.ts';

/**
 * Whether the source reads a window of history whole from where it begins, so that a request
 * whose START it lacks began before `--since`: CloudWatch history (`logs`, `tail --until`),
 * not followed (a follower starts where it is started, mid-request or not) and without a
 * `--filter-pattern` (which need not match any START).
 */
export function readsWindowWhole(source: Pick<EventSource, 'aws' | 'live'>): boolean {
  return source.aws !== null && !source.live && !source.aws.range.filterPattern;
}

/** What a screen says of an invocation the window's start cut, in the words the run's closing note uses. */
export function startCutNote(startTime: number): string {
  return `began before --since ${new Date(startTime).toISOString()}: its START and first lines are before the window, so it is shown incomplete unless its lines in it show a failure (an earlier --since shows them)`;
}

export class StartCuts {
  /** Invocations begun before the window, whatever they were shown as. */
  count = 0;
  /** Those of them whose REPORT was read: they ended inside the window. */
  private readonly ended = new WeakSet<Invocation>();
  /**
   * Their request IDs, for a screen to say why one is shown so: at most one per stream
   * running when the window begins, so few.
   */
  private readonly began = new Set<string>();

  /** For the correlator's `onUnstarted`: the invocation's START was before the window. */
  readonly mark = (inv: Invocation): void => {
    if (inv.status === 'success') {
      inv.status = 'incomplete';
      this.ended.add(inv);
    }
    this.began.add(inv.requestId);
    this.count++;
  };

  /** Whether the request began before the window. */
  beganBefore(requestId: string): boolean {
    return this.began.has(requestId);
  }

  /** Whether an `incomplete` invocation ended in the window, shown so only for its start. */
  endedInWindow(inv: Invocation): boolean {
    return this.ended.has(inv);
  }
}
