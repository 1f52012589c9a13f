/** The pricing module's public surface. */
export {
  type ContextDefaults,
  loadFunctionConfigs,
  parseFunctionConfigs,
  resolveContext,
} from './context.ts';
export { type CostBreakdown, type Estimate, estimate, type PricingContext } from './estimate.ts';
export { parsePrice, roundUsd, toDecimalString, toUsd } from './money.ts';
export {
  createInvocationPricer,
  type InvocationPricerOptions,
  type NotPricedReason,
  type NotPricedResult,
  type PricedResult,
  type PriceResult,
  priceInvocation,
} from './price-invocation.ts';
export { loadPriceList } from './price-list.ts';
export { type PriceTable, regionPrices, UnknownRegionError } from './price-table.ts';
export { CostAggregator } from './report/aggregator.ts';
export { buildReport } from './report/build.ts';
export { monthPeriod, rangePeriod } from './report/period.ts';
export type { CostReport, FunctionReport } from './report/types.ts';
export { provisionedConcurrencyCost, snapStartCacheCost } from './standing-charges.ts';
export { AWS_LIST_PRICES } from './tables/aws-list-prices.ts';
