/**
 * One hash of a request ID, computed once per REPORT and used twice: the table of waiting
 * REPORTs files IDs by its low 32 bits (`tableHash`), and the check of whether the parts of
 * a run read by several threads join (cli/workers/part-facts.ts) compares all 53. Hashing
 * an ID costs a character at a time (about 100 ns for a UUID); a thread reading REPORT lines
 * hashed each ID twice, once for each, and the second was a tenth of its time.
 *
 * 53 bits tell IDs apart well enough for that check: a part of 2 million IDs against 10,000
 * that earlier parts left open matches one by chance in about one run in 450,000, and such a
 * run only reads its inputs again in one thread.
 *
 * The seed is random per run: IDs crafted to share one hash (so that every lookup walks them
 * all) cannot be made ahead of time. A run's worker threads take the main thread's seed
 * (`adoptRequestIdSeed`), so that an ID hashes alike on every thread of the run.
 */

export type RequestIdSeed = readonly [number, number];

function random32(): number {
  return Math.floor(Math.random() * 2 ** 32) | 0;
}

let seedA = random32();
let seedB = random32();

/** This thread's seed, to give the threads it starts. */
export function requestIdSeed(): RequestIdSeed {
  return [seedA, seedB];
}

/** Hashes with the seed of the thread that started this one; before any ID is hashed. */
export function adoptRequestIdSeed(seed: RequestIdSeed): void {
  [seedA, seedB] = seed;
}

function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A 53-bit hash of the ID (a safe integer): two multiply-rotate lanes over its characters,
 * two at a time (two UTF-16 units fill 32 bits exactly), each lane from its half of the
 * seed, mixed at the end with the length so that the low bits depend on them all.
 */
export function requestIdHash(id: string): number {
  return requestIdHashAt(id, 0, id.length);
}

/**
 * The `requestIdHash` of the ID written in `text` from `start` to `end`, the same as of the
 * ID cut out. A reader that knows where the ID is hashes it there: each character of a
 * string cut from the line costs a step more to read than the line's own (about 60 ns an
 * ID, a twentieth of reading a REPORT).
 */
export function requestIdHashAt(text: string, start: number, end: number): number {
  let a = seedA;
  let b = seedB;
  for (let i = start; i < end; i += 2) {
    // An odd last character fills the low half alone.
    const c = text.charCodeAt(i) | (i + 1 < end ? text.charCodeAt(i + 1) << 16 : 0);
    a = Math.imul(a ^ c, 0xcc9e2d51);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ c, 0x1b873593);
    b = (b << 15) | (b >>> 17);
  }
  const n = end - start;
  return (finish(a ^ n) >>> 0) * 2 ** 21 + (finish(b ^ n) & 0x1fffff);
}

/** The 32 bits of a `requestIdHash` that tables index by: its lowest (ToInt32 keeps them). */
export function tableHash(hash: number): number {
  return hash | 0;
}
