/**
 * `lambdalens es setup`: installs the composable templates and creates what must exist
 * before the first search (this period's indices behind their aliases, the dead-letter
 * index, the data stream when asked for and supported), then reports how many shards the
 * cluster has left: every new day (or month) of indices costs some, and a backfill that
 * runs into the cluster's limit is refused document by document. Safe to run again.
 */

import { type Client, errors } from '@elastic/elasticsearch';
import { LambdalensError } from '../../collectors/kernel/index.ts';
import {
  dataStreamOf,
  deadLetterIndex,
  type IndexMode,
  type IndexPeriod,
  targetIndex,
  validatePrefix,
} from '../index-names.ts';
import { indexTemplates } from './templates.ts';

export interface SetupOptions {
  prefix: string;
  /** `data-stream` falls back to an error (not silently to daily) when the cluster lacks them. */
  mode: IndexMode;
  period?: IndexPeriod | undefined;
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
  templates: string[];
  created: string[];
  existing: string[];
  dataStreams: boolean;
  /** Null when the cluster would not say (missing monitor privilege). */
  headroom: ShardHeadroom | null;
}

export class EsSetupError extends LambdalensError {
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, { ...options, retryable });
    this.name = 'EsSetupError';
  }
}

/** Whether the cluster has the data-streams feature (integration-test builds do not). */
export async function supportsDataStreams(client: Client): Promise<boolean> {
  try {
    await client.transport.request({ method: 'GET', path: '/_data_stream' });
    return true;
  } catch (err) {
    if (err instanceof errors.ResponseError && (err.statusCode === 400 || err.statusCode === 404))
      return false;
    throw err;
  }
}

async function createIfMissing(client: Client, index: string, report: SetupReport): Promise<void> {
  try {
    await client.indices.create({ index });
    report.created.push(index);
  } catch (err) {
    const type =
      err instanceof errors.ResponseError ? (err.body as { error?: { type?: string } })?.error?.type : null;
    if (type === 'resource_already_exists_exception') report.existing.push(index);
    else throw err;
  }
}

/**
 * The cluster's shard limit (`cluster.max_shards_per_node` × data nodes) against the
 * shards of open indices, assigned or not: the limit counts unassigned replicas too.
 */
export async function shardHeadroom(client: Client, mode: IndexMode): Promise<ShardHeadroom | null> {
  try {
    const health = (await client.transport.request({ method: 'GET', path: '/_cluster/health' })) as Record<
      string,
      number
    >;
    const settings = (await client.transport.request({
      method: 'GET',
      path: '/_cluster/settings',
      querystring: { include_defaults: 'true', flat_settings: 'true' },
    })) as Record<string, Record<string, string> | undefined>;
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

export async function setupElasticsearch(client: Client, options: SetupOptions): Promise<SetupReport> {
  const redact = options.redact ?? ((text: string) => text);
  const bad = validatePrefix(options.prefix);
  if (bad) throw new EsSetupError(bad, false);
  try {
    return await install(client, options);
  } catch (err) {
    if (err instanceof EsSetupError) throw err;
    // Client errors quote the server's answer, which may echo credentials.
    const retryable = !(err instanceof errors.ResponseError) || (err.statusCode ?? 0) >= 500;
    throw new EsSetupError(redact(`Elasticsearch setup failed: ${(err as Error).message}`), retryable, {
      cause: err,
    });
  }
}

async function install(client: Client, options: SetupOptions): Promise<SetupReport> {
  const redact = options.redact ?? ((text: string) => text);
  const dataStreams = await supportsDataStreams(client);
  if (options.mode === 'data-stream' && !dataStreams) {
    throw new EsSetupError(
      'this Elasticsearch cluster does not support data streams; run setup without --data-streams (daily indices)',
      false,
    );
  }
  const report: SetupReport = { templates: [], created: [], existing: [], dataStreams, headroom: null };
  const templates = indexTemplates(options.prefix, options.mode === 'data-stream');
  for (const [name, body] of Object.entries(templates)) {
    try {
      await client.transport.request({
        method: 'PUT',
        path: `/_index_template/${encodeURIComponent(name)}`,
        body,
      });
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
  const now = options.now ?? Date.now();
  const names = { prefix: options.prefix, mode: options.mode, period: options.period };
  if (options.mode === 'data-stream') {
    const stream = dataStreamOf(options.prefix);
    try {
      await client.transport.request({ method: 'PUT', path: `/_data_stream/${stream}` });
      report.created.push(stream);
    } catch (err) {
      if (err instanceof errors.ResponseError && err.statusCode === 400) report.existing.push(stream);
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
