/**
 * Pricing for invocation documents. Region comes from the log (or the shipper's own
 * region, since subscriptions do not cross regions); architecture is not in REPORT lines,
 * so it must be configured, and without it invocations simply go unpriced.
 */
import type { Architecture, FunctionConfig } from '../collectors/model.ts';
import { resolveContext } from '../pricing/context.ts';
import { estimate } from '../pricing/estimate.ts';
import { AWS_LIST_PRICES } from '../pricing/tables/aws-list-prices.ts';
import type { Pricer } from './documents.ts';

export interface PricerOptions {
  region?: string | undefined;
  architecture?: Architecture | undefined;
  /** Per-function settings (a `--config` file); they win over the options above. */
  configs?: ReadonlyMap<string, FunctionConfig> | undefined;
}

const NO_CONFIGS: ReadonlyMap<string, FunctionConfig> = new Map();

export function createPricer(options: PricerOptions): Pricer {
  const configs = options.configs ?? NO_CONFIGS;
  return (invocation) => {
    const name = invocation.functionName ?? '';
    const resolved = resolveContext(name, invocation.region, configs, {
      region: options.region,
      architecture: options.architecture,
    });
    if (!resolved.ok) return null;
    try {
      const cost = estimate(invocation, resolved.context, AWS_LIST_PRICES);
      if (!cost.priceable) return null;
      return { totalUsd: cost.totalUsd, computeUsd: cost.computeUsd, requestUsd: cost.requestUsd };
    } catch {
      // A region missing from the price table: leave the invocation unpriced rather than fail shipping.
      return null;
    }
  };
}
