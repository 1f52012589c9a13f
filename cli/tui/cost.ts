/**
 * Adapts the pricing module to the tail's CostFn: one invocation's cost split into the
 * parts the detail view lists. An invocation pricing cannot place (region or architecture
 * unknown, no Billed Duration) has no cost rather than a guessed one.
 */
import type { FunctionConfig } from '../../collectors/model.ts';
import { type ContextDefaults, estimate, type PriceTable, resolveContext } from '../../pricing/index.ts';
import type { CostFn } from './types.ts';

export function createCostFn(
  table: PriceTable,
  configs: ReadonlyMap<string, FunctionConfig>,
  defaults: ContextDefaults,
): CostFn {
  return (inv) => {
    const resolved = resolveContext(inv.functionName ?? '?', inv.region, configs, defaults);
    if (!resolved.ok) return null;
    let result: ReturnType<typeof estimate>;
    try {
      result = estimate(inv, resolved.context, table);
    } catch {
      return null; // a region the table does not know
    }
    if (!result.priceable) return null;
    const parts = [
      { label: `compute ${result.gbSeconds.toFixed(6)} GB-s`, usd: result.computeUsd },
      { label: 'request', usd: result.requestUsd },
    ];
    if (result.coldStartUsd > 0) parts.push({ label: '(of which cold start)', usd: result.coldStartUsd });
    if (result.ephemeralStorageUsd > 0)
      parts.push({ label: 'ephemeral storage', usd: result.ephemeralStorageUsd });
    if (result.snapStartRestoreUsd > 0)
      parts.push({ label: 'SnapStart restore', usd: result.snapStartRestoreUsd });
    return { totalUsd: result.totalUsd, parts };
  };
}
