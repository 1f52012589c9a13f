/**
 * `lambdalens es setup`: installs the composable templates and creates what must exist
 * before the first search (today's daily indices behind their aliases, the dead-letter
 * index, the data stream when asked for and supported). Safe to run again.
 */

import { type Client, errors } from '@elastic/elasticsearch';
import { LambdalensError } from '../../collectors/kernel/index.ts';
import { dataStreamOf, deadLetterIndex, type IndexMode, targetIndex, validatePrefix } from './naming.ts';
import { indexTemplates } from './templates.ts';

export interface SetupOptions {
  prefix: string;
  /** `data-stream` falls back to an error (not silently to daily) when the cluster lacks them. */
  mode: IndexMode;
  now?: number | undefined;
}

export interface SetupReport {
  templates: string[];
  created: string[];
  existing: string[];
  dataStreams: boolean;
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

export async function setupElasticsearch(client: Client, options: SetupOptions): Promise<SetupReport> {
  const bad = validatePrefix(options.prefix);
  if (bad) throw new EsSetupError(bad, false);
  const dataStreams = await supportsDataStreams(client);
  if (options.mode === 'data-stream' && !dataStreams) {
    throw new EsSetupError(
      'this Elasticsearch cluster does not support data streams; run setup without --data-streams (daily indices)',
      false,
    );
  }
  const report: SetupReport = { templates: [], created: [], existing: [], dataStreams };
  const templates = indexTemplates(options.prefix, options.mode === 'data-stream');
  for (const [name, body] of Object.entries(templates)) {
    try {
      await client.transport.request({
        method: 'PUT',
        path: `/_index_template/${encodeURIComponent(name)}`,
        body,
      });
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
  return report;
}
