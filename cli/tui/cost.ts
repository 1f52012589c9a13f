/**
 * The tail's prices come from pricing's one entry point for a single invocation (it never
 * throws): the parts the detail view lists, the charges it could not include, or the
 * reason there is no price (no REPORT, the region or architecture unknown, a region the
 * table lacks), never a guessed one.
 */
import type { FunctionConfig } from '../../collectors/model.ts';
import { type ContextDefaults, createInvocationPricer, type PriceTable } from '../../pricing/index.ts';
import type { CostFn } from './types.ts';

export function createCostFn(
  table: PriceTable,
  configs: ReadonlyMap<string, FunctionConfig>,
  defaults: ContextDefaults,
): CostFn {
  const price = createInvocationPricer({ table, configs, defaults });
  return (inv) => {
    const result = price(inv);
    if (!result.ok) return { ok: false, reason: result.message };
    const parts = [
      {
        label: `compute ${result.gbSeconds.toFixed(6)} GB-s${result.provisioned ? ' (provisioned)' : ''}`,
        usd: result.computeUsd,
      },
      { label: 'request', usd: result.requestUsd },
    ];
    if (result.coldStartUsd > 0) parts.push({ label: '(of which cold start)', usd: result.coldStartUsd });
    if (result.ephemeralStorageUsd > 0)
      parts.push({ label: 'ephemeral storage', usd: result.ephemeralStorageUsd });
    if (result.snapStartRestoreUsd > 0)
      parts.push({ label: 'SnapStart restore', usd: result.snapStartRestoreUsd });
    return {
      ok: true,
      cost: { totalUsd: result.totalUsd, parts, notIncluded: result.unpriced.map((u) => u.message) },
    };
  };
}
