/**
 * The engine question (`GET /`: which engine a cluster runs), asked as every command that
 * talks to a cluster asks it (`ship`, `es setup`, `cost --source elasticsearch`): again, as a
 * bulk request is sent again (shippers/retry-policy.ts), while the cluster is restarting or out
 * of reach, each retry said; failing with the URL without its credentials; and ended by the
 * run's stop, said, as a stop the user asked for (main exits 0). A command that asked once
 * failed on the first refused connection, and a Ctrl-C while it waited exited 130 without a
 * word. Loaded only for a search-engine target, with the engines' clients.
 */
import { AwsCollectorError } from '../../collectors/aws/errors.ts';
import { ConfigError, LambdalensError } from '../../collectors/kernel/index.ts';
import {
  connectionHint,
  isPlainHttpServer,
  isUntrustedCertificate,
} from '../../shippers/elasticsearch/cluster.ts';
import {
  type ConnectionConfig,
  DEFAULT_REQUEST_TIMEOUT_MS,
  resolveConnection,
} from '../../shippers/elasticsearch/config.ts';
import type { ConnectOptions, EngineQuestionRetry } from '../../shippers/elasticsearch/connect.ts';
import { SearchRequestError } from '../../shippers/elasticsearch/search-client.ts';
import { redactorFor, redactUrlUserinfo } from '../../shippers/secrets.ts';
import { sayLine, sayQuoting } from '../output/say-line.ts';
import { seconds } from '../output/ship-progress.ts';

export interface EngineQuestionOptions {
  credentials: ConnectOptions['credentials'];
  /** The run's stop (cli/stop.ts), honoured by the command before it asks. */
  stop: AbortSignal;
  /**
   * What the command had not done when a stop ended the question, said after "stopped by
   * SIGINT before ": `anything was shipped: no input was read and no document sent to <url>`.
   */
  undone: (display: string) => string;
  /** Whether the command takes `--request-timeout`, which the failure's hint then offers. */
  requestTimeoutFlag?: boolean | undefined;
}

/** Ends the run for a stop asked before the command did anything: said, then thrown (main exits 0). */
export function stoppedBefore(stop: AbortSignal, undone: string): never {
  const why = stop.reason instanceof Error ? stop.reason.message : 'stopped';
  sayLine(`${why} before ${undone}`);
  throw stop.reason;
}

/**
 * Connects by `connect` (which asks the engine unless told it), with the question's retries
 * said on stderr and its failure and stop said as above. Bad settings, and a role STS did not
 * hand over, are thrown as they are.
 */
export async function askingTheEngine<T>(
  connection: ConnectionConfig,
  options: EngineQuestionOptions,
  connect: (connection: ConnectionConfig, options: ConnectOptions) => Promise<T>,
): Promise<T> {
  const { stop } = options;
  // A bad URL or setting is refused here, as connecting would refuse it.
  const { display, secrets } = resolveConnection(connection);
  const redact = (text: string) => redactUrlUserinfo(redactorFor(secrets)(text));
  const requestTimeoutMs = connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // A try that timed out is said as a bulk request's is, with the time it was given.
  const causeOf = (err: unknown) =>
    err instanceof SearchRequestError && err.kind === 'timeout'
      ? `no answer within ${requestTimeoutMs} ms (request timed out)`
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
  try {
    return await connect(connection, {
      credentials: options.credentials,
      signal: stop,
      retries: { onRetry },
    });
  } catch (err) {
    if (stop.aborted) stoppedBefore(stop, options.undone(display));
    if (err instanceof ConfigError || err instanceof AwsCollectorError) throw err;
    const said = causeOf(err);
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    // A certificate not trusted, or TLS to a plain http port: what to change is said with it,
    // and neither skipping the question nor waiting longer would mend it.
    const lasting = isUntrustedCertificate(said) || isPlainHttpServer(said);
    throw new LambdalensError(
      `cannot reach ${display} to learn which engine it runs${after}: ${said}${connectionHint(said)}`,
      {
        cause: err,
        retryable: !lasting,
        hint: lasting
          ? undefined
          : `check the URL; --engine elasticsearch|opensearch skips the question${options.requestTimeoutFlag ? '; --request-timeout waits longer' : ''}`,
      },
    );
  }
}
