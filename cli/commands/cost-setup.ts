/**
 * What a cost report is built with, from its flags: the price table, the period, the
 * functions config, the functions kept, and how an aggregator is made of them. Shared by
 * the command and the worker threads that read parts of its files, so both price alike.
 */
import { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { Architecture, FunctionConfig } from '../../collectors/model.ts';
import { type FunctionConfigs, loadFunctionConfigs } from '../../pricing/context.ts';
import { loadPrices } from '../../pricing/price-list.ts';
import type { PriceTable } from '../../pricing/price-table.ts';
import { CostAggregator } from '../../pricing/report/aggregator.ts';
import { monthPeriod, type Period, rangePeriod } from '../../pricing/report/period.ts';
import { AWS_LIST_PRICES } from '../../pricing/tables/aws-list-prices.ts';

/** The flags a cost report's pricing depends on: plain data, so they can cross to a worker. */
export interface CostSetupFlags {
  month?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  arch?: Architecture | undefined;
  region?: string | undefined;
  prices?: string[] | undefined;
  config?: string | undefined;
  function?: string[] | undefined;
}

export interface CostSetup {
  table: PriceTable;
  /** What loading the prices warned of. */
  warnings: string[];
  period: Period | undefined;
  fileConfigs: FunctionConfigs;
  /** Only these functions (`--function`), or all. */
  functions: string[] | undefined;
  newAggregator(
    configs: FunctionConfigs,
    names: string[] | undefined,
    forPeriod: Period | undefined,
  ): CostAggregator;
}

/** Function names to keep, from `--function` (repeatable, comma-separated). */
export function functionNames(flags: CostSetupFlags): string[] | undefined {
  const list = flags.function
    ?.flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return list && list.length > 0 ? list : undefined;
}

export async function costSetup(flags: CostSetupFlags): Promise<CostSetup> {
  const { table, warnings } = await loadPrices(flags.prices ?? [], AWS_LIST_PRICES);
  let period: Period | undefined;
  if (flags.month && (flags.from || flags.to)) throw new UsageError('use either --month or --from/--to');
  if (flags.month) period = monthPeriod(flags.month);
  else if (flags.from || flags.to) {
    if (!flags.from || !flags.to) throw new UsageError('--from and --to go together');
    period = rangePeriod(flags.from, flags.to);
  }
  const fileConfigs: FunctionConfigs = flags.config
    ? await loadFunctionConfigs(flags.config, (w) => warnings.push(w))
    : new Map<string, FunctionConfig>();
  // A Region the prices do not know is a typo more often than a new Region: said before reading.
  for (const [name, config] of fileConfigs) {
    if (config.region !== undefined && !table.regions.has(config.region)) {
      warnings.push(
        `${flags.config}: functions["${name}"].region "${config.region}" is not a Region the price table knows (${table.source}); its invocations will not be priced unless their logs name another`,
      );
    }
  }
  return {
    table,
    warnings,
    period,
    fileConfigs,
    functions: functionNames(flags),
    newAggregator: (configs, names, forPeriod) =>
      new CostAggregator({
        table,
        period: forPeriod,
        configs,
        defaults: { region: flags.region, architecture: flags.arch },
        functions: names,
        context: new StreamContextTable(),
      }),
  };
}

/** The flags of `costSetup`, and nothing else (options objects carry functions and more). */
export function setupFlagsOf(flags: CostSetupFlags): CostSetupFlags {
  const { month, from, to, arch, region, prices, config } = flags;
  return { month, from, to, arch, region, prices, config, function: flags.function };
}
