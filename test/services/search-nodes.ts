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

/** Starts a private single node of `engine` and waits until it is green or yellow. */
export async function startSearchNode(
  engine: SearchEngine,
  options: { timeoutMs?: number } = {},
): Promise<RunningService> {
  const runDir = await mkdtemp(join(tmpdir(), `lambdalens-${engine}-run-`));
  const node = await startNode({
    dist: distribution(engine),
    runDir,
    httpPort: await freePort(),
    transportPort: await freePort(),
    clusterName: 'lambdalens-test',
    timeoutMs: options.timeoutMs ?? Number(process.env.ES_START_TIMEOUT_MS ?? 180_000),
    lifetime: 'supervised',
  });
  return { url: node.url, stop: node.stop };
}
