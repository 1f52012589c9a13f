/**
 * Opens a `SearchClient` for a target: Elasticsearch or OpenSearch, told or detected.
 * Detection asks `GET /` through the Elasticsearch client first (the usual target, and its
 * client refuses anything else); on refusal the OpenSearch client is loaded and asked the
 * same. Amazon OpenSearch targets (SigV4) are OpenSearch by definition, and Serverless has
 * no `GET /` at all, so it is never asked.
 */
import { Client } from '@elastic/elasticsearch';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError, LambdalensError } from '../../collectors/kernel/index.ts';
import { REJECTED_KEYS_HINT } from '../rejected-keys.ts';
import { resolveSigV4, type SigV4Service } from './aws-target.ts';
import { answeredAsNotRoot, notClusterRoot } from './cluster-root.ts';
import { type ConnectionConfig, type ResolvedConnection, resolveConnection } from './config.ts';
import { elasticSearchClient } from './elastic-client.ts';
import {
  asking,
  type EngineCheckBudget,
  type EngineQuestionOptions,
  engineCheckBudget,
} from './engine-asking.ts';
import { type OpenSearchConnection, openSearchClient } from './opensearch-client.ts';
import {
  type EngineIdentity,
  type SearchClient,
  SearchRequestError,
  type SearchResponse,
} from './search-client.ts';

export type { EngineQuestionRetries, EngineQuestionRetry } from './engine-asking.ts';

interface RootInfo {
  version?: { number?: string; distribution?: string };
}

/**
 * The provider that signs, asked once now so that missing credentials stop the run here and
 * not as retried requests. Without one given, the profile's chain as the AWS log clients build
 * it (collectors/aws/credentials.ts): a profile with no credentials, a failing
 * credential_process or a role STS refused is explained, as it is for them.
 */
async function awsCredentials(
  profile: string | undefined,
  given: AwsCredentialIdentityProvider | undefined,
): Promise<AwsCredentialIdentityProvider> {
  const provider =
    given ?? (await import('../../collectors/aws/credentials.ts')).profileCredentials({ profile });
  try {
    await provider();
  } catch (cause) {
    // Already said in words (no credentials from the profile, a role not assumed).
    if (cause instanceof LambdalensError) throw cause;
    throw new ConfigError('no AWS credentials to sign requests to Amazon OpenSearch', {
      cause,
      hint: 'use --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role provides them',
    });
  }
  return provider;
}

function openSearchConnection(resolved: ResolvedConnection, config: ConnectionConfig): OpenSearchConnection {
  const o = resolved.options;
  if (o.cloud) throw new ConfigError('a Cloud ID names an Elastic Cloud deployment, which is Elasticsearch');
  const auth = o.auth as { username?: string; password?: string; apiKey?: unknown } | undefined;
  if (auth?.apiKey !== undefined) {
    throw new ConfigError('API keys are an Elasticsearch feature; OpenSearch takes basic auth or AWS SigV4', {
      hint: 'use --username with --password-env, or --aws-sigv4 es|aoss for Amazon OpenSearch',
    });
  }
  const tls = o.tls as { rejectUnauthorized?: boolean; ca?: string } | undefined;
  return {
    node: o.node as string,
    ...(auth?.username ? { auth: { username: auth.username, password: auth.password ?? '' } } : {}),
    rejectUnauthorized: tls?.rejectUnauthorized !== false,
    ca: tls?.ca,
    requestTimeoutMs: Number(o.requestTimeout ?? 30_000),
    compression: config.compression === true,
  };
}

/** An Elasticsearch client made elsewhere (tests, the bench), seen as a SearchClient it does not own. */
export function asSearchClient(client: SearchClient | Client): SearchClient {
  if (!(client instanceof Client)) return client;
  return elasticSearchClient(
    client,
    { engine: 'elasticsearch', version: null, serverless: false },
    '',
    [],
    false,
  );
}

/**
 * The version the local node reports, where the root endpoint is missing (the URL answered
 * `GET` with an error in Elasticsearch's name); `not-root` when the node API is not under the
 * URL either (its path is an index name or nothing the cluster serves).
 */
async function nodeVersion(
  client: SearchClient,
  budget: EngineCheckBudget,
): Promise<{ version: string | null } | 'not-root'> {
  try {
    const res = await client.request<{ nodes?: Record<string, { version?: string }> }>(
      {
        method: 'GET',
        path: '/_nodes/_local',
        querystring: { filter_path: 'nodes.*.version' },
      },
      budget(),
    );
    return { version: Object.values(res.body.nodes ?? {})[0]?.version ?? null };
  } catch (err) {
    if (err instanceof SearchRequestError && answeredAsNotRoot(err)) return 'not-root';
    return { version: null };
  }
}

export interface ConnectOptions extends EngineQuestionOptions {
  /** An Elasticsearch client already made (tests, the Lambda's warm client). */
  client?: Client | undefined;
  /**
   * For SigV4: the run's provider (the CLI's, shared with its AWS clients and scrubbed from its
   * output), or a test's. Without one, the profile's chain is built here.
   */
  credentials?: AwsCredentialIdentityProvider | undefined;
}

/**
 * The engine's answer to `GET /` is JSON naming its version; anything else (a proxy's HTML
 * page served with 200) says nothing of the engine and must not be taken for one, or a
 * warm Lambda would keep the wrong client for its whole life.
 */
function versionOfRoot(body: unknown, status: number): string {
  const number = (body as RootInfo | null)?.version?.number;
  if (typeof body === 'object' && body !== null && typeof number === 'string') return number;
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  throw new SearchRequestError(
    'unreadable',
    `the answer to GET / is not from Elasticsearch or OpenSearch (a proxy or maintenance page?): HTTP ${status} with "${text.slice(0, 200)}"`,
    { status, body },
  );
}

/** Connects to the target and learns which engine it is; throws ConfigError for bad settings. */
export async function connectSearch(
  config: ConnectionConfig,
  options: ConnectOptions = {},
): Promise<SearchClient> {
  if (options.client) {
    return elasticSearchClient(
      options.client,
      { engine: 'elasticsearch', version: null, serverless: false },
      '',
      [],
      false,
    );
  }
  const resolved = resolveConnection(config);
  const sigv4 = resolveSigV4(resolved.options.node as string | undefined, {
    service: config.aws?.service,
    region: config.aws?.region,
  });
  if (sigv4 && config.engine === 'elasticsearch') {
    throw new ConfigError(
      'AWS SigV4 signing is for Amazon OpenSearch; it cannot be used with --engine elasticsearch',
    );
  }
  if (sigv4) return connectAmazon(resolved, config, sigv4, options);
  // Told the engine, it is not asked: nothing to ask again, and no request unless the URL has
  // a path, whose root-ness is still asked once.
  if (config.engine === 'opensearch') {
    const client = await connectOpenSearch(resolved, config, null, engineCheckBudget(0, options.signal));
    return toldRootChecked(client, resolved.display, options);
  }
  if (config.engine === 'elasticsearch')
    return toldRootChecked(elasticsearchTold(resolved), resolved.display, options);
  return asking((budget) => detectEngine(resolved, config, budget), config, options);
}

/** How long the one `GET` of a told engine's URL with a path may take: a setting is in question, not an outage. */
const TOLD_ROOT_CHECK_MS = 5_000;

/**
 * A told engine skips the engine question, which is where a URL whose path the cluster does
 * not serve is found (cluster-root.ts): told, `ship --to http://127.0.0.1:9200/es` stored its
 * documents through `/es/_bulk`, as if `/es` were a root. A URL without a path is the root of
 * whatever answers there and is asked nothing; one with a path (`/es`, a proxy's, or an index
 * name) is asked `GET` once, as the question asks it. Only an answer that the path is no root
 * refuses it; any other failure is left to the run's first request, as it was.
 */
async function toldRootChecked(
  client: SearchClient,
  display: string,
  options: ConnectOptions,
): Promise<SearchClient> {
  if (!hasPath(display)) return client;
  const budget = engineCheckBudget(
    Math.min(options.timeoutMs ?? TOLD_ROOT_CHECK_MS, TOLD_ROOT_CHECK_MS),
    options.signal,
  );
  let refusal: ConfigError;
  try {
    const root = await client.request<RootInfo>({ method: 'GET', path: '/' }, budget());
    if (typeof (root.body as RootInfo | null)?.version?.number === 'string') return client;
    // Elasticsearch's answer to a path under the root (`/_cat`) names no version.
    refusal = notClusterRoot(display, `HTTP ${root.statusCode} without the cluster's name and version`);
  } catch (err) {
    if (!(err instanceof SearchRequestError) || !answeredAsNotRoot(err)) return client;
    // A build without the root endpoint answers its root with 405 too: its node API tells them apart.
    if (
      err.headers['x-elastic-product'] === 'Elasticsearch' &&
      (await nodeVersion(client, budget)) !== 'not-root'
    )
      return client;
    refusal = notClusterRoot(display, err.message, err);
  }
  await client.close();
  throw refusal;
}

/** Whether the URL names a path under its host (`http://host:9200/es`), not its root. */
function hasPath(display: string): boolean {
  try {
    return new URL(display).pathname !== '/';
  } catch {
    return false;
  }
}

function elasticsearchTold(resolved: ResolvedConnection): SearchClient {
  return elasticSearchClient(
    new Client(resolved.options),
    { engine: 'elasticsearch', version: null, serverless: false },
    resolved.display,
    resolved.secrets,
    true,
  );
}

/** One try at the engine question: `GET /` through the Elasticsearch client, then OpenSearch's. */
async function detectEngine(
  resolved: ResolvedConnection,
  config: ConnectionConfig,
  budget: EngineCheckBudget,
): Promise<SearchClient> {
  const identity: EngineIdentity = { engine: 'elasticsearch', version: null, serverless: false };
  const client = elasticSearchClient(
    new Client(resolved.options),
    identity,
    resolved.display,
    resolved.secrets,
    true,
  );
  let root: SearchResponse<RootInfo> | null = null;
  try {
    root = await client.request<RootInfo>({ method: 'GET', path: '/' }, budget());
  } catch (err) {
    // Elasticsearch stamps every answer, errors included, with its product header; a build
    // without the root endpoint (the integ-test zip) answers `GET /` with 405, and so does any
    // path under the root, whose node API then tells them apart.
    if (
      err instanceof SearchRequestError &&
      err.kind === 'response' &&
      err.headers['x-elastic-product'] === 'Elasticsearch'
    ) {
      const node = await nodeVersion(client, budget);
      if (node !== 'not-root') {
        identity.version = node.version;
        return client;
      }
      await client.close();
      throw notClusterRoot(resolved.display, err.message, err);
    }
    // Not Elasticsearch's answer: OpenSearch's (to its client's media type, or to a path that
    // is not its root), which its own client asks again.
    const refused =
      err instanceof SearchRequestError &&
      (err.kind === 'wrong-engine' ||
        (err.kind === 'response' && (err.status === 406 || answeredAsNotRoot(err))));
    if (!refused) {
      await client.close();
      throw err;
    }
  }
  const version = root?.body?.version;
  if (root && version?.distribution !== 'opensearch') {
    // Elasticsearch's answer to a path under the root (`/_cat`) names no version.
    if (typeof version?.number !== 'string') {
      await client.close();
      throw notClusterRoot(
        resolved.display,
        `HTTP ${root.statusCode} without the cluster's name and version`,
      );
    }
    identity.version = version.number;
    return client;
  }
  await client.close();
  return connectOpenSearch(resolved, config, null, budget);
}

async function connectOpenSearch(
  resolved: ResolvedConnection,
  config: ConnectionConfig,
  sign: OpenSearchConnection['sign'] | null,
  budget: EngineCheckBudget,
  serverless = false,
): Promise<SearchClient> {
  const connection = { ...openSearchConnection(resolved, config), ...(sign ? { sign } : {}) };
  const identity: EngineIdentity = { engine: 'opensearch', version: null, serverless };
  const client = await openSearchClient(connection, identity, resolved.display, resolved.secrets);
  // Serverless has no `GET /`; an engine given explicitly is not asked (one request less per cold start).
  if (serverless || config.engine === 'opensearch') return client;
  try {
    const root = await client.request<RootInfo>({ method: 'GET', path: '/' }, budget());
    identity.version = versionOfRoot(root.body, root.statusCode);
    return client;
  } catch (err) {
    await client.close();
    const keys = sign ? keysRefused(err, resolved.display) : null;
    if (keys) throw keys;
    if (err instanceof SearchRequestError && answeredAsNotRoot(err))
      throw notClusterRoot(resolved.display, err.message, err);
    throw err;
  }
}

/** A signed request refused for its keys (rejected-keys.ts) as the setting it is, or null. */
function keysRefused(err: unknown, display: string): ConfigError | null {
  if (!(err instanceof SearchRequestError) || err.refusedKeys === null) return null;
  return new ConfigError(
    `${display} refused the AWS keys the requests are signed with (${err.refusedKeys}: ${err.message})`,
    { hint: REJECTED_KEYS_HINT },
  );
}

async function connectAmazon(
  resolved: ResolvedConnection,
  config: ConnectionConfig,
  sigv4: { service: SigV4Service; region: string },
  options: ConnectOptions,
): Promise<SearchClient> {
  // The credentials are asked once: their failures are settings, not a cluster restarting.
  const credentials = await awsCredentials(config.aws?.profile, options.credentials);
  const { createRequestSigner } = await import('./sigv4.ts');
  const sign = createRequestSigner({ ...sigv4, credentials });
  return asking(
    (budget) => connectOpenSearch(resolved, config, sign, budget, sigv4.service === 'aoss'),
    config,
    options,
  );
}
