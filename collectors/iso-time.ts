/**
 * ISO 8601 times, fast: every log line has one to read or write, and Date's own parser and
 * formatter cost more than the rest of a line's work. Both fall back to Date for anything
 * unusual, so they are exact, only quicker on the common shapes.
 */

const DAY_MS = 86_400_000;
// A small direct-mapped cache of each day's `YYYY-MM-DDT`: callers alternate between a few
// days (an event's and the clock's), which a single cached day would thrash.
const CACHE_SIZE = 64;
const cachedDays = new Float64Array(CACHE_SIZE).fill(Number.NaN);
const cachedPrefixes: string[] = new Array(CACHE_SIZE).fill('');

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** `Date.prototype.toISOString` of epoch ms, with the day's date part computed once per day. */
export function formatIso(ms: number): string {
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
  const prefix = cachedPrefixes[slot] as string;
  let rest = Math.floor(ms - day * DAY_MS);
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const s = rest % 60;
  rest = (rest - s) / 60;
  const m = rest % 60;
  const h = (rest - m) / 60;
  const mmm = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
  return `${prefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${mmm}Z`;
}

function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]` (a missing zone is UTC, as in
 * `sam logs`), or NaN. Fractions beyond milliseconds are cut, as CloudWatch keeps ms.
 */
export function parseIso(text: string): number {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const dayOfMonth = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const sep = text.charCodeAt(10);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    dayOfMonth < 1 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    (sep !== 84 && sep !== 32) ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(13) !== 58
  ) {
    return Date.parse(text);
  }
  let i = 19;
  let milli = 0;
  if (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44) {
    i++;
    let scale = 100;
    while (i < text.length) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      milli += c * scale;
      scale /= 10;
      i++;
    }
    milli = Math.floor(milli);
  }
  let offset = 0;
  if (i < text.length) {
    const z = text.charCodeAt(i);
    if (z === 90 || z === 122) {
      i++;
    } else if (z === 43 || z === 45) {
      const oh = digits(text, i + 1, 2);
      const om = text.charCodeAt(i + 3) === 58 ? digits(text, i + 4, 2) : digits(text, i + 3, 2);
      if (oh < 0 || om < 0) return Date.parse(text);
      offset = (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
      i += text.charCodeAt(i + 3) === 58 ? 6 : 5;
    } else {
      return Date.parse(text);
    }
  }
  if (i !== text.length) return Date.parse(text);
  return Date.UTC(year, month - 1, dayOfMonth, hour, minute, second, milli) - offset;
}
