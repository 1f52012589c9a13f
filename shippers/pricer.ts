/**
 * Pricing for invocation documents, through the one pricing entry point (which never
 * throws). Region comes from the log's stream context (or the shipper's own region, since
 * subscriptions do not cross regions); architecture is not in REPORT lines, so it comes
 * from a functions config or a default, and without it invocations go unpriced.
 */
import type { Architecture, FunctionConfig } from '../collectors/model.ts';
import { createInvocationPricer } from '../pricing/price-invocation.ts';
import type { Pricer } from './documents.ts';

export interface PricerOptions {
  region?: string | undefined;
  architecture?: Architecture | undefined;
  /** Per-function settings (a `--config` file); they win over the options above. */
  configs?: ReadonlyMap<string, FunctionConfig> | undefined;
}

export function createPricer(options: PricerOptions): Pricer {
  const price = createInvocationPricer({
    configs: options.configs,
    defaults: { region: options.region, architecture: options.architecture },
  });
  return (invocation) => {
    const result = price(invocation);
    return result.ok
      ? { totalUsd: result.totalUsd, computeUsd: result.computeUsd, requestUsd: result.requestUsd }
      : null;
  };
}
