/**
 * ISO 8601 times, fast: every log line has one to read or write, and Date's own parser and
 * formatter cost more than the rest of a line's work. Both fall back to Date for anything
 * unusual, so they are exact, only quicker on the common shapes.
 */

const DAY_MS = 86_400_000;

/** Dates reach ±8.64e15 ms (±100,000,000 days from 1970); a time past that is no time at all. */
export const MAX_DATE_MS = 8.64e15;
// A small direct-mapped cache of each day's `YYYY-MM-DDT`: callers alternate between a few
// days (an event's and the clock's), which a single cached day would thrash.
const CACHE_SIZE = 64;
const cachedDays = new Float64Array(CACHE_SIZE).fill(Number.NaN);
const cachedPrefixes: string[] = new Array(CACHE_SIZE).fill('');

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** `SS.` for every second and `SSSZ` for every millisecond: the tail of a formatted time, made once. */
const SECONDS_DOT: string[] = Array.from({ length: 60 }, (_, i) => `${pad2(i)}.`);
const MILLIS_Z: string[] = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, '0')}Z`);
/**
 * The last time formatted, and where its second and minute begin, in one typed array:
 * numbers this size kept in plain variables are boxed, and each line's new time made two or
 * three heap numbers (of the ~1.2 KB a text copy's line allocated, ~65 bytes were these).
 * Lines of one invocation often share their millisecond (END and REPORT), mostly their
 * second, and nearly always their minute.
 */
const last = new Float64Array([Number.NaN, Number.NaN, Number.NaN]);
const LAST_MS = 0;
/** Epoch ms where the second and the minute of the last time formatted begin. */
const SECOND_AT = 1;
const MINUTE_AT = 2;
let lastFormatted = '';
let lastMinutePrefix = '';
let lastSecondPrefix = '';

/** `Date.prototype.toISOString` of epoch ms, with the day's date part computed once per day. */
export function formatIso(time: number): string {
  const ms = Math.trunc(time);
  if (ms === last[LAST_MS]) return lastFormatted;
  // Within the last second (most lines), no division: its start is known.
  let inSecond = ms - (last[SECOND_AT] as number);
  if (!(inSecond >= 0 && inSecond < 1000)) {
    const second = Math.floor(ms / 1000);
    const secondAt = second * 1000;
    const inMinute = secondAt - (last[MINUTE_AT] as number);
    if (!(inMinute >= 0 && inMinute < 60_000)) {
      const minute = Math.floor(second / 60);
      const day = Math.floor(ms / DAY_MS);
      const slot = day & (CACHE_SIZE - 1);
      if (cachedDays[slot] !== day) {
        const d = new Date(day * DAY_MS);
        if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 0 || d.getUTCFullYear() > 9999) {
          return new Date(ms).toISOString();
        }
        cachedDays[slot] = day;
        cachedPrefixes[slot] = d.toISOString().slice(0, 11);
      }
      const minuteOfDay = minute - day * 1440;
      const m = minuteOfDay % 60;
      last[MINUTE_AT] = minute * 60_000;
      lastMinutePrefix = `${cachedPrefixes[slot] as string}${pad2((minuteOfDay - m) / 60)}:${pad2(m)}:`;
    }
    last[SECOND_AT] = secondAt;
    lastSecondPrefix =
      lastMinutePrefix + (SECONDS_DOT[(secondAt - (last[MINUTE_AT] as number)) / 1000] as string);
    inSecond = ms - secondAt;
  }
  last[LAST_MS] = ms;
  lastFormatted = lastSecondPrefix + (MILLIS_Z[inSecond] as string);
  return lastFormatted;
}

function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
 * Plain arithmetic: `Date.UTC` costs more than the rest of a line's parse. Days past the
 * month's end roll over, as they do in `Date.UTC`.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]` (a missing zone is UTC, as in
 * `sam logs`), or NaN. Fractions beyond milliseconds are cut, as CloudWatch keeps ms.
 * `from`/`to` read a time inside a line in place: a cut-out copy is a sliced string, whose
 * characters cost V8 nearly twice as much to read.
 */
export function parseIso(text: string, from = 0, to = text.length): number {
  const year = digits(text, from, 4);
  const month = digits(text, from + 5, 2);
  const dayOfMonth = digits(text, from + 8, 2);
  const hour = digits(text, from + 11, 2);
  const minute = digits(text, from + 14, 2);
  const second = digits(text, from + 17, 2);
  const sep = text.charCodeAt(from + 10);
  if (
    to - from < 19 ||
    year < 0 ||
    month < 1 ||
    month > 12 ||
    dayOfMonth < 1 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    (sep !== 84 && sep !== 32) ||
    text.charCodeAt(from + 4) !== 45 ||
    text.charCodeAt(from + 7) !== 45 ||
    text.charCodeAt(from + 13) !== 58 ||
    text.charCodeAt(from + 16) !== 58
  ) {
    return dateParse(text, from, to);
  }
  let i = from + 19;
  let milli = 0;
  if (i < to && (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44)) {
    i++;
    const digitsFrom = i;
    let scale = 100;
    while (i < to) {
      const c = text.charCodeAt(i) - 48;
      if (!(c >= 0 && c <= 9)) break;
      milli += c * scale;
      scale = (scale - (scale % 10)) / 10;
      i++;
    }
    if (i === digitsFrom) return dateParse(text, from, to);
  }
  let offset = 0;
  if (i < to) {
    const z = text.charCodeAt(i);
    if (z === 90 || z === 122) {
      i++;
    } else if (z === 43 || z === 45) {
      const colon = text.charCodeAt(i + 3) === 58;
      const oh = digits(text, i + 1, 2);
      const om = digits(text, colon ? i + 4 : i + 3, 2);
      if (oh < 0 || om < 0) return dateParse(text, from, to);
      offset = (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
      i += colon ? 6 : 5;
    } else {
      return dateParse(text, from, to);
    }
  }
  if (i !== to) return dateParse(text, from, to);
  const days = daysFromCivil(year, month, dayOfMonth);
  return days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + milli - offset;
}

function dateParse(text: string, from: number, to: number): number {
  return Date.parse(from === 0 && to === text.length ? text : text.slice(from, to));
}
