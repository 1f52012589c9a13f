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
 * not followed (see `wholeFromSince` for a follower) and without a `--filter-pattern` (which
 * need not match any START).
 */
export function readsWindowWhole(source: Pick<EventSource, 'aws' | 'live'>): boolean {
  return source.aws !== null && !source.live && !source.aws.range.filterPattern;
}

/** What of a source is read whole from `--since` (`wholeFromSince`): all, what is before a time, or nothing. */
export type WholeFromSince = boolean | number;

/**
 * What of the source is read whole from `--since`: all of it (true) for a window of history; for
 * a follower of CloudWatch (`--follow`, without a `--filter-pattern`), what is timestamped before
 * `followedAt`, when following began: its first poll reads from `--since` on as a history read
 * does, so a request with a line before then and no START read began before `--since`, as
 * without `--follow`. Later polls read what is new, where a START lacking may have been lost
 * rather than be before the window. Nothing (false) for other sources (Live Tail starts now).
 */
export function wholeFromSince(
  source: Pick<EventSource, 'aws' | 'live' | 'label'>,
  followedAt: number,
): WholeFromSince {
  if (readsWindowWhole(source)) return true;
  return source.aws !== null && source.label === 'follow' && !source.aws.range.filterPattern
    ? followedAt
    : false;
}

/** What a screen says of an invocation the window's start cut, in the words the run's closing note uses. */
export function startCutNote(startTime: number): string {
  return `began before --since ${new Date(startTime).toISOString()}: its START and first lines are before the window, so it is shown incomplete unless its lines in it show a failure (an earlier --since shows them)`;
}

/**
 * An invocation's identity for the window's notes: its log group and stream beside the
 * request ID. Lambda retries a request under its ID, in another environment and so another
 * stream, and two functions may log one ID: the window may cut one of them and not the
 * other. NUL cannot occur in a group's or stream's name, so two identities never read alike.
 */
export function cutKeyOf(inv: Pick<Invocation, 'logGroup' | 'logStream' | 'requestId'>): string {
  return `${inv.logGroup ?? ''}\u0000${inv.logStream ?? ''}\u0000${inv.requestId}`;
}

export class StartCuts {
  /**
   * The time before which the source read every event from `--since` on (a history window:
   * all of it); a request first seen later is not taken as begun before it.
   */
  private readonly wholeBefore: number;
  /**
   * For the correlator's `onUnstarted`: none when nothing of the source is read whole from
   * `--since`, where a START lacking says nothing of when the request began.
   */
  readonly onUnstarted: ((inv: Invocation) => void) | undefined;

  /** `whole`: what of the source is read whole from `--since`, as `wholeFromSince` says. */
  constructor(whole: WholeFromSince | undefined) {
    this.wholeBefore = typeof whole === 'number' ? whole : Number.POSITIVE_INFINITY;
    this.onUnstarted = whole === undefined || whole === false ? undefined : this.mark;
  }

  /** Invocations begun before the window, whatever they were shown as. */
  count = 0;
  /** Those of them whose REPORT was read: they ended inside the window. */
  private readonly ended = new WeakSet<Invocation>();
  /**
   * Their identities (`cutKeyOf`), for a screen to say why one is shown so: at most one per
   * stream running when the window begins, so few.
   */
  private readonly began = new Set<string>();

  /** The invocation's START was before the window (when what was read of it says so). */
  private readonly mark = (inv: Invocation): void => {
    if (this.wholeBefore !== Number.POSITIVE_INFINITY && !(firstTime(inv) < this.wholeBefore)) return;
    if (inv.status === 'success') {
      inv.status = 'incomplete';
      this.ended.add(inv);
    }
    this.began.add(cutKeyOf(inv));
    this.count++;
  };

  /** Whether the invocation (this one, not another of its request ID) began before the window. */
  beganBefore(inv: Invocation): boolean {
    return this.began.has(cutKeyOf(inv));
  }

  /** Whether an `incomplete` invocation ended in the window, shown so only for its start. */
  endedInWindow(inv: Invocation): boolean {
    return this.ended.has(inv);
  }
}

/** The time of the invocation's first line read (NaN when the input gave none). */
function firstTime(inv: Invocation): number {
  return inv.start === null ? Number.NaN : Date.parse(inv.start);
}
