/**
 * A small seeded PRNG (sfc32) and the ID shapes Lambda logs use. The example data set must
 * come out byte-identical on every run, so nothing here reads the clock or Math.random.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  digits(length: number): string;
  uuid(): string;
}

/** FNV-1a over the seed text, so each function gets its own independent stream of numbers. */
function hashSeed(seed: string): number[] {
  const out: number[] = [];
  for (let k = 0; k < 4; k++) {
    let h = 0x811c9dc5 ^ k;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out.push(h >>> 0);
  }
  return out;
}

export function createRng(seed: string): Rng {
  let [a, b, c, d] = hashSeed(seed) as [number, number, number, number];
  const next32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next32();
  const next = (): number => next32() / 4294967296;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (length: number): string => {
    let s = '';
    while (s.length < length) s += next32().toString(16).padStart(8, '0');
    return s.slice(0, length);
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    hex,
    digits: (length) => {
      let s = '';
      while (s.length < length) s += String(next32() % 1_000_000_000).padStart(9, '0');
      return s.slice(0, length);
    },
    uuid: () => {
      const h = hex(32);
      const variant = '89ab'[Number.parseInt(h[16] ?? '0', 16) % 4];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
