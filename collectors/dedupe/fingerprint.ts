/**
 * 64-bit fingerprints of log events, so that a window of "events already seen" costs a few
 * bytes an entry instead of the event's ID or message.
 *
 * An event is known by its CloudWatch event ID (unique within its log group) when it has
 * one: both halves then hash group, stream and ID, with different multipliers. An event
 * without one is known by its group, stream, timestamp and message (less the newline
 * CloudWatch keeps at its end and copies drop): both halves hash group, stream and time,
 * each in its own lane, and the low half adds the message.
 *
 * The group is named as its function when it is a Lambda function's (`/aws/lambda/orders-api`
 * is `orders-api`), and where the input names no log group (an `aws logs filter-log-events`
 * export, a copy named after its function) the function it stands for takes its place: two
 * functions' exports may well share stream names and even short IDs, and one function's
 * events read from a subscription payload (which names the group) and from an export
 * (which does not) are the same events. Two different events can then only be
 * taken for one another when they share stream and millisecond (a handful at most) and
 * their messages collide in 32 bits, or by a 2^-64 accident: exact for any input a person
 * has. An event with neither an ID nor a timestamp has no identity: two equal lines of a
 * console copy may well be two real lines.
 *
 * Hashing runs over UTF-8 bytes four at a time: encoding is a native copy, and a round per
 * word is several times faster than a round per character. This runs for every
 * event of every local input, so it was measured against the whole parse (see README).
 */
import { functionNameFromLogGroup, type LogEvent } from '../model.ts';

/** Written in place by the functions below, so that the hot path allocates nothing. */
export interface Fingerprint {
  hi: number;
  lo: number;
}

/**
 * Two lanes, each a rotate-multiply round per word, with murmur3's and xxHash32's odd
 * constants. The rotation matters: a multiply alone only carries bits upwards, so a word's
 * high byte would reach no more than the top 8 bits of the hash, and IDs or stream names
 * differing there collided in both lanes at once (14 in a million events).
 */
const LANE_A = 0xcc9e2d51;
const LANE_B = 0x85ebca77;

function round(h: number, word: number, multiplier: number): number {
  const x = h ^ word;
  return Math.imul((x << 15) | (x >>> 17), multiplier);
}

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

/** One 32-bit lane over the first `n` encoded bytes, a round per word. */
function lane(h: number, n: number, multiplier: number): number {
  let i = 0;
  for (; i + 4 <= n; i += 4) h = round(h, view.getInt32(i, true), multiplier);
  let tail = 0;
  for (let shift = 0; i < n; i++, shift += 8) tail |= (bytes[i] as number) << shift;
  // The length ends each part, so that "ab" + "c" and "a" + "bc" differ.
  return round(round(h, tail, multiplier), n, multiplier);
}

function mixNumber(h: number, v: number, multiplier: number): number {
  const low = v >>> 0;
  const high = Math.floor(v / 4294967296) >>> 0;
  return round(round(h, low, multiplier), high, multiplier);
}

/** The raw group and function of the last `identityGroup`, and what it gave. */
let rawGroup: string | undefined;
let rawFunction: string | undefined;
let namedGroup: string | undefined;

/**
 * What an event's identity names its log group by (see above): a Lambda function's group by
 * the function, an input without a group by the function it stands for.
 */
export function identityGroup(e: LogEvent): string | undefined {
  const group = e.logGroup;
  const fn = e.functionName;
  if (group === rawGroup && fn === rawFunction) return namedGroup;
  rawGroup = group;
  rawFunction = fn;
  namedGroup = group === undefined ? fn : (functionNameFromLogGroup(group) ?? group);
  return namedGroup;
}

/** Group and stream of the last content key, and their hash in both lanes: consecutive events mostly share both. */
let cachedGroup: string | undefined;
let cachedStream: string | undefined;
let cachedA = 0;
let cachedB = 0;
let cacheValid = false;

function hashStream(group: string | undefined, stream: string | undefined): void {
  if (cacheValid && group === cachedGroup && stream === cachedStream) return;
  const g = encode(group ?? '');
  let a = lane(0x2b992ddf, g, LANE_A);
  let b = lane(0x3c6ef372, g, LANE_B);
  const s = encode(stream ?? '');
  a = lane(a, s, LANE_A);
  b = lane(b, s, LANE_B);
  cachedGroup = group;
  cachedStream = stream;
  cachedA = a;
  cachedB = b;
  cacheValid = true;
}

/**
 * The event's fingerprint in `out`; false when the event has no identity (no ID, no time).
 * `byContent` ignores the event ID (Live Tail events have none, and their backfill must
 * match them).
 */
export function fingerprintEvent(e: LogEvent, out: Fingerprint, byContent = false): boolean {
  const id = e.eventId;
  const group = identityGroup(e);
  if (id !== undefined && !byContent) {
    // Group and stream hashed once for the run of events that share them, then the ID.
    hashStream(group, e.logStream);
    const n = encode(id);
    out.hi = fmix(lane(cachedA, n, LANE_A));
    out.lo = fmix(lane(cachedB, n, LANE_B) ^ out.hi);
    return true;
  }
  if (!Number.isFinite(e.timestamp)) return false;
  hashStream(group, e.logStream);
  // Both halves hold stream and time, so that equal messages of different streams (an
  // INIT_START in each of a million streams) differ in 64 bits; the low half adds the message.
  out.hi = fmix(mixNumber(cachedA, e.timestamp, LANE_A));
  // CloudWatch keeps the newline that ends a line; a text copy drops it: the same event either way.
  let n = encode(e.message);
  if (n > 0 && bytes[n - 1] === 0x0a) n--;
  const message = lane(0x62a9d9ed, n, LANE_B);
  out.lo = fmix(round(mixNumber(cachedB, e.timestamp, LANE_B), message, LANE_B));
  return true;
}

/**
 * A 32-bit tag of an undated event's message (less a final newline): what its ID's entry
 * keeps in place of the content fingerprint's low half, which needs a time.
 */
export function messageTag(e: LogEvent): number {
  let n = encode(e.message);
  if (n > 0 && bytes[n - 1] === 0x0a) n--;
  return fmix(lane(0x62a9d9ed, n, LANE_B));
}

/** Makes an ID's fingerprint that of the ID and `tag` together: an event given an ID another had. */
export function withTag(print: Fingerprint, tag: number): void {
  print.hi = fmix(round(print.hi, tag, LANE_A));
  print.lo = fmix(round(print.lo, tag, LANE_B) ^ print.hi);
}
