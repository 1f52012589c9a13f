/** Randomness as an injected dependency, so jitter is deterministic in tests. */

/** A number in [0, 1), like `Math.random`. */
export type Random = () => number;

export const systemRandom: Random = Math.random;
