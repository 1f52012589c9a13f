/** `lambdalens es setup`: index templates, daily indices behind aliases (or a data stream). */
import type { Command } from 'commander';
import { UsageError } from '../../collectors/kernel/index.ts';
import { createClient } from '../../shippers/elasticsearch/config.ts';
import { setupElasticsearch } from '../../shippers/elasticsearch/setup.ts';
import { type EsFlags, esConnectionFromFlags, withEsFlags } from '../flags/elasticsearch.ts';

export function registerEsCommand(program: Command): void {
  const es = program.command('es').description('manage the Elasticsearch side of shipping');
  withEsFlags(
    es
      .command('setup')
      .description('install index templates and create daily indices behind aliases (or a data stream)')
      .option('--data-streams', 'write log lines to a data stream (needs a cluster with data streams)'),
  ).action(async (opts: EsFlags & { dataStreams?: boolean }) => {
    const connection = esConnectionFromFlags(opts);
    if (!connection.node && !connection.cloudId)
      throw new UsageError('give --es-url <url> (or ES_URL / ES_CLOUD_ID)');
    const { client, display } = createClient(connection);
    try {
      const report = await setupElasticsearch(client, {
        prefix: opts.indexPrefix,
        mode: opts.dataStreams ? 'data-stream' : 'daily',
      });
      process.stdout.write(
        `Elasticsearch ${display}: templates ${report.templates.join(', ')}; ` +
          `created ${report.created.join(', ') || 'nothing'}; already present ${report.existing.join(', ') || 'nothing'}; ` +
          `data streams ${report.dataStreams ? 'supported' : 'not supported'}\n`,
      );
    } finally {
      await client.close();
    }
  });
}
