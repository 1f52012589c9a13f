/**
 * `t` (jump to a time): what the user typed → an instant in UTC, read against the rows
 * held, since a replay of last month has nothing to do with the wall clock. Accepts what
 * the TIME column shows (`12:30`, `12:30:05.250`, `10-01 12:30`), full dates
 * (`2026-10-01 12:30`, ISO with a zone) and offsets back from the newest row (`-5m`, `-1h30m`),
 * which is the row that came last, not one stamped hours ahead by a bad clock (`RowView.placeMs`).
 */
import type { ParseResult } from './filter.ts';

const DAY = 86_400_000;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const MONTH_DAY = /^(\d{1,2})-(\d{1,2})[ T](.+)$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](.+))?$/;
const OFFSET = /^-((?:\d+(?:\.\d+)?[hms])+)$/;

function clockMs(text: string): number | null {
  const m = CLOCK.exec(text);
  if (!m) return null;
  const [h, min, s, ms] = [m[1], m[2], m[3] ?? '0', (m[4] ?? '0').padEnd(3, '0')].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  if (h > 23 || min > 59 || s > 59) return null;
  return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Midnight UTC of a calendar date, or why there is no such date. Date.UTC would roll an
 * impossible one over (10-32 to 11-01, 09-31 to 10-01, month 13 to next January).
 */
function dayMs(year: number, month: number, day: number): ParseResult<number> {
  if (month < 1 || month > 12) return { ok: false, error: `no month ${month}: months are 1 to 12` };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days)
    return { ok: false, error: `no day ${day} in ${MONTHS[month - 1]} ${year}: it has ${days} days` };
  return { ok: true, value: Date.UTC(year, month - 1, day) };
}

function offsetMs(text: string): number | null {
  const m = OFFSET.exec(text);
  if (!m) return null;
  let total = 0;
  for (const part of (m[1] ?? '').matchAll(/(\d+(?:\.\d+)?)([hms])/g)) {
    const n = Number(part[1]);
    total += n * (part[2] === 'h' ? 3_600_000 : part[2] === 'm' ? 60_000 : 1000);
  }
  return total;
}

/** The instant `text` names; `newestMs` is where the newest row held stands in time (`RowView.placeMs`). */
export function parseJumpTime(text: string, newestMs: number | null): ParseResult<number> {
  const t = text.trim();
  const bad: ParseResult<number> = {
    ok: false,
    error: `cannot read "${t}" as a time (12:30, 12:30:05, 10-01 12:30, 2026-10-01 12:30, -5m)`,
  };
  if (t === '') return bad;
  const offset = offsetMs(t);
  if (offset !== null) {
    if (newestMs === null) return { ok: false, error: 'no rows with a time to jump from' };
    return { ok: true, value: newestMs - offset };
  }
  const full = FULL_DATE.exec(t);
  if (full) {
    const date = dayMs(Number(full[1]), Number(full[2]), Number(full[3]));
    if (!date.ok) return date;
    if (full[4] === undefined) return date;
    const clock = clockMs(full[4]);
    if (clock !== null) return { ok: true, value: date.value + clock };
    const iso = Date.parse(t);
    return Number.isNaN(iso) ? bad : { ok: true, value: iso };
  }
  const reference = newestMs ?? Date.now();
  const year = new Date(reference).getUTCFullYear();
  const monthDay = MONTH_DAY.exec(t);
  if (monthDay) {
    const clock = clockMs(monthDay[3] ?? '');
    if (clock === null) return bad;
    const date = dayMs(year, Number(monthDay[1]), Number(monthDay[2]));
    return date.ok ? { ok: true, value: date.value + clock } : date;
  }
  const clock = clockMs(t);
  if (clock === null) return bad;
  // The newest row's day, or the day before when that time has not come yet on it.
  const day = Math.floor(reference / DAY) * DAY;
  const at = day + clock;
  return { ok: true, value: at > reference ? at - DAY : at };
}

/** Index of the first row starting at or after `ms` (rows in time order), else the last. */
export function firstAtOrAfter(startTimes: readonly (number | null)[], ms: number): number {
  for (let i = 0; i < startTimes.length; i++) {
    const start = startTimes[i];
    if (start !== null && start !== undefined && start >= ms) return i;
  }
  return startTimes.length - 1;
}
