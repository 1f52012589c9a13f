/**
 * Connection flags shared by `es setup`, `ship` and `cost --source elasticsearch`: flags win
 * over the environment. The same flags reach Elasticsearch and OpenSearch (self-managed or
 * Amazon OpenSearch Service / Serverless, signed with SigV4).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { ConnectionConfig } from '../../shippers/elasticsearch/config.ts';
import { indexPatternFault, PREFIX_RULE, prefixFault } from '../../shippers/index-names.ts';
import { sayLine } from '../output/say-line.ts';
import { urlOfTarget } from './ship-target.ts';

export interface EsFlags {
  esUrl?: string;
  cloudId?: string;
  apiKeyEnv?: string;
  username?: string;
  passwordEnv?: string;
  insecure?: boolean;
  caFile?: string;
  indexPrefix: string;
  engine?: string;
  awsSigv4?: string;
  collectionType?: string;
  /** Shared with the AWS flags: the Region and profile SigV4 signs with. */
  region?: string;
  profile?: string;
}

/**
 * A prefix no index can have is refused as the flag is read, before any connection: found
 * by the cluster, it failed after a warning that suggested a command with the bad prefix.
 */
function parseIndexPrefix(value: string): string {
  // Commander's words before these quote the value already.
  const fault = prefixFault(value);
  if (fault !== null) throw new InvalidArgumentError(`an index prefix must be ${PREFIX_RULE}: ${fault}`);
  return value;
}

/**
 * An index or pattern to read (`cost --es-index`, `--es-logs-index`), refused as the flag is
 * read when it can name no index: `Upper-*` matched nothing and the report said only that
 * there were no invocation documents in it.
 */
export function parseIndexPattern(value: string): string {
  const fault = indexPatternFault(value);
  if (fault !== null) throw new InvalidArgumentError(fault);
  return value;
}

export function withEsFlags(cmd: Command): Command {
  return cmd
    .option('--es-url <url>', 'Elasticsearch URL, https://host:port or host:port (default: ES_URL)')
    .option('--cloud-id <id>', 'Elastic Cloud ID (default: ES_CLOUD_ID)')
    .option('--api-key-env <name>', 'read the API key from this environment variable (default: ES_API_KEY)')
    .option('--username <name>', 'basic auth user (default: ES_USERNAME)')
    .option('--password-env <name>', 'read the basic auth password from this variable (default: ES_PASSWORD)')
    .option('--ca-file <pem>', 'trust this CA for TLS')
    .addOption(new Option('--insecure', 'do not verify TLS certificates (testing only)'))
    .option(
      '--index-prefix <prefix>',
      `index name prefix: ${PREFIX_RULE.replace(/'/g, '')}`,
      parseIndexPrefix,
      'lambdalens',
    )
    .addOption(
      new Option(
        '--engine <engine>',
        'elasticsearch or opensearch (default: asked of the cluster; TARGET_ENGINE)',
      ).choices(['elasticsearch', 'opensearch', 'auto']),
    )
    .addOption(
      new Option(
        '--aws-sigv4 <service>',
        'sign requests for Amazon OpenSearch: es (domains) or aoss (Serverless) (default: from *.es/*.aoss.amazonaws.com hosts)',
      ).choices(['es', 'aoss']),
    )
    .addOption(
      new Option(
        '--collection-type <type>',
        'Serverless collection type; timeseries collections refuse document IDs (at-least-once)',
      ).choices(['search', 'timeseries']),
    );
}

/** Secrets are only ever read from the environment, never from argv (which `ps` shows). */
export async function esConnectionFromFlags(
  flags: EsFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ConnectionConfig> {
  // Loaded here, not at start-up: the module brings the Elasticsearch client with it.
  const [
    { connectionFromEnv, engineSetting, collectionTypeSetting },
    { checkTimeSeriesTarget },
    { transportRisks },
  ] = await Promise.all([
    import('../../shippers/elasticsearch/config.ts'),
    import('../../shippers/elasticsearch/aws-target.ts'),
    import('../../shippers/elasticsearch/transport-risks.ts'),
  ]);
  const base = connectionFromEnv(env);
  if (flags.esUrl) {
    base.node = flags.esUrl;
    base.nodeFrom = undefined;
  }
  // `host:port` is a URL here too, from a flag or from ES_URL.
  if (base.node) base.node = urlOfTarget(base.node) ?? base.node;
  if (flags.cloudId) {
    base.cloudId = flags.cloudId;
    if (!flags.esUrl) base.node = undefined;
  }
  if (flags.apiKeyEnv) {
    const key = env[flags.apiKeyEnv];
    if (!key) throw new UsageError(`--api-key-env ${flags.apiKeyEnv}: that environment variable is empty`);
    base.auth = { kind: 'api-key', apiKey: key };
  } else if (flags.username) {
    const password = env[flags.passwordEnv ?? 'ES_PASSWORD'];
    if (password === undefined) {
      throw new UsageError(`--username: set the password in ${flags.passwordEnv ?? 'ES_PASSWORD'}`);
    }
    base.auth = { kind: 'basic', username: flags.username, password };
  }
  if (flags.insecure) base.verifyTls = false;
  if (flags.caFile) base.caFile = flags.caFile;
  if (flags.engine) base.engine = engineSetting(flags.engine, '--engine');
  base.aws = {
    ...base.aws,
    ...(flags.awsSigv4 ? { service: flags.awsSigv4 } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.collectionType
      ? { collectionType: collectionTypeSetting(flags.collectionType, '--collection-type') }
      : {}),
  };
  checkTimeSeriesTarget(base.node, base.aws);
  for (const risk of transportRisks(base)) sayLine(`warning: ${risk}`);
  return base;
}
