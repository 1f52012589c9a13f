/**
 * `ship`'s cluster, made ready before any input is read: connected, asked which engine it
 * runs — again, as a bulk request is sent again, while it is restarting or out of reach,
 * each retry said — and its templates and index period checked. The run's stop is honoured
 * from the first question: a signal ends the run here, with exit 0, saying that nothing was
 * shipped. Loaded only for a search-engine target, with the engines' clients.
 */
import { AwsCollectorError } from '../../collectors/aws/errors.ts';
import { ConfigError, LambdalensError } from '../../collectors/kernel/index.ts';
import type { SearchCluster } from '../../shippers/cluster.ts';
import { connectionHint } from '../../shippers/elasticsearch/cluster.ts';
import { type ConnectionConfig, resolveConnection } from '../../shippers/elasticsearch/config.ts';
import type { ConnectOptions, EngineQuestionRetry } from '../../shippers/elasticsearch/connect.ts';
import { SearchRequestError } from '../../shippers/elasticsearch/search-client.ts';
import { connectCluster } from '../../shippers/elasticsearch/search-cluster.ts';
import { templateNames } from '../../shippers/elasticsearch/templates.ts';
import type { IndexPeriod } from '../../shippers/index-names.ts';
import { checkOtherPeriod, storedUnderOtherPeriod } from '../../shippers/other-period.ts';
import { redactorFor, redactUrlUserinfo } from '../../shippers/secrets.ts';
import { sayLine, sayQuoting } from '../output/say-line.ts';
import { seconds } from '../output/ship-progress.ts';

export interface ShipClusterOptions {
  credentials: ConnectOptions['credentials'];
  indexPrefix: string;
  period: IndexPeriod;
  requestTimeoutMs: number;
  /** The run's stop (cli/stop.ts), honoured from the first question on. */
  stop: AbortSignal;
}

/** Ends the run for the stop asked before anything was read: said, then thrown (main exits 0). */
function stoppedBeforeShipping(stop: AbortSignal, display: string): never {
  const why = stop.reason instanceof Error ? stop.reason.message : 'stopped';
  sayLine(`${why} before anything was shipped: no input was read and no document sent to ${display}`);
  throw stop.reason;
}

export async function openShipCluster(
  connection: ConnectionConfig,
  options: ShipClusterOptions,
): Promise<SearchCluster> {
  const { stop } = options;
  // A bad URL or setting is refused here, as connecting would refuse it.
  const { display, secrets } = resolveConnection(connection);
  const redact = (text: string) => redactUrlUserinfo(redactorFor(secrets)(text));
  // A try that timed out is said as a bulk request's is, with the time it was given.
  const causeOf = (err: unknown) =>
    err instanceof SearchRequestError && err.kind === 'timeout'
      ? `no answer within ${options.requestTimeoutMs} ms (request timed out)`
      : redact(err instanceof Error ? err.message : String(err));
  let attempts = 1;
  const onRetry = (retry: EngineQuestionRetry) => {
    attempts = retry.attempt + 1;
    const said = causeOf(retry.error);
    sayQuoting(
      `asking ${display} again which engine it runs in ${seconds(retry.delayMs)} (attempt ${attempts} of ${retry.maxAttempts}): ${said}${connectionHint(said)}`,
    );
  };
  // Signed (Amazon OpenSearch) with the run's credentials, the ones its AWS reads use: scrubbed
  // from stderr when resolved, explained when the profile gives none.
  const cluster = await connectCluster(connection, {
    credentials: options.credentials,
    signal: stop,
    retries: { onRetry },
  }).catch((err: unknown) => {
    if (stop.aborted) stoppedBeforeShipping(stop, display);
    // Bad settings, and a role STS did not hand over, are said as they are.
    if (err instanceof ConfigError || err instanceof AwsCollectorError) throw err;
    const said = causeOf(err);
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    throw new LambdalensError(
      `cannot reach ${display} to learn which engine it runs${after}: ${said}${connectionHint(said)}`,
      {
        cause: err,
        retryable: true,
        hint: 'check the URL; --engine elasticsearch|opensearch skips the question; --request-timeout waits longer',
      },
    );
  });
  const look = { timeoutMs: Math.min(options.requestTimeoutMs, 5_000), signal: stop };
  await warnIfTemplatesMissing(cluster, options.indexPrefix, look);
  await refuseOtherPeriod(cluster, options.indexPrefix, options.period, look);
  // A stop during these looks ends them without an answer: the run ends here all the same.
  if (stop.aborted) {
    await cluster.close();
    stoppedBeforeShipping(stop, display);
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
