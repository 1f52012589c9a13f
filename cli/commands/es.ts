/** `lambdalens es setup`: index templates, daily indices behind aliases (or a data stream), retention. */
import type { Command } from 'commander';
import { UsageError } from '../../collectors/kernel/index.ts';
import type { LifecycleReport } from '../../shippers/elasticsearch/lifecycle.ts';
import { type EsFlags, esConnectionFromFlags, withEsFlags } from '../flags/elasticsearch.ts';
import { parsePositiveInt } from '../options.ts';

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

export function registerEsCommand(program: Command): void {
  const es = program.command('es').description('manage the Elasticsearch or OpenSearch side of shipping');
  withEsFlags(
    es
      .command('setup')
      .description('install index templates and create daily indices behind aliases (or a data stream)')
      .option('--data-streams', 'write log lines to a data stream (needs a cluster with data streams)')
      .option(
        '--retention-days <n>',
        'delete daily indices after n days (ILM on Elasticsearch, ISM on OpenSearch)',
        parsePositiveInt,
      )
      .option('--region <region>', 'AWS Region for SigV4 (default: AWS_REGION or the host name)')
      .option('--profile <name>', 'AWS profile for SigV4 credentials'),
  ).action(async (opts: EsFlags & { dataStreams?: boolean; retentionDays?: number }) => {
    const connection = await esConnectionFromFlags(opts);
    if (!connection.node && !connection.cloudId)
      throw new UsageError('give --es-url <url> (or ES_URL / ES_CLOUD_ID)');
    // Loaded here, not at start-up: these bring a search engine's client with them.
    const [{ connectSearch }, { setupElasticsearch }] = await Promise.all([
      import('../../shippers/elasticsearch/connect.ts'),
      import('../../shippers/elasticsearch/setup.ts'),
    ]);
    const client = await connectSearch(connection);
    try {
      const report = await setupElasticsearch(client, {
        prefix: opts.indexPrefix,
        mode: opts.dataStreams ? 'data-stream' : 'daily',
        retentionDays: opts.retentionDays,
      });
      process.stdout.write(
        `${report.engine} ${client.display}: templates ${report.templates.join(', ')}; ` +
          `created ${report.created.join(', ') || 'nothing'}; already present ${report.existing.join(', ') || 'nothing'}; ` +
          `data streams ${report.dataStreams ? 'supported' : 'not supported'}\n${lifecycleLine(report.lifecycle)}\n`,
      );
    } finally {
      await client.close();
    }
  });
}
