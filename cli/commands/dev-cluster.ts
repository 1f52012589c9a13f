/**
 * `lambdalens dev-cluster start|stop|status`: a local single-node Elasticsearch or OpenSearch
 * for trying `ship` and `cost --source elasticsearch`. The URL goes alone to stdout (so
 * `URL=$(lambdalens dev-cluster start)` works); what is happening goes to stderr.
 */
import { type Command, Option } from 'commander';
import { UsageError } from '../../collectors/kernel/index.ts';
import {
  DEFAULT_PORTS,
  type DevClusterStatus,
  devClusterStatus,
  startDevCluster,
  stopDevCluster,
} from '../../shippers/dev-cluster/cluster.ts';
import { SEARCH_ENGINES, type SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import { cacheDir } from '../../shippers/dev-cluster/fetch.ts';
import { parsePositiveInt } from '../options.ts';
import { sayLine } from '../output/say-line.ts';

const engineOption = (description: string) =>
  new Option('--engine <engine>', description).choices([...SEARCH_ENGINES]);

function statusLine(status: DevClusterStatus): string {
  if (status.kind === 'stopped') return `${status.engine}: stopped`;
  const s = status.state;
  return `${s.engine} ${s.version}: ${status.healthy ? 'running' : 'NOT ANSWERING'} at ${s.url} (pid ${s.pid}, since ${s.startedAt}; data ${s.dataDir}; log ${s.logPath})`;
}

export function registerDevClusterCommand(program: Command): void {
  const dev = program
    .command('dev-cluster')
    .description(
      'a local single-node Elasticsearch or OpenSearch for trying lambdalens (not for production: one node, no security)',
    );

  dev
    .command('start')
    .description('download (once, into the user cache) and start a node on 127.0.0.1; prints its URL')
    .addOption(engineOption('which engine').default('elasticsearch'))
    .option('--version <version>', 'engine version (default: the one the tests use)')
    .option(
      '--port <port>',
      'HTTP port (default: 9200 for elasticsearch, 9201 for opensearch)',
      parsePositiveInt,
    )
    .option('--heap <size>', 'JVM heap, e.g. 512m or 1g', '512m')
    .action(async (opts: { engine: SearchEngine; version?: string; port?: number; heap: string }) => {
      if (!/^\d+[mg]$/i.test(opts.heap))
        throw new UsageError(`--heap must look like 512m or 1g, not "${opts.heap}"`);
      if (opts.port !== undefined && opts.port > 65_535)
        throw new UsageError(`--port ${opts.port} is not a port`);
      sayLine(
        `starting ${opts.engine} on port ${opts.port ?? DEFAULT_PORTS[opts.engine]} (the first start downloads it into ${cacheDir()})…`,
      );
      const { state, alreadyRunning, dist } = await startDevCluster({
        engine: opts.engine,
        version: opts.version,
        port: opts.port,
        heap: opts.heap,
        progress: (line) => sayLine(line),
      });
      if (alreadyRunning) sayLine(`${state.engine} ${state.version} was already running (pid ${state.pid})`);
      else sayLine(`${dist.display} is up (pid ${state.pid}; data ${state.dataDir}; log ${state.logPath})`);
      sayLine('for trying lambdalens only: one node, no security, no TLS, reachable from this machine alone');
      sayLine(
        `next: lambdalens es setup --es-url ${state.url} && lambdalens ship examples/data/logs --to ${state.url}`,
      );
      process.stdout.write(`${state.url}\n`);
    });

  dev
    .command('stop')
    .description('stop the dev cluster (both engines unless --engine); its data is kept unless --delete-data')
    .addOption(engineOption('only this engine'))
    .option('--delete-data', 'also delete its indices')
    .action(async (opts: { engine?: SearchEngine; deleteData?: boolean }) => {
      for (const engine of opts.engine ? [opts.engine] : SEARCH_ENGINES) {
        const { stopped } = await stopDevCluster(engine, { deleteData: opts.deleteData === true });
        sayLine(
          stopped
            ? `${engine} ${stopped.version} stopped (pid ${stopped.pid})${opts.deleteData ? '; data deleted' : ''}`
            : `${engine}: was not running${opts.deleteData ? '; data deleted' : ''}`,
        );
      }
    });

  dev
    .command('status')
    .description('show each dev cluster and whether it answers; exits 1 when a running one does not answer')
    .addOption(engineOption('only this engine'))
    .action(async (opts: { engine?: SearchEngine }) => {
      let unhealthy = false;
      for (const engine of opts.engine ? [opts.engine] : SEARCH_ENGINES) {
        const status = await devClusterStatus(engine);
        if (status.kind === 'running' && !status.healthy) unhealthy = true;
        process.stdout.write(`${statusLine(status)}\n`);
      }
      if (unhealthy) process.exitCode = 1;
    });
}
