/**
 * Text copied out of a console or a CLI carries a prefix in front of each Lambda message:
 * `sam logs` puts the stream and a time there, `aws logs tail` a time and the stream, and
 * pasted console rows a timestamp. The prefix is taken off and kept as event data.
 */
import { parseIso } from '../iso-time.ts';
import { ownCopy } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { RecentMap } from './recent-map.ts';

export interface CopyPrefix {
  /** The message without its prefix. */
  message: string;
  /** Epoch ms of the prefix's time, when it had one. */
  timestamp?: number | undefined;
  logStream?: string | undefined;
}

const STREAM = '\\d{4}/\\d{2}/\\d{2}/\\[[^\\]]+\\][0-9a-zA-Z]+';
const TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})?';
/** A Lambda request ID, which a message's own time can precede. */
const REQUEST_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/**
 * `sam logs`: `<stream> <time> <message>`, a space after the time. Under a stream alone
 * (`awslogs -G`) a message's own time is not one: a runtime's line has a tab after it,
 * Lambda's timeout line a space and its request ID.
 */
const SAM = new RegExp(`^(${STREAM})\\s+(${TIME}) (?!${REQUEST_ID})`);
/** `aws logs tail`: `<time> <stream> <message>`. */
const AWS_TAIL = new RegExp(`^(${TIME})\\s+(${STREAM})\\s`);
/** `awslogs -G` (no group) without `--timestamp`: `<stream> <message>`. */
const STREAM_ONLY = new RegExp(`^(${STREAM})(?:\\s+|$)`);
/**
 * The time `awslogs --timestamp` writes, always to the millisecond in UTC and then a space.
 * A message can start with a time too: a runtime's line with a tab after it, Lambda's
 * timeout line with a space and its request ID.
 */
const AWSLOGS_TIME = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
/**
 * `awslogs` (jorgebastida/awslogs): `<group> <stream> [<time>] <message>`, the group and the
 * stream padded with spaces, either left out with `-G`/`-S`. Only a Lambda function's group
 * is taken for one: a message may start with a path.
 */
const AWSLOGS = new RegExp(
  `^(/aws/lambda/[^\\s]+)\\s+(?:(${STREAM})(?:\\s+|$))?(?:(${AWSLOGS_TIME})(?:$| (?!${REQUEST_ID})))?`,
);
/** `saw get --pretty` and `saw watch --pretty`: `[<time>] (<stream>) <message>`. */
const SAW = new RegExp(`^\\[(${TIME})\\]\\s+\\((${STREAM})\\)(?:\\s+|$)`);
/** The function a Lambda log group belongs to. */
const LAMBDA_GROUP = '/aws/lambda/';
/**
 * Either prefix with nothing after it: `aws logs tail --format json` puts a JSON message on
 * the lines after its prefix, and a copy from a terminal drops the space that ended it.
 */
const BARE = new RegExp(`^(?:(${STREAM})\\s+(${TIME})|(${TIME})\\s+(${STREAM}))\\s*$`);
/**
 * A pasted console timestamp, recognised only in front of something Lambda writes at the
 * start of a message, so that runtime lines (`<time>\t<requestId>\t…`) keep their own time.
 */
const CONSOLE = new RegExp(
  `^(${TIME})\\s+(?=START |END |REPORT |INIT_|RESTORE_|EXTENSION|TELEMETRY|XRAY |\\[[A-Z]+\\]|\\{|\\d{4}-\\d{2}-\\d{2}T)`,
);
/** `YYYY-MM-DDT`, the part of an `aws logs tail` time that a run of lines shares. */
const DAY_LENGTH = 11;
/** Where `HH:MM:SS` ends, and a fraction or a zone may follow. */
const CLOCK_END = 19;
/**
 * Streams whose run is remembered: a busy function's tail alternates between hundreds of
 * streams, line by line. Each run holds a few short strings of its own (see `ownCopy`).
 */
export const MAX_TAIL_RUNS = 2048;

/**
 * The stream and day of an `aws logs tail` prefix read in full. A copy holds runs of one
 * stream's lines, or several streams' runs interleaved, nearly all of them on the day of
 * the stream's line before.
 */
interface TailRun {
  stream: string;
  /** `streamKey` of the stream's name. */
  key: number;
  /** `YYYY-MM-DDT` as the line wrote it. */
  day: string;
  /** How long the time's zone is (`+00:00`, `Z` or nothing) after its seconds and fraction. */
  zoneLength: number;
  /** The zone, the space after the time, and the stream, as the line wrote them. */
  tail: string;
  /** Epoch ms of 00:00:00 of the day in the zone. */
  dayMs: number;
}

/** Characters of a stream name's end that its key is made of: Lambda's end in 32 random hex digits. */
const KEY_CHARS = 8;

/**
 * A number for the stream name in `text` from `start` to `end`, made of its length and its
 * last characters: two streams seldom share it, and a run found by it is checked in full.
 * Kept within a small integer, which a Map looks up without hashing a heap number.
 */
function streamKey(text: string, start: number, end: number): number {
  let h = end - start;
  for (let i = Math.max(start, end - KEY_CHARS); i < end; i++)
    h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h & 0x3fffffff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The number two digits at `at` write, or -1. */
function twoDigits(line: string, at: number): number {
  const a = line.charCodeAt(at) - 48;
  const b = line.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function event(
  message: string,
  timestamp: number,
  logStream: string | undefined,
  functionName: string | undefined,
): LogEvent {
  return { timestamp, message, logStream, functionName };
}

/**
 * Turns the lines of one copy into events: each line's prefix, when it has one, is taken
 * off and kept as the event's stream and time (NaN when it carries none).
 *
 * A line of the same stream and day as an `aws logs tail` prefix read in full before is
 * read by comparing those in place, which gives the same event for a fraction of the cost:
 * matching a prefix with its captures and parsing its time were a sixth of the whole
 * pipeline's time on such copies. The last stream's run is tried first, then the run of
 * the stream the line names, so that a line of streams interleaved line by line costs
 * little more than one of a stream's own run. All other lines take the general way.
 */
export class CopyPrefixReader {
  private run: TailRun | null = null;
  /** The runs of the streams read lately, by `streamKey` of their name. */
  private readonly runs = new RecentMap<number, TailRun>(MAX_TAIL_RUNS);
  /**
   * The last stream name read, reused when the next prefix names the same stream: one
   * string object for a run of lines, whose hash the consumers' lookups by stream then
   * compute once rather than once a line.
   */
  private lastStream = '';

  constructor(private readonly functionName: string | undefined) {}

  event(line: string): LogEvent {
    const c = line.charCodeAt(0);
    if (c < 48 || c > 57) {
      if (c === 47 /* / */ || c === 91 /* [ */) return this.otherTool(line);
      return event(line, Number.NaN, undefined, this.functionName);
    }
    // A time has no white space: the first space past its clock ends it.
    const timeEnd = line.indexOf(' ', CLOCK_END);
    const run = timeEnd < 0 ? undefined : this.runNamed(line, timeEnd + 1);
    if (run !== undefined) {
      const read = this.inRun(line, run, timeEnd);
      if (read !== null) {
        this.run = run;
        return read;
      }
    }
    return this.general(line);
  }

  /**
   * The remembered run of the stream a line seems to name at `streamAt`: the word after the
   * time. Only a guess; `inRun` checks the line against it. The last stream's run is asked
   * first, and the others are found by a number made of the name's end rather than by the
   * name: cutting it out and hashing it cost as much as the rest of the line.
   */
  private runNamed(line: string, streamAt: number): TailRun | undefined {
    const streamEnd = line.indexOf(' ', streamAt);
    if (streamEnd < 0) return undefined;
    const key = streamKey(line, streamAt, streamEnd);
    const last = this.run;
    if (last !== null && last.key === key) return last;
    return this.runs.get(key);
  }

  /**
   * The event of a line that repeats the run's day, zone and stream, or null. What it
   * checks is what AWS_TAIL would match: the time's clock and fraction are digits, and one
   * white-space character ends the time and the stream (the stream's regex stops where it
   * stops, at the first character that is not alphanumeric after its `]`).
   */
  private inRun(line: string, run: TailRun, timeEnd: number): LogEvent | null {
    // Compared as cut-out copies: startsWith, which V8 runs a character at a time, made this
    // path several times slower. A part under 13 characters, such as the day, is cut out as
    // a flat string, which compares in half the time of a longer part (a view of the line).
    if (line.slice(0, DAY_LENGTH) !== run.day) return null;
    const zoneAt = timeEnd - run.zoneLength;
    const streamEnd = zoneAt + run.tail.length;
    if (zoneAt < CLOCK_END || line.slice(zoneAt, streamEnd) !== run.tail) return null;
    if (!isSpace(line.charCodeAt(streamEnd))) return null;
    const hour = twoDigits(line, DAY_LENGTH);
    const minute = twoDigits(line, DAY_LENGTH + 3);
    const second = twoDigits(line, DAY_LENGTH + 6);
    if (hour < 0 || minute < 0 || second < 0) return null;
    if (line.charCodeAt(DAY_LENGTH + 2) !== 58 || line.charCodeAt(DAY_LENGTH + 5) !== 58) return null;
    let milli = 0;
    if (CLOCK_END < zoneAt) {
      if (line.charCodeAt(CLOCK_END) !== 46 /* . */ || CLOCK_END + 1 === zoneAt) return null;
      // Fractions beyond milliseconds are cut, as parseIso cuts them.
      for (let j = CLOCK_END + 1, scale = 100; j < zoneAt; j++, scale = (scale - (scale % 10)) / 10) {
        const d = line.charCodeAt(j) - 48;
        if (!(d >= 0 && d <= 9)) return null;
        milli += d * scale;
      }
    }
    const time = run.dayMs + ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    return event(line.slice(streamEnd + 1), time, run.stream, this.functionName);
  }

  private general(line: string): LogEvent {
    let m = SAM.exec(line);
    if (m) {
      // The match ends in one white-space character, right after the time.
      const end = m[0].length - 1;
      const time = parseIso(line, end - (m[2] as string).length, end);
      return event(line.slice(m[0].length), time, this.sameStream(m[1] as string), this.functionName);
    }
    m = AWS_TAIL.exec(line);
    if (m) {
      const timeEnd = (m[1] as string).length;
      const time = parseIso(line, 0, timeEnd);
      const stream = this.streamName(m[2] as string);
      this.startRun(line, timeEnd, m[0].length - 1 - stream.length, time, stream);
      return event(line.slice(m[0].length), time, stream, this.functionName);
    }
    m = CONSOLE.exec(line);
    if (m) {
      const time = parseIso(line, 0, (m[1] as string).length);
      return event(line.slice(m[0].length), time, undefined, this.functionName);
    }
    m = STREAM_ONLY.exec(line);
    if (m)
      return event(line.slice(m[0].length), Number.NaN, this.sameStream(m[1] as string), this.functionName);
    m = BARE.exec(line);
    if (m) {
      const sam = m[1] !== undefined;
      const timeText = (sam ? m[2] : m[3]) as string;
      const timeAt = line.indexOf(timeText, sam ? (m[1] as string).length : 0);
      const time = parseIso(line, timeAt, timeAt + timeText.length);
      return event('', time, this.sameStream((sam ? m[1] : m[4]) as string), this.functionName);
    }
    return event(line, Number.NaN, undefined, this.functionName);
  }

  /** A line of `awslogs` (a Lambda group first) or of `saw --pretty` (a bracketed time). */
  private otherTool(line: string): LogEvent {
    let m = AWSLOGS.exec(line);
    if (m) {
      const group = m[1] as string;
      const time = m[3] === undefined ? Number.NaN : parseIso(m[3] as string);
      return {
        timestamp: time,
        message: line.slice(m[0].length),
        logStream: m[2] === undefined ? undefined : this.sameStream(m[2] as string),
        // The group names the function, whatever the file is called.
        functionName: group.slice(LAMBDA_GROUP.length),
        logGroup: group,
      };
    }
    m = SAW.exec(line);
    if (m) {
      const time = parseIso(m[1] as string);
      return event(line.slice(m[0].length), time, this.sameStream(m[2] as string), this.functionName);
    }
    return event(line, Number.NaN, undefined, this.functionName);
  }

  private sameStream(name: string): string {
    if (name === this.lastStream) return this.lastStream;
    this.lastStream = name;
    return name;
  }

  /**
   * The one string kept for an `aws logs tail` stream name: the name its remembered run
   * holds, or a copy of its own that the run about to start will hold.
   */
  private streamName(name: string): string {
    const known = this.runs.get(streamKey(name, 0, name.length))?.stream;
    if (known === name) return known;
    if (name !== this.lastStream) this.lastStream = ownCopy(name);
    return this.lastStream;
  }

  /**
   * Keeps an `aws logs tail` prefix just read, which matched TIME, as the run to compare
   * with, when one space parts its time and its stream (at `streamAt`).
   */
  private startRun(line: string, timeEnd: number, streamAt: number, time: number, stream: string): void {
    if (Number.isNaN(time) || streamAt !== timeEnd + 1 || line.charCodeAt(timeEnd) !== 32) {
      this.run = null;
      return;
    }
    // TIME matched: the clock's six places are digits.
    const clock = (twoDigits(line, DAY_LENGTH) * 60 + twoDigits(line, DAY_LENGTH + 3)) * 60;
    const seconds = clock + twoDigits(line, DAY_LENGTH + 6);
    let milli = 0;
    let zoneAt = CLOCK_END;
    if (line.charCodeAt(zoneAt) === 46 /* . */) {
      zoneAt++;
      for (let scale = 100; isDigit(line.charCodeAt(zoneAt)); zoneAt++, scale = (scale - (scale % 10)) / 10) {
        milli += (line.charCodeAt(zoneAt) - 48) * scale;
      }
    }
    this.run = {
      stream,
      key: streamKey(stream, 0, stream.length),
      day: line.slice(0, DAY_LENGTH),
      zoneLength: timeEnd - zoneAt,
      // The zone and the space are under 13 characters: copied, not a view of the line.
      tail: line.slice(zoneAt, streamAt) + stream,
      dayMs: time - seconds * 1000 - milli,
    };
    this.runs.set(this.run.key, this.run);
  }
}

export function splitCopyPrefix(line: string): CopyPrefix {
  const e = new CopyPrefixReader(undefined).event(line);
  if (e.message === line) return { message: line };
  return {
    message: e.message,
    timestamp: Number.isFinite(e.timestamp) ? e.timestamp : undefined,
    logStream: e.logStream,
  };
}
