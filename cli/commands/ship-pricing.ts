/**
 * How `ship` prices invocations: from `--arch` and `--config`, or not at all when neither
 * is given (a document then carries no cost rather than a guessed one). Built the same
 * way by every thread that builds documents.
 */
import type { FunctionConfig } from '../../collectors/model.ts';
import { isArchitecture, loadFunctionConfigs } from '../../pricing/context.ts';
import type { Pricer } from '../../shippers/documents.ts';
import { createPricer } from '../../shippers/pricer.ts';

/** The flags pricing depends on: plain strings, so they cross to a worker thread as they are. */
export interface ShipPricingFlags {
  region?: string | undefined;
  arch?: string | undefined;
  config?: string | undefined;
}

/**
 * The functions config, read once it is named: a bad file stops the run before any input is
 * read. `onWarning` hears of keys it does not know (a typo prices a function without what it
 * meant); worker threads read the file again without it, so each is said once.
 */
export async function shipConfigs(
  flags: ShipPricingFlags,
  onWarning?: (message: string) => void,
): Promise<ReadonlyMap<string, FunctionConfig> | undefined> {
  return flags.config ? await loadFunctionConfigs(flags.config, onWarning) : undefined;
}

export function shipPricer(
  flags: ShipPricingFlags,
  configs: ReadonlyMap<string, FunctionConfig> | undefined,
): Pricer | undefined {
  const architecture = isArchitecture(flags.arch) ? flags.arch : undefined;
  if (!architecture && !configs) return undefined;
  return createPricer({ region: flags.region, architecture, configs });
}
