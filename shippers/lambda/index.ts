/**
 * The deployed entry point. Connection settings come from the environment (ES_URL,
 * TARGET_ENGINE, AWS_SIGV4_SERVICE, AOSS_COLLECTION_TYPE); credentials from Secrets Manager
 * (ES_SECRET_ARN) or SSM (ES_API_KEY_PARAMETER), read once per container and never logged —
 * or, for Amazon OpenSearch Service and Serverless, from the function's execution role,
 * through the SDK's standard credential chain, signing every request with SigV4. The
 * secret read shares the invocation's deadline: it may take at most the time left less the
 * margin, so a slow Secrets Manager cannot make the handler overrun its timeout. Before a
 * batch is written, INDEX_PERIOD is checked against the indices the prefix already has
 * (period-guard.ts), within the same time.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { jsonLogger, LambdalensError } from '../../collectors/kernel/index.ts';
import { type ConnectionConfig, connectionFromEnv, resolveConnection } from '../elasticsearch/config.ts';
import { clusterOfConnection, createElasticsearchShipper } from '../elasticsearch/shipper.ts';
import { transportRisks } from '../elasticsearch/transport-risks.ts';
import { createPricer } from '../pricer.ts';
import type { CarryBounds } from '../stream-carry.ts';
import { ShipperConfigError } from '../types.ts';
import {
  architectureSetting,
  choiceSetting,
  countSetting,
  megabytesSetting,
  millisecondsSetting,
  prefixSetting,
} from './env-settings.ts';
import { createSubscriptionHandler, type DeadlineContext, type SubscriptionEvent } from './handler.ts';
import { createPeriodGuard } from './period-guard.ts';

/** AWS clients take their endpoint from the environment the entry was given (a test's moto). */
const awsConfig = (env: NodeJS.ProcessEnv) =>
  env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {};

async function credentials(env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<ConnectionConfig> {
  const base = connectionFromEnv(env);
  if (env.ES_SECRET_ARN) {
    const out = await new SecretsManagerClient(awsConfig(env)).send(
      new GetSecretValueCommand({ SecretId: env.ES_SECRET_ARN }),
      { abortSignal: signal },
    );
    let secret: { apiKey?: string; username?: string; password?: string; url?: string; cloudId?: string };
    try {
      secret = JSON.parse(out.SecretString ?? '');
    } catch {
      throw new ShipperConfigError(
        'ES_SECRET_ARN: the secret is not JSON like {"apiKey": "..."} or {"username","password"}',
      );
    }
    if (secret.url) {
      base.node = secret.url;
      base.nodeFrom = 'the "url" of the ES_SECRET_ARN secret';
    }
    if (secret.cloudId) base.cloudId = secret.cloudId;
    if (secret.apiKey) base.auth = { kind: 'api-key', apiKey: secret.apiKey };
    else if (secret.username)
      base.auth = { kind: 'basic', username: secret.username, password: secret.password ?? '' };
    else throw new ShipperConfigError('ES_SECRET_ARN: the secret has neither "apiKey" nor "username"');
  } else if (env.ES_API_KEY_PARAMETER) {
    const out = await new SSMClient(awsConfig(env)).send(
      new GetParameterCommand({ Name: env.ES_API_KEY_PARAMETER, WithDecryption: true }),
      { abortSignal: signal },
    );
    const apiKey = out.Parameter?.Value;
    if (!apiKey) throw new ShipperConfigError('ES_API_KEY_PARAMETER: the parameter is empty');
    base.auth = { kind: 'api-key', apiKey };
  }
  return base;
}

/**
 * What a warm container may keep of its streams between deliveries (stream-carry.ts):
 * CARRY_MAX_MB in all (64 MiB by default, an eighth of the template's 512 MB), a function
 * given more memory for busy groups of long lines keeping more, one given less, less;
 * CARRY_MAX_STREAMS streams (1,000) and CARRY_MAX_EVENTS_PER_STREAM events a stream (2,000),
 * for a function subscribed to more streams at once, or whose requests log more between
 * deliveries. The warning of events let go names the bound they went past.
 */
function carryBoundsOf(env: NodeJS.ProcessEnv): CarryBounds {
  const bounds: CarryBounds = {};
  const maxCarryBytes = megabytesSetting(env, 'CARRY_MAX_MB');
  const maxCarryStreams = countSetting(env, 'CARRY_MAX_STREAMS');
  const maxCarryPerStream = countSetting(env, 'CARRY_MAX_EVENTS_PER_STREAM');
  if (maxCarryBytes !== undefined) bounds.maxCarryBytes = maxCarryBytes;
  if (maxCarryStreams !== undefined) bounds.maxCarryStreams = maxCarryStreams;
  if (maxCarryPerStream !== undefined) bounds.maxCarryPerStream = maxCarryPerStream;
  return bounds;
}

const marginOf = (env: NodeJS.ProcessEnv) => millisecondsSetting(env, 'DEADLINE_MARGIN_MS', 3_000, 0);

async function build(env: NodeJS.ProcessEnv, signal: AbortSignal) {
  // Every setting is read before anything is asked of AWS: a wrong one fails at once, named.
  const architecture = architectureSetting(env, 'PRICING_ARCHITECTURE');
  const prefix = prefixSetting(env, 'INDEX_PREFIX', 'lambdalens');
  const period = choiceSetting(env, 'INDEX_PERIOD', ['daily', 'monthly']);
  const indexMode = choiceSetting(env, 'INDEX_MODE', ['daily', 'data-stream']);
  const requestTimeoutMs = millisecondsSetting(env, 'ES_REQUEST_TIMEOUT_MS', 20_000, 1);
  const marginMs = marginOf(env);
  const carry = carryBoundsOf(env);
  const logger = jsonLogger();
  let connection: ConnectionConfig;
  try {
    connection = await credentials(env, signal);
  } catch (cause) {
    if (!signal.aborted) throw cause;
    throw new LambdalensError(
      'reading the Elasticsearch credentials did not finish within the time left less the margin; Lambda will retry the batch',
      { cause, retryable: true },
    );
  }
  // A URL it cannot use is refused here, named, as the settings above are: met at the first
  // write, it failed the delivery as documents not delivered, the cause inside.
  resolveConnection(connection);
  // Once per container, in the function's own log, where whoever set ES_TLS_VERIFY looks.
  for (const risk of transportRisks(connection)) logger.warn(risk);
  // One cluster for the INDEX_PERIOD check and the shipping: its engine is asked once.
  const cluster = clusterOfConnection(connection, requestTimeoutMs);
  const shipper = createElasticsearchShipper(
    {
      connection,
      cluster,
      indexPrefix: prefix,
      indexMode,
      indexPeriod: period,
      requestTimeoutMs,
    },
    { logger },
  );
  return createSubscriptionHandler({
    shipper,
    region: env.AWS_REGION,
    pricer: architecture ? createPricer({ region: env.AWS_REGION, architecture }) : undefined,
    marginMs,
    beforeWrite: createPeriodGuard({ cluster, prefix, period, logger }),
    logger,
    carry,
  });
}

/** Builds the handler on a container's first invocation, within that invocation's time. */
export function createLambdaEntry(env: NodeJS.ProcessEnv = process.env) {
  let handlerPromise: Promise<ReturnType<typeof createSubscriptionHandler>> | undefined;
  return async function handler(event: SubscriptionEvent, context: DeadlineContext) {
    const budget = Math.max(1, context.getRemainingTimeInMillis() - marginOf(env));
    handlerPromise ??= build(env, AbortSignal.timeout(budget)).catch((err) => {
      handlerPromise = undefined;
      throw err;
    });
    return (await handlerPromise)(event, context);
  };
}

export const handler = createLambdaEntry();
