/**
 * `ship`'s cluster, made ready before any input is read: connected, asked which engine it
 * runs (engine-question.ts: again while it is restarting or out of reach, each retry said),
 * and its templates and index period checked. The run's stop is honoured
 * from the first question: a signal ends the run here, with exit 0, saying that nothing was
 * shipped. Loaded only for a search-engine target, with the engines' clients.
 */
import { ConfigError } from '../../collectors/kernel/index.ts';
import type { SearchCluster } from '../../shippers/cluster.ts';
import type { ConnectionConfig } from '../../shippers/elasticsearch/config.ts';
import type { ConnectOptions } from '../../shippers/elasticsearch/connect.ts';
import { connectCluster } from '../../shippers/elasticsearch/search-cluster.ts';
import { templateNames } from '../../shippers/elasticsearch/templates.ts';
import type { IndexPeriod } from '../../shippers/index-names.ts';
import { checkOtherPeriod, storedUnderOtherPeriod } from '../../shippers/other-period.ts';
import { sayLine } from '../output/say-line.ts';
import { askingTheEngine, stoppedBefore } from './engine-question.ts';

export interface ShipClusterOptions {
  credentials: ConnectOptions['credentials'];
  indexPrefix: string;
  period: IndexPeriod;
  requestTimeoutMs: number;
  /** The run's stop (cli/stop.ts), honoured from the first question on. */
  stop: AbortSignal;
}

/** What a stop before the first document leaves undone. */
const nothingShipped = (display: string) =>
  `anything was shipped: no input was read and no document sent to ${display}`;

export async function openShipCluster(
  connection: ConnectionConfig,
  options: ShipClusterOptions,
): Promise<SearchCluster> {
  const { stop } = options;
  const cluster = await askingTheEngine(
    connection,
    { credentials: options.credentials, stop, undone: nothingShipped, requestTimeoutFlag: true },
    connectCluster,
  );
  const look = { timeoutMs: Math.min(options.requestTimeoutMs, 5_000), signal: stop };
  await warnIfTemplatesMissing(cluster, options.indexPrefix, look);
  await refuseOtherPeriod(cluster, options.indexPrefix, options.period, look);
  // A stop during these looks ends them without an answer: the run ends here all the same.
  if (stop.aborted) {
    await cluster.close();
    stoppedBefore(stop, nothingShipped(cluster.display));
  }
  return cluster;
}

/** Says, before anything is sent, when the cluster lacks the templates and how to add them. */
async function warnIfTemplatesMissing(
  cluster: SearchCluster,
  prefix: string,
  // A short look: a cluster that does not answer is the shipping's to report, with progress.
  look: { timeoutMs: number; signal: AbortSignal },
): Promise<void> {
  const missing = await cluster.missingTemplates(templateNames(prefix), look);
  if (!missing || missing.length === 0) return;
  sayLine(
    `warning: ${cluster.display} has no lambdalens index templates for prefix "${prefix}" ` +
      `(missing ${missing.join(', ')}): the cluster will guess mappings, and application JSON that ` +
      'conflicts with its guesses will be dead-lettered',
  );
  sayLine(`to fix it, run: lambdalens es setup --es-url ${cluster.display} --index-prefix ${prefix}`);
}

/**
 * Refuses to ship into a prefix whose invocations are stored under the other period (see
 * shippers/other-period.ts). A cluster that will not list its indices is shipped to as before.
 */
async function refuseOtherPeriod(
  cluster: SearchCluster,
  prefix: string,
  period: IndexPeriod,
  look: { timeoutMs: number; signal: AbortSignal },
): Promise<void> {
  const found = await checkOtherPeriod(cluster, prefix, period, look);
  if (found.kind !== 'stored') return;
  throw new ConfigError(
    `${storedUnderOtherPeriod(cluster, prefix, found)}: shipping with --index-period ${period} would store every document a second time beside them`,
    { hint: `ship with --index-period ${found.other}, as before, or into another --index-prefix` },
  );
}
