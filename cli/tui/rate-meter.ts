/**
 * Events per second over a short sliding window, so the status bar shows the current
 * rate rather than the average since start.
 */
export interface RateMeter {
  add(count: number, nowMs: number): void;
  perSecond(nowMs: number): number;
}

/** `windowSeconds` whole-second buckets; the current, partial second is left out once it has peers. */
export function createRateMeter(windowSeconds = 3): RateMeter {
  const buckets = new Array<number>(windowSeconds + 1).fill(0);
  const stamps = new Array<number>(windowSeconds + 1).fill(-1);
  const slot = (second: number): number => second % buckets.length;

  return {
    add(count, nowMs) {
      const second = Math.floor(nowMs / 1000);
      const i = slot(second);
      if (stamps[i] !== second) {
        stamps[i] = second;
        buckets[i] = 0;
      }
      buckets[i] = (buckets[i] ?? 0) + count;
    },
    perSecond(nowMs) {
      const current = Math.floor(nowMs / 1000);
      let total = 0;
      let seconds = 0;
      for (let s = current - windowSeconds; s < current; s++) {
        const i = slot(s);
        if (stamps[i] === s) total += buckets[i] ?? 0;
        seconds++;
      }
      return seconds === 0 ? 0 : Math.round(total / seconds);
    },
  };
}
