/**
 * `--since 1h`, `--until 2024-05-01T10:00:00Z`, `--since 1717000000000`: the time forms the
 * AWS CLI and the common tailers accept, resolved against an injected `now`.
 */

import { UsageError } from '../../collectors/kernel/index.ts';

/** A `--since`/`--until`/duration value that cannot be read: the command was called wrongly. */
export class TimeParseError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'TimeParseError';
  }
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h|d|w)(?:\s+ago)?$/i;

/**
 * Parses a relative duration (`90s`, `15m`, `1h`, `2d`, `1w`, `1h ago`), `now`, an ISO 8601
 * time, or epoch seconds / milliseconds, into epoch milliseconds. `label` names the option
 * in the error (`--since`).
 */
export function parseTime(input: string, now: number, label = 'time'): number {
  const ms = readTime(input, now, label);
  // Past what a Date holds, a time cannot be shown, compared with event times or sent: read
  // as a date it threw, and as the end of a history read it kept the read going for ever.
  if (!(Math.abs(ms) <= MAX_DATE_MS)) {
    throw new TimeParseError(
      `${label}: "${input}" is no time a date can hold (epoch milliseconds go from -${MAX_DATE_MS} to ${MAX_DATE_MS})`,
    );
  }
  return ms;
}

/** The furthest a JavaScript Date reaches either side of the epoch (100,000,000 days). */
const MAX_DATE_MS = 8_640_000_000_000_000;

function readTime(input: string, now: number, label: string): number {
  const text = input.trim();
  if (text === '') throw new TimeParseError(`${label}: empty value`);
  if (text.toLowerCase() === 'now') return now;
  const rel = RELATIVE.exec(text);
  if (rel) {
    const unit = UNIT_MS[rel[2]!.toLowerCase()]!;
    return now - Math.round(Number(rel[1]) * unit);
  }
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    // Ten digits or fewer is epoch seconds (good until 2286), more is milliseconds.
    return text.length <= 10 ? n * 1000 : n;
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (day) {
    refuseMissingDay(input, Number(day[1]), day[2]!, Number(day[3]), label);
    const ms = Date.parse(utcUnlessZoned(text));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new TimeParseError(
    `${label}: cannot read "${input}"; use a duration like 15m, 1h, 2d, an ISO time like ` +
      '2024-05-01T10:00:00Z, or epoch milliseconds',
  );
}

/** A date and a time of day (to the minute, second or a fraction of it) with no zone after it. */
const ZONELESS_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)$/;

/**
 * A date and time without a zone is UTC, as a date alone is, as every time lambdalens shows
 * is written, and as the screen's `t` reads the same text. The Date parser takes it as the
 * machine's local time: `--since 2026-10-05T14:00` named another instant on every machine
 * not on UTC, and the window moved by its offset.
 */
function utcUnlessZoned(text: string): string {
  const m = ZONELESS_TIME.exec(text);
  return m ? `${m[1]}T${m[2]!.replace(',', '.')}Z` : text;
}

/**
 * The Date parser rolls a day past its month's end into the next month (`2026-02-30` is
 * 2 March): a window typed a day wrong would read from another day without a word.
 */
function refuseMissingDay(input: string, year: number, month: string, day: number, label: string): void {
  // Day 0 of the next month is this month's last day. A month out of 01-12 is left to the
  // parser, which reads no such time.
  if (Number(month) < 1 || Number(month) > 12) return;
  const days = new Date(Date.UTC(year, Number(month), 0)).getUTCDate();
  if (day >= 1 && day <= days) return;
  throw new TimeParseError(`${label} "${input}": ${year}-${month} has no day ${day}`);
}

/** Parses a duration (`60s`, `500ms`, `2m`) into milliseconds. */
export function parseDuration(input: string, label = 'duration'): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h|d|w)?$/i.exec(input.trim());
  if (!m) throw new TimeParseError(`${label}: cannot read "${input}"; use e.g. 500ms, 60s, 2m`);
  const unit = m[2] ? UNIT_MS[m[2].toLowerCase()]! : 1000;
  return Math.round(Number(m[1]) * unit);
}

/** Resolves `--since`/`--until` into a checked range. */
export function parseTimeRange(
  since: string | undefined,
  until: string | undefined,
  now: number,
  defaultSince = '10m',
): { startTime: number; endTime: number | undefined } {
  const startTime = parseTime(since ?? defaultSince, now, '--since');
  const endTime = until === undefined ? undefined : parseTime(until, now, '--until');
  if (endTime !== undefined && endTime < startTime) {
    const end = `--until (${new Date(endTime).toISOString()}) is before`;
    const start = new Date(startTime).toISOString();
    // Blaming a --since the user never typed leaves them to guess where its time came from.
    throw new TimeParseError(
      since === undefined
        ? `${end} the window's start, ${defaultSince} ago when no --since is given (${start}): give a --since before the --until`
        : `${end} --since (${start})`,
    );
  }
  return { startTime, endTime };
}

/**
 * A read from a `--since` that has not come yet shows nothing: a history read has nothing to
 * read there, and a follower would sit silent until then (a year typed wrong waits for years
 * without a word). Both are refused at start, naming the window and the time now, rather
 * than reading every group to say it is empty, or waiting.
 */
export function refuseFutureWindow(
  range: { startTime: number; endTime: number | undefined },
  now: number,
  mode: 'history' | 'follow' | 'live' = 'history',
): void {
  if (range.startTime <= now) return;
  const iso = (ms: number) => new Date(ms).toISOString();
  const window =
    range.endTime === undefined
      ? `--since ${iso(range.startTime)}`
      : `--since ${iso(range.startTime)} --until ${iso(range.endTime)}`;
  const said = `${window} is in the future (it is now ${iso(now)})`;
  if (mode === 'history') throw new UsageError(`${said}: a history read has nothing to read there yet`);
  throw new UsageError(`${said}: following would show nothing until then; give a --since before now`);
}
