/**
 * 64-bit fingerprints of log events, so that a window of "events already seen" costs a few
 * bytes an entry instead of the event's ID or message.
 *
 * An event is known by its CloudWatch event ID (unique within its log group) when it has
 * one: both halves then hash group, stream and ID, with different multipliers. An event
 * without one is known by its group, stream, timestamp and message: the high half hashes
 * group, stream and time, the low half the message. Where the input names no log group
 * (an `aws logs filter-log-events` export), the function it stands for takes its place:
 * two functions' exports may well share stream names and even short IDs. Two different events can then only be
 * taken for one another when they share stream and millisecond (a handful at most) and
 * their messages collide in 32 bits, or by a 2^-64 accident: exact for any input a person
 * has. An event with neither an ID nor a timestamp has no identity: two equal lines of a
 * console copy may well be two real lines.
 *
 * Hashing runs over UTF-8 bytes four at a time: encoding is a native copy, and a word per
 * multiply is several times faster than a character per multiply. This runs for every
 * event of every local input, so it was measured against the whole parse (see README).
 */
import type { LogEvent } from '../model.ts';

/** Written in place by the functions below, so that the hot path allocates nothing. */
export interface Fingerprint {
  hi: number;
  lo: number;
}

const FNV = 0x01000193;
const MURMUR = 0x5bd1e995;

/** The murmur3 finaliser: every input bit moves about half the output bits. */
function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const encoder = new TextEncoder();
let bytes = new Uint8Array(4096);
let view = new DataView(bytes.buffer);

/** The string's UTF-8 bytes in `bytes`; returns their count. */
function encode(s: string): number {
  let r = encoder.encodeInto(s, bytes);
  while (r.read < s.length) {
    bytes = new Uint8Array(bytes.length * 4);
    view = new DataView(bytes.buffer);
    r = encoder.encodeInto(s, bytes);
  }
  return r.written;
}

/** One 32-bit lane over the first `n` encoded bytes, a word per multiply. */
function lane(h: number, n: number, multiplier: number): number {
  let i = 0;
  for (; i + 4 <= n; i += 4) h = Math.imul(h ^ view.getInt32(i, true), multiplier);
  for (; i < n; i++) h = Math.imul(h ^ (bytes[i] as number), multiplier);
  // The length ends each part, so that "ab" + "c" and "a" + "bc" differ.
  return Math.imul(h ^ n, multiplier);
}

function mixNumber(h: number, v: number, multiplier: number): number {
  const low = v >>> 0;
  const high = Math.floor(v / 4294967296) >>> 0;
  return Math.imul(Math.imul(h ^ low, multiplier) ^ high, multiplier);
}

/** Group and stream of the last content key, and their hash: consecutive events mostly share both. */
let cachedGroup: string | undefined;
let cachedStream: string | undefined;
let cachedHash = 0;
let cacheValid = false;

function streamHash(group: string | undefined, stream: string | undefined): number {
  if (cacheValid && group === cachedGroup && stream === cachedStream) return cachedHash;
  let h = lane(0x2b992ddf, encode(group ?? ''), FNV);
  h = lane(h, encode(stream ?? ''), FNV);
  cachedGroup = group;
  cachedStream = stream;
  cachedHash = h;
  cacheValid = true;
  return h;
}

/**
 * The event's fingerprint in `out`; false when the event has no identity (no ID, no time).
 * `byContent` ignores the event ID (Live Tail events have none, and their backfill must
 * match them).
 */
export function fingerprintEvent(e: LogEvent, out: Fingerprint, byContent = false): boolean {
  const id = e.eventId;
  const group = e.logGroup ?? e.functionName;
  if (id !== undefined && !byContent) {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (const part of [group ?? '', e.logStream ?? '', id]) {
      const n = encode(part);
      a = lane(a, n, FNV);
      b = lane(b, n, MURMUR);
    }
    out.hi = fmix(a);
    out.lo = fmix(b ^ out.hi);
    return true;
  }
  if (!Number.isFinite(e.timestamp)) return false;
  out.hi = fmix(mixNumber(streamHash(group, e.logStream), e.timestamp, FNV));
  out.lo = fmix(lane(0x62a9d9ed, encode(e.message), MURMUR));
  return true;
}
