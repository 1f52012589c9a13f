/**
 * `lambdalens es setup`: installs the composable templates and creates what must exist
 * before the first search (this period's indices behind their aliases, the dead-letter
 * index, the data stream when asked for and supported), installs retention where the
 * engine's lifecycle manager exists (ILM, ISM), then reports how many shards the cluster
 * has left: every new day (or month) of indices costs some, and a backfill that runs into
 * the cluster's limit is refused document by document. Safe to run again, on either engine.
 */
import type { Client } from '@elastic/elasticsearch';
import { LambdalensError } from '../../collectors/kernel/index.ts';
import {
  aliasOf,
  dataStreamOf,
  deadLetterIndex,
  type IndexMode,
  type IndexPeriod,
  targetIndex,
  validatePrefix,
} from '../index-names.ts';
import { asSearchClient } from './connect.ts';
import { hasIlm, installIlm, installIsm, type LifecycleReport, retentionPolicyName } from './lifecycle.ts';
import { type SearchClient, SearchRequestError } from './search-client.ts';
import { addedInvocationFields, addedLineFields, indexTemplates, type TemplateFlavour } from './templates.ts';

export interface SetupOptions {
  prefix: string;
  /** `data-stream` falls back to an error (not silently to daily) when the cluster lacks them. */
  mode: IndexMode;
  period?: IndexPeriod | undefined;
  /** Delete daily indices after this many days, through ILM or ISM where the cluster has it. */
  retentionDays?: number | undefined;
  now?: number | undefined;
  /** Removes credentials from error text (a server may echo them). */
  redact?: ((text: string) => string) | undefined;
}

/** Shards the cluster holds and may hold, and what one more period of indices costs. */
export interface ShardHeadroom {
  used: number;
  limit: number;
  /** Shards one more day (or month) of indices adds. */
  perPeriod: number;
  /** How many more periods fit. */
  periods: number;
}

export interface SetupReport {
  /** `OpenSearch 2.19.6`, `Elasticsearch 9.5.4`, `OpenSearch Serverless`. */
  engine: string;
  templates: string[];
  created: string[];
  existing: string[];
  dataStreams: boolean;
  lifecycle: LifecycleReport;
  /** Null when the cluster would not say (missing monitor privilege, Serverless). */
  headroom: ShardHeadroom | null;
}

export class EsSetupError extends LambdalensError {
  constructor(
    message: string,
    retryable: boolean,
    options?: { cause?: unknown; hint?: string | undefined; setting?: boolean },
  ) {
    super(message, { ...options, retryable });
    this.name = 'EsSetupError';
  }
}

const statusOf = (err: unknown) => (err instanceof SearchRequestError ? err.status : null);

/** Whether the cluster has data streams (Elasticsearch's integ-test build does not; OpenSearch has them in core). */
export async function supportsDataStreams(target: SearchClient | Client): Promise<boolean> {
  try {
    await asSearchClient(target).request({ method: 'GET', path: '/_data_stream' });
    return true;
  } catch (err) {
    if (statusOf(err) === 400 || statusOf(err) === 404) return false;
    throw err;
  }
}

/**
 * The line indices (and data stream), and the invocation indices, already there get the
 * fields their template gained since they were made.
 */
async function mapAddedFields(client: SearchClient, prefix: string): Promise<void> {
  await client.request({
    method: 'PUT',
    path: `/${aliasOf(prefix, 'line')}-*/_mapping`,
    querystring: { allow_no_indices: 'true' },
    body: addedLineFields(),
  });
  await client.request({
    method: 'PUT',
    path: `/${aliasOf(prefix, 'invocation')}-*/_mapping`,
    querystring: { allow_no_indices: 'true' },
    body: addedInvocationFields(),
  });
}

async function createIfMissing(client: SearchClient, index: string, report: SetupReport): Promise<void> {
  try {
    await client.request({ method: 'PUT', path: `/${encodeURIComponent(index)}` });
    report.created.push(index);
  } catch (err) {
    const type = (err instanceof SearchRequestError ? (err.body as { error?: { type?: string } }) : null)
      ?.error?.type;
    if (type === 'resource_already_exists_exception') report.existing.push(index);
    else throw err;
  }
}

/**
 * The cluster's shard limit (`cluster.max_shards_per_node` × data nodes) against the
 * shards of open indices, assigned or not: the limit counts unassigned replicas too.
 */
export async function shardHeadroom(
  target: SearchClient | Client,
  mode: IndexMode,
): Promise<ShardHeadroom | null> {
  const client = asSearchClient(target);
  if (client.identity.serverless) return null;
  try {
    const health = (await client.request<Record<string, number>>({ method: 'GET', path: '/_cluster/health' }))
      .body;
    const settings = (
      await client.request<Record<string, Record<string, string> | undefined>>({
        method: 'GET',
        path: '/_cluster/settings',
        querystring: { include_defaults: 'true', flat_settings: 'true' },
      })
    ).body;
    const key = 'cluster.max_shards_per_node';
    const perNode = Number(
      settings.transient?.[key] ?? settings.persistent?.[key] ?? settings.defaults?.[key] ?? 1000,
    );
    const nodes = health.number_of_data_nodes ?? 1;
    const used =
      (health.active_shards ?? 0) + (health.initializing_shards ?? 0) + (health.unassigned_shards ?? 0);
    const limit = perNode * nodes;
    // A period adds an invocation index (and a line index unless lines go to a data
    // stream), each one primary plus a replica once a second node can hold it.
    const perPeriod = (mode === 'data-stream' ? 1 : 2) * (nodes > 1 ? 2 : 1);
    return { used, limit, perPeriod, periods: Math.max(0, Math.floor((limit - used) / perPeriod)) };
  } catch {
    return null;
  }
}

/** OpenSearch has `flat_object` from 2.7; Serverless takes no index settings. */
function flavourOf(client: SearchClient, ilmPolicy: string | undefined): TemplateFlavour {
  const { engine, version, serverless } = client.identity;
  if (engine === 'elasticsearch') return { appJson: 'flattened', indexSettings: true, ilmPolicy };
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  const flatObject = serverless || version === null || major > 2 || (major === 2 && minor >= 7);
  return { appJson: flatObject ? 'flat_object' : 'source-only', indexSettings: !serverless };
}

async function lifecycle(client: SearchClient, options: SetupOptions): Promise<LifecycleReport> {
  const days = options.retentionDays;
  if (days === undefined) return { kind: 'none' };
  if (client.identity.serverless) {
    return {
      kind: 'unavailable',
      reason: 'Serverless collections keep data by their data lifecycle policy (set in AWS)',
    };
  }
  if (client.identity.engine === 'opensearch') return installIsm(client, options.prefix, days);
  if (!(await hasIlm(client))) return { kind: 'unavailable', reason: 'ILM is not available on this cluster' };
  return installIlm(client, options.prefix, days);
}

const engineLabel = (client: SearchClient) =>
  `${client.identity.engine === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'}${client.identity.serverless ? ' Serverless' : ''}`;

export async function setupElasticsearch(
  target: SearchClient | Client,
  options: SetupOptions,
): Promise<SetupReport> {
  const client = asSearchClient(target);
  const redact = options.redact ?? ((text: string) => text);
  const bad = validatePrefix(options.prefix);
  if (bad) throw new EsSetupError(bad, false);
  if (
    options.retentionDays !== undefined &&
    !(Number.isInteger(options.retentionDays) && options.retentionDays > 0)
  ) {
    throw new EsSetupError(
      `retention must be a positive number of days, not ${options.retentionDays}`,
      false,
    );
  }
  try {
    return await install(client, options);
  } catch (err) {
    if (err instanceof EsSetupError) throw err;
    // Error texts quote the server's answer, which may echo credentials.
    const retryable = !(err instanceof SearchRequestError) || err.retryable;
    throw new EsSetupError(
      redact(`${engineLabel(client)} setup failed: ${(err as Error).message}`),
      retryable,
      {
        cause: err,
      },
    );
  }
}

async function install(client: SearchClient, options: SetupOptions): Promise<SetupReport> {
  const redact = options.redact ?? ((text: string) => text);
  const label = engineLabel(client);
  // Serverless answers data-stream requests only for time-series collections: not probed.
  const dataStreams = client.identity.serverless ? false : await supportsDataStreams(client);
  if (options.mode === 'data-stream' && !dataStreams && !client.identity.serverless) {
    // A setting to change, not a failure to try again: the same cluster answers the same
    // (Elasticsearch without its data streams module, as its integ-test build; before 7.9).
    const version = client.identity.version ? ` ${client.identity.version}` : '';
    const where = client.display ? `${client.display} (${label}${version})` : `this ${label} cluster`;
    throw new EsSetupError(
      `--data-streams: ${where} has no data streams to write log lines to; nothing was changed`,
      false,
      {
        setting: true,
        hint: 'run es setup without --data-streams, and ship without it, to write log lines to daily indices; or use a cluster that has data streams',
      },
    );
  }
  const lifecycleReport = await lifecycle(client, options);
  const ilm = lifecycleReport.kind === 'ilm' ? retentionPolicyName(options.prefix) : undefined;
  const report: SetupReport = {
    engine: `${label}${client.identity.version ? ` ${client.identity.version}` : ''}`,
    templates: [],
    created: [],
    existing: [],
    dataStreams,
    lifecycle: lifecycleReport,
    headroom: null,
  };
  const templates = indexTemplates(options.prefix, options.mode === 'data-stream', flavourOf(client, ilm));
  for (const [name, body] of Object.entries(templates)) {
    try {
      await client.request({ method: 'PUT', path: `/_index_template/${encodeURIComponent(name)}`, body });
    } catch (err) {
      throw new EsSetupError(
        redact(`installing index template "${name}" failed: ${(err as Error).message}`),
        false,
        {
          cause: err,
        },
      );
    }
    report.templates.push(name);
  }
  await mapAddedFields(client, options.prefix);
  const now = options.now ?? Date.now();
  const names = { prefix: options.prefix, mode: options.mode, period: options.period };
  if (options.mode === 'data-stream') {
    const stream = dataStreamOf(options.prefix);
    try {
      await client.request({ method: 'PUT', path: `/_data_stream/${stream}` });
      report.created.push(stream);
    } catch (err) {
      if (statusOf(err) === 400) report.existing.push(stream);
      else throw err;
    }
  } else {
    await createIfMissing(client, targetIndex(names, 'line', now), report);
  }
  await createIfMissing(client, targetIndex(names, 'invocation', now), report);
  await createIfMissing(client, deadLetterIndex(options.prefix), report);
  report.headroom = await shardHeadroom(client, options.mode);
  return report;
}
