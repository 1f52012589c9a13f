/**
 * The log streams a part of the inputs read, as the check of whether parts join
 * (part-facts.ts) needs them: each stream's earliest and latest time, under a 64-bit hash of
 * its key instead of the key. A part listed its keys (group, NUL, stream) in a map and sent a
 * copy to the main thread: `logs --workers 2` of two files of 500,000 streams each peaked at
 * 940 MB, against 450 MB for 100,000 each (now 461 and 429 MB). A stream costs 28 bytes in the
 * summary (hash 8, span 16, place 4) and at most 64 while it is read (the same in arrays that
 * grow by doubling, and its slot), whatever its name's length; no string is held but the
 * first streams' names, which name a join in the note that tells of it.
 *
 * Two streams whose keys hash alike are one stream to the check: their spans are merged,
 * which only widens them, so a chance match (about one run in 18 million of two parts of a
 * million streams each) can only make the run read its inputs in one thread, never read apart
 * what joins. The hash takes the run's seed (request-id-hash.ts), shared by its threads, so
 * stream names cannot be made ahead of time to match.
 */
import { type RequestIdSeed, requestIdSeed } from '../../collectors/correlator/request-id-hash.ts';

/** Streams whose keys a part keeps, in the order it met them, to name the stream at fault. */
export const NAMED_STREAMS = 10_000;

/** Streams a collector remembers the place of by their strings, sparing their hashing. */
const CACHED_STREAMS = 8192;

/**
 * Where each half of a hash is in its pair of words: a `BigUint64Array` over the pairs then
 * sorts them by the high half, then the low, with the platform's own sort and no BigInt made.
 */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/** What crosses to the main thread of the streams of one part. */
export interface StreamSummary {
  /** The streams' key hashes, a pair of words each (see `LO`), in ascending order. */
  hashes: Uint32Array;
  /**
   * Each stream's earliest and latest event time in the part, in pairs in the order of
   * `hashes` (an event without a time makes its stream's span endless).
   */
  spans: Float64Array;
  /** The place each stream (in the order of `hashes`) had among the part's streams as it met them. */
  order: Uint32Array;
  /** Keys (group, NUL, stream) of the first `NAMED_STREAMS` streams met, in that order. */
  names: string[];
}

function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function finishOther(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Writes the 64-bit hash of the stream key (group, stream) into `out` at pair `at`: two
 * multiply-rotate lanes over the characters, each from its half of the seed, the group's
 * length between the two strings so that ("ab", "c") and ("a", "bc") hash apart.
 */
export function hashStreamKey(
  group: string,
  stream: string,
  out: Uint32Array,
  at: number,
  seed: RequestIdSeed = requestIdSeed(),
): void {
  let a = seed[0] ^ 0x3c6ef372;
  let b = seed[1] ^ 0x5be0cd19;
  const n = group.length + 1 + stream.length;
  for (let i = 0; i < n; i++) {
    const c =
      i < group.length
        ? group.charCodeAt(i)
        : i === group.length
          ? 0x10000 | group.length
          : stream.charCodeAt(i - group.length - 1);
    a = Math.imul(a ^ c, 0xcc9e2d51);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ c, 0x1b873593);
    b = (b << 15) | (b >>> 17);
  }
  out[2 * at + LO] = finish(a ^ n);
  out[2 * at + HI] = finishOther(b ^ n);
}

/** The streams one part meets, each under its hash, with its span; bounded by the caller. */
export class StreamTable {
  /** Each stream's hash, a pair of words per stream in the order met. */
  private words = new Uint32Array(512);
  private spansMet = new Float64Array(512);
  /** Open addressing over the streams met: stream + 1 per position (0: empty), by the hash's low half. */
  private slots = new Int32Array(1024);
  private readonly names: string[] = [];
  /**
   * Group → stream → its place, for the last streams met: readers share a stream's strings
   * between its events, so a stream met again lately is found without hashing its key.
   */
  private readonly byGroup = new Map<string, Map<string, number>>();
  private cached = 0;
  private readonly seed = requestIdSeed();
  /** Streams met (two whose keys hash alike are one). */
  size = 0;

  /** The place of the stream's span (its first time at `spans[at]`, its last after), the stream noted if new. */
  spanOf(group: string, stream: string): number {
    let streams = this.byGroup.get(group);
    const known = streams?.get(stream);
    if (known !== undefined) return known;
    if (this.cached >= CACHED_STREAMS) {
      this.byGroup.clear();
      this.cached = 0;
      streams = undefined;
    }
    if (!streams) {
      streams = new Map();
      this.byGroup.set(group, streams);
    }
    const at = 2 * this.place(group, stream);
    streams.set(stream, at);
    this.cached++;
    return at;
  }

  /** The spans, by `spanOf`'s places; valid until the next stream met. */
  get spans(): Float64Array {
    return this.spansMet;
  }

  /** The streams met so far, in hash order: a copy, as the table may go on noting. */
  summary(): StreamSummary {
    const n = this.size;
    const hashes = this.words.slice(0, 2 * n);
    new BigUint64Array(hashes.buffer).sort();
    const spans = new Float64Array(2 * n);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const k = this.find(hashes[2 * i + LO] as number, hashes[2 * i + HI] as number);
      order[i] = k;
      spans[2 * i] = this.spansMet[2 * k] as number;
      spans[2 * i + 1] = this.spansMet[2 * k + 1] as number;
    }
    return { hashes, spans, order, names: [...this.names] };
  }

  /** The stream's number, the stream hashed and filed if new. */
  private place(group: string, stream: string): number {
    const n = this.size;
    if (2 * n + 2 > this.words.length) {
      this.words = grown(this.words);
      this.spansMet = grown(this.spansMet);
    }
    hashStreamKey(group, stream, this.words, n, this.seed);
    const lo = this.words[2 * n + LO] as number;
    const hi = this.words[2 * n + HI] as number;
    const found = this.find(lo, hi);
    if (found >= 0) return found;
    if (2 * (n + 1) > this.slots.length) this.rehash();
    this.file(n);
    this.spansMet[2 * n] = Number.POSITIVE_INFINITY;
    this.spansMet[2 * n + 1] = Number.NEGATIVE_INFINITY;
    if (this.names.length < NAMED_STREAMS) this.names.push(`${group}\u0000${stream}`);
    this.size = n + 1;
    return n;
  }

  private find(lo: number, hi: number): number {
    const mask = this.slots.length - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const k = (this.slots[i] as number) - 1;
      if (k < 0) return -1;
      if (this.words[2 * k + LO] === lo && this.words[2 * k + HI] === hi) return k;
    }
  }

  private file(k: number): void {
    const mask = this.slots.length - 1;
    let i = (this.words[2 * k + LO] as number) & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = k + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let k = 0; k < this.size; k++) this.file(k);
  }
}

function grown<T extends Uint32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** The streams of earlier parts, in hash order, each with the time a later part's events of it must all be past. */
interface Held {
  hashes: Uint32Array;
  until: Float64Array;
}

/**
 * Why the parts' streams (in input order) would not read as one thread reads them: a stream
 * of a part an earlier part held (any part with lines other than REPORTs holds its streams
 * past every time; a part of REPORT lines alone, up to its latest), named by the first such
 * stream the later part met; null when none is.
 */
export function streamJoin(
  parts: readonly { streams: StreamSummary; reportsOnly: boolean }[],
): string | null {
  let held: Held = { hashes: new Uint32Array(0), until: new Float64Array(0) };
  for (const [p, part] of parts.entries()) {
    const s = part.streams;
    let worst = -1;
    const n = held.until.length;
    const m = s.order.length;
    for (let i = 0, j = 0; i < n && j < m; ) {
      const c = compare(held.hashes, i, s.hashes, j);
      if (c < 0) i++;
      else if (c > 0) j++;
      else {
        if (
          !((s.spans[2 * j] as number) > (held.until[i] as number)) &&
          (worst < 0 || (s.order[j] as number) < (s.order[worst] as number))
        )
          worst = j;
        i++;
        j++;
      }
    }
    if (worst >= 0) return describeJoin(parts.slice(0, p + 1), s, worst);
    if (p < parts.length - 1) held = merged(held, s, part.reportsOnly);
  }
  return null;
}

function compare(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  const ah = a[2 * i + HI] as number;
  const bh = b[2 * j + HI] as number;
  if (ah !== bh) return ah < bh ? -1 : 1;
  const al = a[2 * i + LO] as number;
  const bl = b[2 * j + LO] as number;
  return al === bl ? 0 : al < bl ? -1 : 1;
}

/** The streams held after a part: the union, each held until the latest its parts say. */
function merged(held: Held, s: StreamSummary, reportsOnly: boolean): Held {
  const n = held.until.length;
  const m = s.order.length;
  const hashes = new Uint32Array(2 * (n + m));
  const until = new Float64Array(n + m);
  let k = 0;
  const take = (from: Uint32Array, at: number, time: number) => {
    hashes[2 * k] = from[2 * at] as number;
    hashes[2 * k + 1] = from[2 * at + 1] as number;
    until[k++] = time;
  };
  const untilOf = (j: number) => (reportsOnly ? (s.spans[2 * j + 1] as number) : Number.POSITIVE_INFINITY);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const c = i === n ? 1 : j === m ? -1 : compare(held.hashes, i, s.hashes, j);
    if (c < 0) take(held.hashes, i, held.until[i++] as number);
    else if (c > 0) take(s.hashes, j, untilOf(j++));
    else take(held.hashes, i, Math.max(held.until[i++] as number, untilOf(j++)));
  }
  return { hashes: hashes.slice(0, 2 * k), until: until.slice(0, k) };
}

/**
 * The words for stream `j` of `s` going on from an earlier part: its name if the later part
 * or an earlier one kept it, and both names when the two kept different ones (keys that hash
 * alike, which one thread tells apart).
 */
function describeJoin(parts: readonly { streams: StreamSummary }[], s: StreamSummary, j: number): string {
  const lo = s.hashes[2 * j + LO] as number;
  const hi = s.hashes[2 * j + HI] as number;
  const own = s.names[s.order[j] as number];
  const word = new Uint32Array(2);
  let other: string | undefined;
  for (const part of parts.slice(0, -1)) {
    for (const name of part.streams.names) {
      const [group = '', stream = ''] = name.split('\u0000');
      hashStreamKey(group, stream, word, 0);
      if (word[LO] === lo && word[HI] === hi && name !== own) other ??= name;
    }
  }
  if (own !== undefined && other !== undefined)
    return `log streams ${spoken(own)} and ${spoken(other)}, in two parts of the inputs, hash alike`;
  const name = own ?? other;
  if (name === undefined) return 'a log stream continues from one part of the inputs into another';
  return `log stream ${spoken(name)} continues from one part of the inputs into another`;
}

function spoken(key: string): string {
  const [group, stream] = key.split('\u0000');
  return `${stream || '(unnamed)'} of ${group || '(unnamed)'}`;
}
