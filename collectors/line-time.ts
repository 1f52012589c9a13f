/**
 * The time a log line is placed at: one rule for `ship`, which stores the line under it
 * (`@timestamp`, the index), and for `cost` from files, which counts the line's bytes on its
 * day, so that both count the same bytes on the same day. A line's time is its event's, else
 * the one its own text states (a runtime's `2026-10-06T10:00:00.010Z\t<id>\tINFO\t…` read
 * without a copy's prefix), else its anchor's: the timed line before it in its stream (a
 * START or REPORT of a copy without times). A line with none is placed at its invocation's
 * time (`invocationTime`) once that is known, and is undated without one.
 */
import { RecentMap } from './files/recent-map.ts';
import type { Invocation, LogEvent } from './model.ts';
import { lineTime } from './parser/parse-line.ts';
import type { ParsedLine } from './parser/types.ts';

const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;

/** Whether epoch ms is a time a log line can honestly carry (years 0 to 9999). */
export function isPlausibleTime(ms: number): boolean {
  return ms >= FIRST_MS && ms <= LAST_MS;
}

/** When an invocation happened: its start, else its end; NaN when its lines carry no time. */
export function invocationTime(invocation: Pick<Invocation, 'start' | 'end'>): number {
  const start = invocation.start ? Date.parse(invocation.start) : Number.NaN;
  if (isPlausibleTime(start)) return start;
  const end = invocation.end ? Date.parse(invocation.end) : Number.NaN;
  return isPlausibleTime(end) ? end : Number.NaN;
}

/**
 * Keys of streams; a run of events of one stream (a whole payload) shares one key string.
 * An input that names no group is the function's it stands for, as the correlator and the
 * threads' part check take it: two functions' copies without streams are two streams, so
 * a line at the start of one never takes its time from the end of the other.
 */
export function streamKeys(): (e: LogEvent) => string {
  let group: string | undefined;
  let stream: string | undefined;
  let key = '';
  return (e) => {
    const g = e.logGroup ?? e.functionName;
    if (key === '' || g !== group || e.logStream !== stream) {
      group = g;
      stream = e.logStream;
      key = `${group ?? ''}\u0000${stream ?? ''}`;
    }
    return key;
  };
}

/** Where a line's time came from (see the top of this file). */
export type LineTimeSource = 'event' | 'line' | 'anchor' | 'none';

/**
 * Streams whose latest time is remembered (`LineTimes`, the shipper's line positions, and the
 * streams the duplicate check follows in order): the last half of it read are always among
 * them. A month of a busy account holds a million streams; kept for all of them, what places
 * and names lines grew by most of a kilobyte a stream. A stream is one environment, serving
 * one request at a time: one not read while 20,000 others were is mostly one long gone (the
 * correlator keeps 10,000 requests open, and lets the oldest go past that). A stream read
 * again after it was forgotten is placed as one read for the first time: an untimed line of
 * it before its next timed one is placed by its invocation's time, not its stream's last.
 */
export const STREAMS_REMEMBERED = 40_000;

/** Places lines in time, stream by stream, in the order they are read. */
export class LineTimes {
  /** Where the time of the line last placed came from. */
  source: LineTimeSource = 'none';
  /** Each stream's latest timed line, but the current run's, which is kept below; bounded. */
  private readonly anchors: RecentMap<string, number>;
  /** The stream of the current run of timed lines and its latest time: one map update per run. */
  private runStream = '';
  private runTime = Number.NaN;

  constructor(streams = STREAMS_REMEMBERED) {
    this.anchors = new RecentMap(streams);
  }

  /** The time of `event` (parsed as `parsed`) of the stream keyed `stream` (see `streamKeys`); NaN: none. */
  place(event: LogEvent, parsed: ParsedLine, stream: string): number {
    if (isPlausibleTime(event.timestamp)) return this.timed(stream, event.timestamp, 'event');
    const own = lineTime(parsed);
    if (own !== undefined && isPlausibleTime(own)) return this.timed(stream, own, 'line');
    const anchor = stream === this.runStream ? this.runTime : this.anchors.get(stream);
    if (anchor === undefined) {
      this.source = 'none';
      return Number.NaN;
    }
    this.source = 'anchor';
    return anchor;
  }

  private timed(stream: string, time: number, source: LineTimeSource): number {
    if (stream !== this.runStream) {
      if (this.runStream !== '') this.anchors.set(this.runStream, this.runTime);
      this.runStream = stream;
    }
    this.runTime = time;
    this.source = source;
    return time;
  }

  /** Streams whose anchor is held, and those forgotten to stay bounded (see `STREAMS_REMEMBERED`). */
  get streams(): { held: number; forgotten: number } {
    return { held: this.anchors.size, forgotten: this.anchors.forgotten };
  }
}
