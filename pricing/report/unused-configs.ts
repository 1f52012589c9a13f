/**
 * Configured functions the report found no invocation of (see `UnusedConfig`): said in the
 * report's notes, since a mistyped name in the config looks exactly like this.
 */
import type { CostAggregator } from './aggregator.ts';
import type { UnusedConfig } from './types.ts';

/** The configured functions (kept by `--function`) with no invocation in the report, or null. */
export function unusedConfig(
  configPath: string,
  configured: Iterable<string>,
  agg: Pick<CostAggregator, 'functions' | 'notPriced' | 'wants'>,
): UnusedConfig | null {
  const invoked = new Set<string>();
  for (const f of agg.functions.values()) if (f.invocations > 0) invoked.add(f.functionName);
  // Invocations that could not be priced are invocations all the same.
  for (const n of agg.notPriced.values()) if (n.count > 0) invoked.add(n.functionName);
  const unused = [...configured].filter((name) => agg.wants(name) && !invoked.has(name)).sort();
  if (unused.length === 0) return null;
  return {
    config: configPath,
    functions: unused,
    message: `${configPath}: no invocations in this report of configured function(s): ${unused.join(', ')}`,
  };
}
