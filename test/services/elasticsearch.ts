import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJavaHome } from './java.ts';
import {
  freePort,
  hasCommand,
  readyOrStopped,
  run,
  ServiceStartError,
  superviseGroup,
} from './process-util.ts';

/**
 * The newest 9.x integ-test zip found on Maven Central (its metadata lists no 9.x, so
 * versions are published there sparsely); override with ES_VERSION.
 */
export const DEFAULT_ES_VERSION = '9.5.4';
const ARTIFACT = 'org.elasticsearch.distribution.integ-test-zip:elasticsearch';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
/** Elasticsearch refuses to run as root; when we are root it runs as this user. */
export const ES_USER = 'lambdalens-es';

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The download cache: LAMBDALENS_CACHE_DIR or `.cache/` in the repository (git-ignored). */
export function cacheDir(): string {
  return process.env.LAMBDALENS_CACHE_DIR ?? join(repoRoot, '.cache');
}

export function esVersion(): string {
  return process.env.ES_VERSION ?? DEFAULT_ES_VERSION;
}

/** Fetches the zip with Maven (which also keeps it in ~/.m2) unless the cache already has it. */
export async function ensureEsZip(version = esVersion()): Promise<string> {
  const dir = join(cacheDir(), 'elasticsearch');
  const zip = join(dir, `elasticsearch-${version}.zip`);
  if (existsSync(zip)) return zip;
  if (!(await hasCommand('mvn', ['-v']))) {
    throw new ServiceStartError('mvn is not installed; it is needed to fetch the Elasticsearch zip');
  }
  await mkdir(dir, { recursive: true });
  // Download beside the cache and rename, so a concurrent run never sees half a zip.
  const staging = await mkdtemp(join(dir, 'download-'));
  try {
    await run(
      'mvn',
      [
        '-B',
        '-q',
        `${DEPENDENCY_PLUGIN}:copy`,
        `-Dartifact=${ARTIFACT}:${version}:zip`,
        `-DoutputDirectory=${staging}`,
      ],
      { cwd: staging },
    );
    await rename(join(staging, `elasticsearch-${version}.zip`), zip);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return zip;
}

/**
 * Unpacks the distribution once into the system temp dir, world-readable, because the
 * unprivileged ES user may not be able to traverse the repository's parent folders.
 */
export async function ensureDistribution(version = esVersion()): Promise<string> {
  const root = join(tmpdir(), 'lambdalens-es-dist');
  const home = join(root, version);
  if (existsSync(join(home, '.complete'))) return home;
  const zip = await ensureEsZip(version);
  if (!(await hasCommand('unzip', ['-v']))) {
    throw new ServiceStartError('unzip is not installed; it is needed to unpack Elasticsearch');
  }
  await mkdir(root, { recursive: true, mode: 0o755 });
  await chmod(root, 0o755);
  const staging = await mkdtemp(join(root, `${version}-unpack-`));
  try {
    await run('unzip', ['-q', zip, '-d', staging]);
    const unpacked = join(staging, `elasticsearch-${version}`);
    await writeFile(join(unpacked, '.complete'), `${version}\n`);
    await run('chmod', ['-R', 'a+rX', unpacked]);
    // No rm of `home` first: rename is atomic, so `home` is either absent or complete,
    // and another run may already be starting Elasticsearch from it.
    try {
      await rename(unpacked, home);
    } catch (error) {
      // Another run finished first; its copy is as good as ours.
      if (!existsSync(join(home, '.complete'))) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return home;
}

interface Account {
  uid: number;
  gid: number;
}

/** The account ES runs under: ourselves unless we are root, then a system user we create. */
export async function esAccount(): Promise<Account | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    await run('id', ['-u', ES_USER]);
  } catch {
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      ES_USER,
    ]).catch(async (error: unknown) => {
      // A concurrent run may have created it between our check and useradd.
      await run('id', ['-u', ES_USER]).catch(() => {
        throw error;
      });
    });
  }
  const uid = Number((await run('id', ['-u', ES_USER])).stdout.trim());
  const gid = Number((await run('id', ['-g', ES_USER])).stdout.trim());
  return { uid, gid };
}

function settings(httpPort: number, transportPort: number, runDir: string): string {
  return [
    'cluster.name: lambdalens-test',
    'node.name: test-node',
    'discovery.type: single-node',
    'network.host: 127.0.0.1',
    `http.port: ${httpPort}`,
    `transport.port: ${transportPort}`,
    `path.data: ${join(runDir, 'data')}`,
    `path.logs: ${join(runDir, 'logs')}`,
    'xpack.security.enabled: false',
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: false',
    '',
  ].join('\n');
}

async function chownTree(path: string, account: Account): Promise<void> {
  await chown(path, account.uid, account.gid);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await chownTree(child, account);
    else await chown(child, account.uid, account.gid);
  }
}

/** One cluster-health probe; yields the status once the cluster is at least yellow. */
export async function clusterHealth(url: string): Promise<string | undefined> {
  const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { status?: string; timed_out?: boolean };
  return body.timed_out === false && (body.status === 'green' || body.status === 'yellow')
    ? body.status
    : undefined;
}

/**
 * Starts a private single-node cluster on free ports with its own config, data and log
 * folders, and waits until it is green or yellow.
 */
export async function startElasticsearch(options: { timeoutMs?: number } = {}): Promise<RunningService> {
  const timeoutMs = options.timeoutMs ?? Number(process.env.ES_START_TIMEOUT_MS ?? 180_000);
  const javaHome = findJavaHome(21);
  const home = await ensureDistribution();
  const account = await esAccount();

  const runDir = await mkdtemp(join(tmpdir(), 'lambdalens-es-run-'));
  await chmod(runDir, 0o755);
  const configDir = join(runDir, 'config');
  await cp(join(home, 'config'), configDir, { recursive: true });
  await mkdir(join(runDir, 'data'));
  await mkdir(join(runDir, 'logs'));
  await mkdir(join(runDir, 'tmp'));
  const [httpPort, transportPort] = [await freePort(), await freePort()];
  await writeFile(join(configDir, 'elasticsearch.yml'), settings(httpPort, transportPort, runDir));
  await writeFile(join(configDir, 'jvm.options.d', 'lambdalens-heap.options'), '-Xms512m\n-Xmx512m\n');
  if (account) await chownTree(runDir, account);

  const logPath = join(runDir, 'console.log');
  const logFd = openSync(logPath, 'a');
  if (account) await chown(logPath, account.uid, account.gid);
  let child: ChildProcess;
  try {
    child = spawn(join(home, 'bin', 'elasticsearch'), [], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      // A minimal environment: nothing of the test run's (credentials included) reaches ES.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        HOME: runDir,
        ES_JAVA_HOME: javaHome,
        ES_PATH_CONF: configDir,
        ES_TMPDIR: join(runDir, 'tmp'),
      },
    });
  } finally {
    closeSync(logFd);
  }
  const stop = superviseGroup(child, runDir);
  const url = `http://127.0.0.1:${httpPort}`;
  await readyOrStopped(
    `Elasticsearch ${esVersion()} at ${url}`,
    () => clusterHealth(url),
    { timeoutMs, child, logPath },
    stop,
  );
  return { url, stop };
}
