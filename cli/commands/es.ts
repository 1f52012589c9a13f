/** `lambdalens es setup`: index templates, this period's indices behind aliases (or a data stream), retention, shard headroom. */
import type { Command } from 'commander';
import { LambdalensError, UsageError } from '../../collectors/kernel/index.ts';
import type { LifecycleReport } from '../../shippers/elasticsearch/lifecycle.ts';
import type { SetupReport } from '../../shippers/elasticsearch/setup.ts';
import { isIndexPeriod } from '../../shippers/index-names.ts';
import { redactorFor, redactUrlUserinfo } from '../../shippers/secrets.ts';
import { profileName, runAwsCredentials } from '../flags/aws.ts';
import { type EsFlags, esConnectionFromFlags, withEsFlags } from '../flags/elasticsearch.ts';
import { type RequestTimeoutFlag, requestTimeoutOf, requestTimeoutOption } from '../flags/request-timeout.ts';
import { parsePositiveInt } from '../options.ts';
import { sayLine } from '../output/say-line.ts';
import { honourStop } from '../stop.ts';

interface SetupFlags extends EsFlags, RequestTimeoutFlag {
  dataStreams?: boolean;
  indexPeriod: string;
  backfillDays?: number;
  retentionDays?: number;
}

function lifecycleLine(report: LifecycleReport): string {
  switch (report.kind) {
    case 'none':
      return 'retention: not managed (give --retention-days to delete old daily indices)';
    case 'ilm':
    case 'ism':
      return `retention: ${report.kind.toUpperCase()} policy ${report.policy} deletes daily indices after ${report.deleteAfterDays} days`;
    case 'unavailable':
      return `retention: not installed: ${report.reason}; old daily indices must be deleted by hand`;
  }
}

/** The headroom line, and whether a planned backfill of `days` fits in it. */
export function headroomText(
  report: SetupReport,
  period: 'daily' | 'monthly',
  days?: number,
): { text: string; fits: boolean } {
  const h = report.headroom;
  if (!h) return { text: 'shard headroom: unknown (the cluster did not report its shards)\n', fits: true };
  const unit = period === 'monthly' ? 'month' : 'day';
  let text =
    `shards: ${h.used} of ${h.limit} in use; each ${unit} of indices adds ${h.perPeriod}, ` +
    `so ${h.periods} more ${unit}s fit\n`;
  let fits = true;
  if (days !== undefined) {
    const needed = period === 'monthly' ? Math.ceil(days / 30) + 1 : days + 1;
    fits = needed <= h.periods;
    text += fits
      ? `a ${days}-day backfill needs ${needed} ${unit}s of indices: it fits\n`
      : `a ${days}-day backfill needs ${needed} ${unit}s of indices (${needed * h.perPeriod} shards): it does not fit` +
        `${period === 'daily' ? '; ship with --index-period monthly (and run setup with it),' : ';'} delete old indices, or raise cluster.max_shards_per_node\n`;
  }
  return { text, fits };
}

/**
 * The setup, ended by the run's stop: its requests are short, but a cluster that stopped
 * answering half-way would hold a Ctrl-C for a whole request timeout. What was made before
 * the stop stays, and setup run again makes only what is missing.
 */
async function untilStopped<T>(setup: Promise<T>, stop: AbortSignal, display: string): Promise<T> {
  // Once stopped, the setup's end (a request cut by the closing client) is no one's to hear.
  setup.catch(() => {});
  let onStop = () => {};
  const stopped = new Promise<never>((_, reject) => {
    onStop = () => {
      const why = stop.reason instanceof Error ? stop.reason.message : 'stopped';
      sayLine(
        `${why} before the setup of ${display} was complete: what it made stays; run es setup again to make the rest`,
      );
      reject(stop.reason);
    };
  });
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });
  try {
    return await Promise.race([setup, stopped]);
  } finally {
    stop.removeEventListener('abort', onStop);
  }
}

export function registerEsCommand(program: Command): void {
  const es = program.command('es').description('manage the Elasticsearch or OpenSearch side of shipping');
  withEsFlags(
    es
      .command('setup')
      .description(
        'install index templates, create this period’s indices behind aliases (or a data stream), report shard headroom',
      )
      .option('--data-streams', 'write log lines to a data stream (needs a cluster with data streams)')
      .option('--index-period <period>', 'one index per day or per month: daily or monthly', 'daily')
      .option(
        '--backfill-days <n>',
        'check that this many days of backfill fit in the shard limit',
        parsePositiveInt,
      )
      .option(
        '--retention-days <n>',
        'delete daily indices after n days (ILM on Elasticsearch, ISM on OpenSearch)',
        parsePositiveInt,
      )
      .addOption(requestTimeoutOption())
      .option('--region <region>', 'AWS Region for SigV4 (default: AWS_REGION or the host name)')
      .option('--profile <name>', 'AWS profile for SigV4 credentials', profileName),
  ).action(async (opts: SetupFlags) => {
    if (!isIndexPeriod(opts.indexPeriod))
      throw new UsageError(`--index-period must be daily or monthly, not "${opts.indexPeriod}"`);
    const connection = { ...(await esConnectionFromFlags(opts)), requestTimeoutMs: requestTimeoutOf(opts) };
    if (!connection.node && !connection.cloudId)
      throw new UsageError('give --es-url <url> (or ES_URL / ES_CLOUD_ID)');
    // Loaded here, not at start-up: these bring a search engine's client with them.
    const [
      { connectSearch },
      { setupElasticsearch },
      { askingTheEngine },
      { engineGivenBy, wrongEngineTold },
      { refuseOtherPeriod },
    ] = await Promise.all([
      import('../../shippers/elasticsearch/connect.ts'),
      import('../../shippers/elasticsearch/setup.ts'),
      import('./engine-question.ts'),
      import('./told-engine.ts'),
      import('./setup-period.ts'),
    ]);
    // Ctrl-C, SIGTERM, SIGHUP: said, and an asked-for stop (exit 0), from the engine question on.
    const stop = honourStop();
    // Signed (Amazon OpenSearch) with the run's credentials, scrubbed and explained as the AWS reads' are.
    const credentials = runAwsCredentials(opts);
    const client = await askingTheEngine(
      connection,
      {
        credentials,
        stop,
        undone: (display) => `anything was set up: nothing was changed on ${display}`,
        requestTimeoutFlag: true,
      },
      connectSearch,
    );
    const redact = redactorFor(client.secrets);
    try {
      const { indexPeriod } = opts;
      const report = await untilStopped(
        refuseOtherPeriod(client, opts.indexPrefix, indexPeriod, stop)
          .then(() =>
            setupElasticsearch(client, {
              prefix: opts.indexPrefix,
              mode: opts.dataStreams ? 'data-stream' : 'daily',
              period: indexPeriod,
              retentionDays: opts.retentionDays,
              redact: (text) => redactUrlUserinfo(redact(text)),
            }),
          )
          .catch(async (err: unknown) => {
            // A refusal in the other engine's words, when the engine was told: the setting is said.
            throw (
              (await wrongEngineTold(connection, err, {
                credentials,
                givenBy: engineGivenBy(opts.engine),
              })) ?? err
            );
          }),
        stop,
        client.display,
      );
      process.stdout.write(
        `${report.engine} ${client.display}: templates ${report.templates.join(', ')}; ` +
          `created ${report.created.join(', ') || 'nothing'}; already present ${report.existing.join(', ') || 'nothing'}; ` +
          `data streams ${report.dataStreams ? 'supported' : 'not supported'}\n${lifecycleLine(report.lifecycle)}\n`,
      );
      const headroom = headroomText(report, opts.indexPeriod, opts.backfillDays);
      process.stdout.write(headroom.text);
      if (!headroom.fits)
        throw new LambdalensError('the planned backfill does not fit in the cluster’s shard limit');
    } finally {
      // Stopped, the run ends at once: closing would wait for the request the cluster holds.
      if (!stop.aborted) await client.close();
    }
  });
}
