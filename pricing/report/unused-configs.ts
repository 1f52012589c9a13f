/**
 * Configured functions the report found no invocation of. Not an error — one config may
 * describe more functions than one report reads — but a name mistyped in the config looks
 * exactly like this, and its function is then priced without what the config says.
 */
import type { CostAggregator } from './aggregator.ts';

/** The note naming configured functions (kept by `--function`) with no invocation in the report, or null. */
export function unusedConfigNote(
  configPath: string,
  configured: Iterable<string>,
  agg: Pick<CostAggregator, 'functions' | 'notPriced' | 'wants'>,
): string | null {
  const invoked = new Set<string>();
  for (const f of agg.functions.values()) if (f.invocations > 0) invoked.add(f.functionName);
  // Invocations that could not be priced are invocations all the same.
  for (const n of agg.notPriced.values()) if (n.count > 0) invoked.add(n.functionName);
  const unused = [...configured].filter((name) => agg.wants(name) && !invoked.has(name)).sort();
  if (unused.length === 0) return null;
  return `${configPath}: no invocations in this report of configured function(s): ${unused.join(', ')}`;
}
