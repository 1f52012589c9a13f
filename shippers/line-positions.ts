/**
 * Where each line a shipper writes stands in time, and its ordinal among identical lines of
 * its stream at that time: what names its document (`lineDocumentId`), so that the same
 * line read again (another delivery, a copy without event IDs) lands on the same document.
 */
import { RecentMap } from '../collectors/files/recent-map.ts';
import { LineTimes, STREAMS_REMEMBERED, streamKeys } from '../collectors/line-time.ts';
import type { LogEvent } from '../collectors/model.ts';
import type { ParsedLine } from '../collectors/parser/types.ts';
import type { LineFacts } from './documents.ts';

/**
 * Where a line stands in time: the time that places and names it, where that time came
 * from, and its ordinal among the identical lines of its stream at that time.
 */
export interface Position {
  time: number;
  ordinal: number;
  source: LineFacts['timeSource'];
  /** Whether the ordinal may be short: see `LineFacts.ordinalComplete`. */
  complete: boolean;
}

/**
 * A stream's lines at its latest time: how many of each message there were (the first
 * message alone, without a map, as nearly every time holds one line), the input that time
 * began in, and whether that input holds it from its start (an earlier time of the stream
 * came before it in the same input, or the input holds the stream from a time bound).
 */
interface SameTime {
  ts: number;
  first: string;
  firstCount: number;
  others: Map<string, number> | null;
  input: number;
  complete: boolean;
  /** The stream's time before this one, and so on back (see `follow`). */
  prior: SameTime | null;
  /** How many entries the chain from here holds at most. */
  depth: number;
  /** The latest time the stream has had: a time after it is new, with nothing to look up. */
  latest: number;
  /** The last input that gave an event of the stream (kept on the newest entry only). */
  seen: number;
}

/**
 * Times of a stream whose counts are kept after the stream moved on. A stream's time can go
 * back (a copy that pastes samples together, a clock step, a late delivery): counting a
 * time it returns to from 0 again gave a line the ordinal of an identical one before it,
 * so the same `_id`, and one of the two was lost as "already present".
 */
const RECENT_TIMES = 16;

/** The entry for `time` among `head`'s earlier times, taken out of the chain; null: none. */
function takeEarlier(head: SameTime, time: number): SameTime | null {
  for (let at = head; at.prior !== null; at = at.prior) {
    const found = at.prior;
    if (found.ts === time) {
      at.prior = found.prior;
      return found;
    }
  }
  return null;
}

/**
 * Links `next` before `head`'s chain. The chain is cut back to `RECENT_TIMES` entries once
 * it has grown to twice that, so that a new time (nearly every line) walks no chain.
 */
function follow(next: SameTime, head: SameTime | undefined): SameTime {
  next.prior = head ?? null;
  next.depth = (head?.depth ?? 0) + 1;
  if (next.depth > 2 * RECENT_TIMES) {
    let at = next;
    for (let n = 1; n < RECENT_TIMES && at.prior !== null; n++) at = at.prior;
    at.prior = null;
    next.depth = RECENT_TIMES;
  }
  return next;
}

/** How many lines with this message the stream had at this time before this one (and counts it). */
function countBefore(at: SameTime, message: string): number {
  if (message === at.first) return at.firstCount++;
  at.others ??= new Map();
  const n = at.others.get(message) ?? 0;
  at.others.set(message, n + 1);
  return n;
}

/**
 * Lines no identical line can come before in their millisecond, so their ordinal is 0
 * wherever the input begins: a request's START, END and REPORT (each naming it), and an
 * environment's INIT_START / RESTORE_START and their reports, which a stream (one
 * environment) holds once, milliseconds apart at the least when an init is run again.
 * They are what a stream begins with, so a delivery names its first line as an export does.
 */
const ONE_OF_A_KIND: ReadonlySet<ParsedLine['kind']> = new Set([
  'start',
  'end',
  'report',
  'init-start',
  'init-report',
  'restore-start',
  'restore-report',
]);

export interface PositionCounter {
  (event: LogEvent, parsed: ParsedLine): Position;
  /** The events that follow begin another input (a file, a delivery). */
  newInput(): void;
  /**
   * Whether a stream whose first event in its input is among the events that follow holds
   * its first millisecond whole there (see TIME_BOUND in source-context.ts).
   */
  timeBound(yes: boolean): void;
  /** Streams held (each in its times and its anchor, the larger count) and forgotten. */
  streams(): { held: number; forgotten: number };
}

/**
 * Positions of lines. A line's time is its event's, else the one its own text carries;
 * a line with neither takes the time of the timed line before it in its stream (its
 * anchor): collectors/line-time.ts, the rule `cost` counts a line's bytes by too. So a copy
 * with untimed lines, shipped again on any day, lands on the same documents. The ordinal counts only identical lines of the stream at that time: repeated
 * identical lines each keep their own document, and a line's ID does not depend on where a
 * copy begins (an export that starts at a REPORT sharing its millisecond with the END before
 * it names the REPORT as the whole log does). Lines with an event ID are counted the same
 * way, so that they are named as a copy without the IDs names them.
 *
 * Whether a time is whole is judged within one input only, so that an event is named the
 * same whether its input is shipped alone or after the input before it. An input bounded by
 * time (`filter-log-events` output, a window of CloudWatch history, a follower's polls) holds
 * each stream's first millisecond whole too: named by ID there, the first line of every stream
 * was stored again by a copy without IDs, and by a later run over an earlier window.
 */
export function positionCounter(streams = STREAMS_REMEMBERED): PositionCounter {
  // Bounded as the anchors are (see STREAMS_REMEMBERED). A stream read again after it was
  // forgotten is counted as if read for the first time: a later millisecond of it begins at
  // ordinal 0 either way, so its lines are named as before, but for a line read late at one
  // of its last times (counted from 0 again there) and a line with an event ID that begins a
  // millisecond of the input the stream was last read in, or of an input bounded by time at or
  // before the newest time a forgotten stream had, not a START, END or REPORT (not known to be
  // whole there, so named by that ID, not by its content).
  // The newest time a forgotten stream had: a stream not held whose time is not after it may
  // be one coming back to a millisecond it had lines in, counted from 0 again there, so it
  // is not taken as whole from a time bound (its line keeps its event ID, as a twin of the
  // line counted first there must).
  let forgottenUpTo = Number.NEGATIVE_INFINITY;
  const last = new RecentMap<string, SameTime>(streams, (entry) => {
    if (entry.latest > forgottenUpTo) forgottenUpTo = entry.latest;
  });
  const keyOf = streamKeys();
  const times = new LineTimes(streams);
  let input = 0;
  let bounded = false;
  const at = (event: LogEvent, parsed: ParsedLine): Position => {
    const key = keyOf(event);
    const time = times.place(event, parsed, key);
    const source = times.source;
    const message = event.message;
    const prev = last.get(key);
    const once = ONE_OF_A_KIND.has(parsed.kind);
    // The stream's first event in an input that holds each stream from a time bound: the
    // input has its millisecond whole, as if an earlier time of the stream had come first.
    const fromBound = bounded && prev?.seen !== input && (prev !== undefined || !(time <= forgottenUpTo));
    // Untimed lines are counted at the stream's latest time, which is their anchor's.
    if (source === 'anchor' || source === 'none') {
      if (!prev) {
        last.set(key, {
          ts: Number.NaN,
          first: message,
          firstCount: 1,
          others: null,
          input,
          complete: false,
          prior: null,
          depth: 1,
          latest: Number.NaN,
          seen: input,
        });
        return { time, ordinal: 0, source, complete: false };
      }
      prev.seen = input;
      const ordinal = countBefore(prev, message);
      const complete = once || (prev.complete && prev.input === input);
      return { time, ordinal, source, complete: source === 'anchor' && complete };
    }
    if (prev && prev.ts === time) {
      prev.seen = input;
      if (fromBound) wholeIn(prev, input);
      const complete = once || (prev.complete && prev.input === input);
      return { time, ordinal: countBefore(prev, message), source, complete };
    }
    // A time the stream had before goes on counting where it stopped.
    const earlier = prev && time <= prev.latest ? takeEarlier(prev, time) : null;
    if (prev && earlier) {
      earlier.latest = prev.latest;
      earlier.seen = input;
      if (fromBound) wholeIn(earlier, input);
      last.set(key, follow(earlier, prev));
      const complete = once || (earlier.complete && earlier.input === input);
      return { time, ordinal: countBefore(earlier, message), source, complete };
    }
    // Only a time entered from an earlier one of the same input (or from a time bound) is
    // whole: an input may begin part-way through its first millisecond (or a later delivery
    // of the stream may come first), and there the ordinal can be short.
    const complete = fromBound || (prev !== undefined && prev.input === input && prev.ts < time);
    const latest = prev && !(time < prev.latest) ? time : (prev?.latest ?? time);
    const next: SameTime = {
      ts: time,
      first: message,
      firstCount: 1,
      others: null,
      input,
      complete,
      prior: null,
      depth: 1,
      latest,
      seen: input,
    };
    last.set(key, follow(next, prev));
    return { time, ordinal: 0, source, complete: once || complete };
  };
  return Object.assign(at, {
    newInput: () => {
      input++;
    },
    timeBound: (yes: boolean) => {
      bounded = yes;
    },
    streams: () => ({
      held: Math.max(last.size, times.streams.held),
      forgotten: Math.max(last.forgotten, times.streams.forgotten),
    }),
  });
}

/**
 * A time an earlier input began, held whole by this one from its start: counting goes on
 * from the earlier input's lines, as the duplicate check drops this input's copies of them.
 */
function wholeIn(at: SameTime, input: number): void {
  at.input = input;
  at.complete = true;
}
