/**
 * The test run's Elasticsearch and OpenSearch: started through the same code as
 * `lambdalens dev-cluster`, but on free ports, in a throwaway folder, and tied to the test
 * process so that no JVM outlives the run.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distribution, type SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import { startNode } from '../../shippers/dev-cluster/node.ts';
import { freePort } from '../../shippers/dev-cluster/process.ts';

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/**
 * The OpenSearch 3.x line the shipping is also proven on (the run's shared OpenSearch is the
 * 2.x default): the newest 3.x integ-test zip on Maven Central. It needs Java 21+.
 */
export const OPENSEARCH_3_VERSION = '3.8.0';

/** Starts a private single node of `engine` and waits until it is green or yellow. */
export async function startSearchNode(
  engine: SearchEngine,
  options: { timeoutMs?: number; version?: string } = {},
): Promise<RunningService> {
  const runDir = await mkdtemp(join(tmpdir(), `lambdalens-${engine}-run-`));
  const node = await startNode({
    dist: distribution(engine, options.version),
    runDir,
    httpPort: await freePort(),
    transportPort: await freePort(),
    clusterName: 'lambdalens-test',
    timeoutMs: options.timeoutMs ?? Number(process.env.ES_START_TIMEOUT_MS ?? 180_000),
    lifetime: 'supervised',
  });
  return { url: node.url, stop: node.stop };
}
