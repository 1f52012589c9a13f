/**
 * Connection settings for Elasticsearch, validated up front. Credentials are moved out of
 * URLs into `auth`, and only redacted forms ever reach messages or logs.
 */
import { readFileSync } from 'node:fs';
import { Client, SniffingTransport } from '@elastic/elasticsearch';
import type { SearchEngine } from '../dev-cluster/distributions.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../retry-policy.ts';
import { type Credentials, rememberSecrets, secretForms } from '../secrets.ts';
import { ShipperConfigError } from '../types.ts';

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;

export type EsAuth = Credentials;

export interface ConnectionConfig {
  /** `https://host:9200`; or give `cloudId`. */
  node?: string | undefined;
  /**
   * What gave `node`, for its errors (`ES_URL`, a secret's "url"): the URL itself is never
   * echoed, as it may hold credentials. Absent: the URL on the command line.
   */
  nodeFrom?: string | undefined;
  cloudId?: string | undefined;
  auth?: EsAuth | undefined;
  /** TLS verification is on unless this is set to false explicitly. */
  verifyTls?: boolean | undefined;
  /** PEM file of a private CA to trust. */
  caFile?: string | undefined;
  requestTimeoutMs?: number | undefined;
  compression?: boolean | undefined;
  /** Which engine the node runs; detected from `GET /` when not given. */
  engine?: SearchEngine | undefined;
  /** AWS request signing (Amazon OpenSearch Service and Serverless); see `sigv4.ts`. */
  aws?: AwsSigningConfig | undefined;
}

export interface AwsSigningConfig {
  /** `es` (domains) or `aoss` (Serverless); read from the host name when not given. */
  service?: string | undefined;
  region?: string | undefined;
  /** A named profile; otherwise the standard chain (environment, SSO, the Lambda's role…). */
  profile?: string | undefined;
  /** Serverless collection type: time-series collections refuse document IDs. */
  collectionType?: 'search' | 'timeseries' | undefined;
}

export type { ClientOptions };

export { DEFAULT_REQUEST_TIMEOUT_MS };

export interface ResolvedConnection {
  options: ClientOptions;
  /** The node without credentials, safe to print. */
  display: string;
  /** Every form of the credentials (raw, encoded, in a URL), for redaction. */
  secrets: string[];
}

/** Validates the config and builds client options; throws ShipperConfigError naming the bad field. */
export function resolveConnection(config: ConnectionConfig): ResolvedConnection {
  if (!config.node && !config.cloudId) {
    throw new ShipperConfigError(
      'elasticsearch: give a node URL (--es-url / ES_URL) or a Cloud ID (ES_CLOUD_ID)',
    );
  }
  if (config.node && config.cloudId) {
    throw new ShipperConfigError('elasticsearch: give either a node URL or a Cloud ID, not both');
  }
  let auth = config.auth ?? { kind: 'none' };
  let urlUserinfo: string | null = null;
  let display = config.cloudId ? `cloud:${config.cloudId.split(':')[0]}` : '';
  let node: string | undefined;
  if (config.node) {
    let url: URL;
    try {
      url = new URL(config.node);
    } catch {
      // The URL may hold credentials: do not echo it, nor the parser's error that quotes it.
      throw new ShipperConfigError(`elasticsearch: ${config.nodeFrom ?? 'the node URL'} is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ShipperConfigError(
        `elasticsearch: ${config.nodeFrom ?? 'the node URL'} must be http or https, got "${url.protocol}"`,
      );
    }
    if (url.username || url.password) {
      // The URL as given, userinfo included, may be echoed back: its forms are secrets too.
      urlUserinfo = `${url.username}:${url.password}`;
      if (auth.kind !== 'none') {
        throw new ShipperConfigError('elasticsearch: credentials given both in the URL and as options');
      }
      auth = {
        kind: 'basic',
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      };
      url.username = '';
      url.password = '';
    }
    node = url.toString().replace(/\/$/, '');
    display = node;
  }
  const secrets = secretForms(auth);
  if (urlUserinfo && urlUserinfo.length > 1) secrets.push(urlUserinfo);
  rememberSecrets(secrets);
  const options: ClientOptions = {
    maxRetries: 0,
    requestTimeout: config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    compression: config.compression ?? false,
  };
  if (node) options.node = node;
  if (config.cloudId) options.cloud = { id: config.cloudId };
  if (auth.kind === 'api-key') {
    if (!auth.apiKey) throw new ShipperConfigError('elasticsearch: the API key is empty');
    options.auth = { apiKey: auth.apiKey };
  } else if (auth.kind === 'basic') {
    if (!auth.username) throw new ShipperConfigError('elasticsearch: basic auth needs a username');
    options.auth = { username: auth.username, password: auth.password };
  }
  const tls: NonNullable<ClientOptions['tls']> = { rejectUnauthorized: config.verifyTls !== false };
  if (config.caFile) {
    try {
      tls.ca = readFileSync(config.caFile, 'utf8');
    } catch (cause) {
      throw new ShipperConfigError(`elasticsearch: cannot read the CA file "${config.caFile}"`, { cause });
    }
  }
  options.tls = tls;
  return { options, display, secrets };
}

/**
 * The client's transport without its product check: the shipper checks the header itself,
 * so that a 200 from something else (a proxy's maintenance page) comes back with its body
 * to quote, instead of as an error that says only "not Elasticsearch".
 */
class UncheckedTransport extends SniffingTransport {
  constructor(options: ConstructorParameters<typeof SniffingTransport>[0]) {
    super({ ...options, productCheck: undefined });
  }
}

export function createClient(
  config: ConnectionConfig,
  options: { checkProduct?: boolean } = {},
): {
  client: Client;
  display: string;
  secrets: string[];
} {
  const resolved = resolveConnection(config);
  const clientOptions =
    options.checkProduct === false
      ? { ...resolved.options, Transport: UncheckedTransport }
      : resolved.options;
  return { client: new Client(clientOptions), display: resolved.display, secrets: resolved.secrets };
}

/**
 * Reads connection settings from the environment: ES_URL, ES_CLOUD_ID, ES_API_KEY,
 * ES_USERNAME/ES_PASSWORD, and for OpenSearch TARGET_ENGINE (elasticsearch|opensearch),
 * AWS_SIGV4_SERVICE (es|aoss) and AOSS_COLLECTION_TYPE (search|timeseries).
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionConfig {
  const auth: EsAuth = env.ES_API_KEY
    ? { kind: 'api-key', apiKey: env.ES_API_KEY }
    : env.ES_USERNAME
      ? { kind: 'basic', username: env.ES_USERNAME, password: env.ES_PASSWORD ?? '' }
      : { kind: 'none' };
  return {
    node: env.ES_URL,
    nodeFrom: env.ES_URL ? 'ES_URL' : undefined,
    cloudId: env.ES_CLOUD_ID,
    auth,
    verifyTls: tlsVerifySetting(env.ES_TLS_VERIFY, 'ES_TLS_VERIFY'),
    caFile: env.ES_CA_FILE,
    engine: engineSetting(env.TARGET_ENGINE, 'TARGET_ENGINE'),
    aws: {
      service: env.AWS_SIGV4_SERVICE || undefined,
      region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
      collectionType: collectionTypeSetting(env.AOSS_COLLECTION_TYPE, 'AOSS_COLLECTION_TYPE'),
    },
  };
}

/**
 * Whether to verify TLS: only `false` turns it off, and a value that is neither (`no`, `0`)
 * is refused rather than read as either, so that no one believes they turned it off.
 */
export function tlsVerifySetting(value: string | undefined, name: string): false | undefined {
  if (!value || value === 'true') return undefined;
  if (value === 'false') return false;
  throw new ShipperConfigError(`${name} must be true or false, not "${value}"`);
}

/** An engine setting: empty or `auto` means detect; anything else must name an engine. */
export function engineSetting(value: string | undefined, name: string): SearchEngine | undefined {
  if (!value || value === 'auto') return undefined;
  if (value === 'elasticsearch' || value === 'opensearch') return value;
  throw new ShipperConfigError(`${name} must be elasticsearch or opensearch (or auto), not "${value}"`);
}

export function collectionTypeSetting(
  value: string | undefined,
  name: string,
): 'search' | 'timeseries' | undefined {
  if (!value) return undefined;
  if (value === 'search' || value === 'timeseries') return value;
  throw new ShipperConfigError(`${name} must be search or timeseries, not "${value}"`);
}
