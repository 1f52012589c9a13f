/**
 * Prices completed invocations and keeps count: how many have a price and the commonest
 * reason the others have none, so the status bar says "N of M priced" and why, instead of
 * a total that looks complete; and what those prices assumed, so it says that too, and only
 * when a price shown rests on it.
 */
import type { Invocation } from '../../collectors/model.ts';
import type { CostFn, CostResult } from './types.ts';

const MAX_REASONS = 20;

export interface PriceTally {
  /** The invocation's price or reason; null when the tail prices nothing. */
  price(inv: Invocation): CostResult | null;
  priced(): number;
  /** Takes back what `price` counted of a result, when its invocation is priced again. */
  withdraw(result: CostResult | null): void;
  commonestReason(): string | null;
  /** What the prices so far assumed, each once, in the order first met. */
  assumed(): string[];
}

export function createPriceTally(cost: CostFn | undefined): PriceTally {
  const reasons = new Map<string, number>();
  const assumed = new Set<string>();
  let priced = 0;
  return {
    price(inv) {
      if (!cost) return null;
      const result = cost(inv);
      if (result.ok) {
        priced++;
        for (const what of result.assumed ?? []) assumed.add(what);
      } else {
        const why = result.short ?? result.reason;
        if (reasons.has(why) || reasons.size < MAX_REASONS) reasons.set(why, (reasons.get(why) ?? 0) + 1);
      }
      return result;
    },
    priced: () => priced,
    withdraw(result) {
      if (result === null) return;
      if (result.ok) {
        priced--;
        return;
      }
      const why = result.short ?? result.reason;
      const n = reasons.get(why);
      if (n === undefined) return;
      if (n > 1) reasons.set(why, n - 1);
      else reasons.delete(why);
    },
    assumed: () => [...assumed],
    commonestReason() {
      let best: string | null = null;
      let most = 0;
      for (const [reason, n] of reasons) {
        if (n > most) {
          best = reason;
          most = n;
        }
      }
      return best;
    },
  };
}
