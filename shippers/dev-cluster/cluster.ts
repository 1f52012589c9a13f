/**
 * `lambdalens dev-cluster`: one single-node Elasticsearch or OpenSearch on localhost for
 * trying lambdalens, started in the background and found again by a small state file.
 * Data survives stop/start; nothing here is meant for production (no security, one node).
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type Distribution, distribution, type SearchEngine } from './distributions.ts';
import type { FetchProgress } from './fetch.ts';
import { clusterHealth, startNode } from './node.ts';
import { freePort, ServiceStartError } from './process.ts';

/** Ports that let both engines run side by side. */
export const DEFAULT_PORTS: Readonly<Record<SearchEngine, number>> = {
  elasticsearch: 9200,
  opensearch: 9201,
};
const CLUSTER_NAME = 'lambdalens-dev';

export interface DevClusterState {
  engine: SearchEngine;
  version: string;
  url: string;
  pid: number;
  startedAt: string;
  dataDir: string;
  logPath: string;
}

/**
 * Where a dev cluster keeps its data and state: LAMBDALENS_STATE_DIR, else
 * $XDG_STATE_HOME/lambdalens, else ~/.local/state/lambdalens; as root, /var/lib/lambdalens,
 * because the unprivileged account the node runs as cannot enter /root.
 */
export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LAMBDALENS_STATE_DIR) return env.LAMBDALENS_STATE_DIR;
  if (process.getuid?.() === 0) return '/var/lib/lambdalens';
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'lambdalens');
}

const clusterDir = (engine: SearchEngine, root: string) => join(root, 'dev-cluster', engine);
const stateFile = (engine: SearchEngine, root: string) => join(clusterDir(engine, root), 'cluster.json');

async function readState(engine: SearchEngine, root: string): Promise<DevClusterState | null> {
  try {
    return JSON.parse(await readFile(stateFile(engine, root), 'utf8')) as DevClusterState;
  } catch {
    return null;
  }
}

/** Whether the process group the node was started in still has a member. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await clusterHealth(url)) !== undefined;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export type DevClusterStatus =
  | { kind: 'stopped'; engine: SearchEngine }
  | { kind: 'running'; state: DevClusterState; healthy: boolean };

export async function devClusterStatus(engine: SearchEngine, root = stateRoot()): Promise<DevClusterStatus> {
  const state = await readState(engine, root);
  if (!state || !groupAlive(state.pid)) return { kind: 'stopped', engine };
  return { kind: 'running', state, healthy: await answers(state.url) };
}

export interface StartOptions {
  engine: SearchEngine;
  version?: string | undefined;
  port?: number | undefined;
  heap?: string | undefined;
  timeoutMs?: number | undefined;
  root?: string | undefined;
  progress?: FetchProgress | undefined;
}

/** Starts the engine's dev cluster, or finds it already running; resolves once it answers. */
export async function startDevCluster(
  options: StartOptions,
): Promise<{ state: DevClusterState; alreadyRunning: boolean; dist: Distribution }> {
  const root = options.root ?? stateRoot();
  const dist = distribution(options.engine, options.version);
  const current = await devClusterStatus(options.engine, root);
  if (current.kind === 'running') {
    if (!current.healthy) {
      throw new ServiceStartError(
        `the ${options.engine} dev cluster (pid ${current.state.pid}) runs but does not answer at ${current.state.url}; see ${current.state.logPath}, or run dev-cluster stop first`,
      );
    }
    return { state: current.state, alreadyRunning: true, dist };
  }
  const port = options.port ?? DEFAULT_PORTS[options.engine];
  if (!(await portFree(port))) {
    throw new ServiceStartError(`port ${port} on 127.0.0.1 is already in use; choose another with --port`);
  }
  const runDir = clusterDir(options.engine, root);
  await mkdir(runDir, { recursive: true });
  // As root the node runs as another account, which must be able to walk down to its folder.
  if (process.getuid?.() === 0) for (const dir of [root, join(root, 'dev-cluster')]) await chmod(dir, 0o755);
  const node = await startNode({
    dist,
    runDir,
    httpPort: port,
    transportPort: await freePort(),
    clusterName: CLUSTER_NAME,
    heap: options.heap,
    timeoutMs: options.timeoutMs ?? 180_000,
    lifetime: 'daemon',
    progress: options.progress,
  });
  const state: DevClusterState = {
    engine: options.engine,
    version: dist.version,
    url: node.url,
    pid: node.pid,
    startedAt: new Date().toISOString(),
    dataDir: join(runDir, 'data'),
    logPath: node.logPath,
  };
  await writeFile(stateFile(options.engine, root), `${JSON.stringify(state, null, 2)}\n`);
  return { state, alreadyRunning: false, dist };
}

/** Stops the engine's dev cluster (SIGTERM to its group, SIGKILL after the grace); data is kept. */
export async function stopDevCluster(
  engine: SearchEngine,
  options: { root?: string; graceMs?: number; deleteData?: boolean } = {},
): Promise<{ stopped: DevClusterState | null }> {
  const root = options.root ?? stateRoot();
  const state = await readState(engine, root);
  const running = state !== null && groupAlive(state.pid);
  if (running) {
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-state.pid, sig);
      } catch {
        // Already gone.
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + (options.graceMs ?? 30_000);
    while (groupAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (groupAlive(state.pid)) {
      signal('SIGKILL');
      while (groupAlive(state.pid)) await new Promise((r) => setTimeout(r, 100));
    }
  }
  await rm(stateFile(engine, root), { force: true });
  if (options.deleteData) await rm(clusterDir(engine, root), { recursive: true, force: true });
  return { stopped: running ? state : null };
}
