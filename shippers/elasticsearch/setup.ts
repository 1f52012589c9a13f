/**
 * `lambdalens es setup`: installs the composable templates and creates what must exist
 * before the first search (today's daily indices behind their aliases, the dead-letter
 * index, the data stream when asked for and supported). Safe to run again.
 */

import type { Client } from '@elastic/elasticsearch';
import { LambdalensError } from '../../collectors/kernel/index.ts';
import { asSearchClient } from './connect.ts';
import { hasIlm, installIlm, installIsm, type LifecycleReport, retentionPolicyName } from './lifecycle.ts';
import { dataStreamOf, deadLetterIndex, type IndexMode, targetIndex, validatePrefix } from './naming.ts';
import { type SearchClient, SearchRequestError } from './search-client.ts';
import { indexTemplates, type TemplateFlavour } from './templates.ts';

export interface SetupOptions {
  prefix: string;
  /** `data-stream` falls back to an error (not silently to daily) when the cluster lacks them. */
  mode: IndexMode;
  /** Delete daily indices after this many days, through ILM or ISM where the cluster has it. */
  retentionDays?: number | undefined;
  now?: number | undefined;
}

export interface SetupReport {
  engine: string;
  templates: string[];
  created: string[];
  existing: string[];
  dataStreams: boolean;
  lifecycle: LifecycleReport;
}

export class EsSetupError extends LambdalensError {
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, { ...options, retryable });
    this.name = 'EsSetupError';
  }
}

const statusOf = (err: unknown) => (err instanceof SearchRequestError ? err.status : null);

/** Whether the cluster has the data-streams feature (integration-test builds of Elasticsearch do not). */
export async function supportsDataStreams(target: SearchClient | Client): Promise<boolean> {
  try {
    await asSearchClient(target).request({ method: 'GET', path: '/_data_stream' });
    return true;
  } catch (err) {
    if (statusOf(err) === 400 || statusOf(err) === 404) return false;
    throw err;
  }
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

export async function setupElasticsearch(
  target: SearchClient | Client,
  options: SetupOptions,
): Promise<SetupReport> {
  const client = asSearchClient(target);
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
  const engineName = client.identity.engine === 'opensearch' ? 'OpenSearch' : 'Elasticsearch';
  // Serverless answers data-stream requests only for time-series collections: not probed.
  const dataStreams = client.identity.serverless ? false : await supportsDataStreams(client);
  if (options.mode === 'data-stream' && !dataStreams && !client.identity.serverless) {
    throw new EsSetupError(
      `this ${engineName} cluster does not support data streams; run setup without --data-streams (daily indices)`,
      false,
    );
  }
  const lifecycleReport = await lifecycle(client, options);
  const ilm = lifecycleReport.kind === 'ilm' ? retentionPolicyName(options.prefix) : undefined;
  const report: SetupReport = {
    engine: `${engineName}${client.identity.serverless ? ' Serverless' : ''}${client.identity.version ? ` ${client.identity.version}` : ''}`,
    templates: [],
    created: [],
    existing: [],
    dataStreams,
    lifecycle: lifecycleReport,
  };
  const templates = indexTemplates(options.prefix, options.mode === 'data-stream', flavourOf(client, ilm));
  for (const [name, body] of Object.entries(templates)) {
    try {
      await client.request({ method: 'PUT', path: `/_index_template/${encodeURIComponent(name)}`, body });
    } catch (err) {
      throw new EsSetupError(`installing index template "${name}" failed: ${(err as Error).message}`, false, {
        cause: err,
      });
    }
    report.templates.push(name);
  }
  const now = options.now ?? Date.now();
  const names = { prefix: options.prefix, mode: options.mode };
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
  return report;
}
