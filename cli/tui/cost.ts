/**
 * Adapts the pricing module to the tail's CostFn: one invocation's cost split into the
 * parts the detail view lists, or the reason it has none (the region or architecture is
 * unknown, the REPORT has no Billed Duration, the price table lacks the region), never a
 * guessed price.
 */
import type { FunctionConfig } from '../../collectors/model.ts';
import {
  type ContextDefaults,
  estimate,
  type PriceTable,
  resolveContext,
  UnknownRegionError,
} from '../../pricing/index.ts';
import type { CostFn } from './types.ts';

export function createCostFn(
  table: PriceTable,
  configs: ReadonlyMap<string, FunctionConfig>,
  defaults: ContextDefaults,
): CostFn {
  return (inv) => {
    if (inv.billedDurationMs === null && inv.durationMs === null) {
      return { ok: false, reason: 'no REPORT line (the invocation did not finish in the input)' };
    }
    const resolved = resolveContext(inv.functionName ?? '?', inv.region, configs, defaults);
    if (!resolved.ok) return { ok: false, reason: resolved.message };
    let result: ReturnType<typeof estimate>;
    try {
      result = estimate(inv, resolved.context, table);
    } catch (error) {
      if (error instanceof UnknownRegionError) return { ok: false, reason: error.message };
      return { ok: false, reason: `pricing failed: ${(error as Error).message}` };
    }
    if (!result.priceable) return { ok: false, reason: result.message };
    const parts = [
      { label: `compute ${result.gbSeconds.toFixed(6)} GB-s`, usd: result.computeUsd },
      { label: 'request', usd: result.requestUsd },
    ];
    if (result.coldStartUsd > 0) parts.push({ label: '(of which cold start)', usd: result.coldStartUsd });
    if (result.ephemeralStorageUsd > 0)
      parts.push({ label: 'ephemeral storage', usd: result.ephemeralStorageUsd });
    if (result.snapStartRestoreUsd > 0)
      parts.push({ label: 'SnapStart restore', usd: result.snapStartRestoreUsd });
    return { ok: true, cost: { totalUsd: result.totalUsd, parts } };
  };
}
