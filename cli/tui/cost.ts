/**
 * The tail's prices come from pricing's one entry point for a single invocation (it never
 * throws): the parts the detail view lists, the charges it could not include, or the
 * reason there is no price (no REPORT, the region or architecture unknown, a region the
 * table lacks), never a guessed one.
 */
import type { FunctionConfig } from '../../collectors/model.ts';
import {
  type ContextDefaults,
  createInvocationPricer,
  type NotPricedReason,
  type PriceTable,
} from '../../pricing/index.ts';
import type { CostFn } from './types.ts';

/**
 * What a price that rests on a default says it assumed (its function's Region not in its logs
 * or --config, its architecture not in --config). `architectureAssumed`: the default
 * architecture is the command's own, not one the user gave (`--arch`). `regionFrom`: where the
 * default Region came from when the command line did not name it (`AWS_REGION`, a profile).
 */
export function createCostFn(
  table: PriceTable,
  configs: ReadonlyMap<string, FunctionConfig>,
  defaults: ContextDefaults,
  options: { architectureAssumed?: boolean; regionFrom?: string | null } = {},
): CostFn {
  const price = createInvocationPricer({ table, configs, defaults });
  return (inv) => {
    const result = price(inv);
    if (!result.ok) return { ok: false, reason: detailReason(result.message), short: SHORT[result.reason] };
    const { region, architecture, fromDefaults } = result.context;
    const assumed: string[] = [];
    if (options.regionFrom && fromDefaults.includes('region'))
      assumed.push(`Region ${region} from ${options.regionFrom}`);
    if (options.architectureAssumed && fromDefaults.includes('architecture'))
      assumed.push(`${architecture} assumed`);
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
      assumed,
    };
  };
}

/** What the status bar says after "priced N of M": the commonest cause, and its fix. */
const SHORT: Record<NotPricedReason, string> = {
  incomplete: 'no REPORT line',
  'no-billed-duration': 'REPORT without Billed Duration',
  'invalid-report': 'unbillable REPORT',
  'missing-region': 'region unknown: --region',
  'missing-architecture': 'architecture unknown: --arch',
  'missing-region-and-architecture': 'region, architecture unknown: --region --arch',
  'unknown-region': 'no prices for the region',
};

/**
 * The detail view already names the function and heads the line "not priced": pricing's
 * message (written to stand alone in `cost` and `ship` output) without those two.
 */
function detailReason(message: string): string {
  return message
    .replace(/^(cannot price )?function "[^"]*": /, '')
    .replace(/^not priced: /, '')
    .replace(/: not priced(able from logs)?$/, (m) =>
      m.endsWith('logs') ? ': not priceable from logs' : '',
    );
}
