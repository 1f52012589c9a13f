/**
 * Starts one single-node Elasticsearch or OpenSearch from an unpacked integ-test zip: its own
 * config, data and log folders, a 512 MB heap by default, loopback only, and — because both
 * refuse to run as root — an unprivileged system account when we are root.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Distribution, nodeSettings } from './distributions.ts';
import { ensureUnpacked, type FetchProgress } from './fetch.ts';
import { findJavaHome } from './java.ts';
import { readyOrStopped, run, stopGroup, superviseGroup } from './process.ts';

/** The account a node runs under when we are root. */
export const NODE_USER = 'lambdalens-search';

export interface Account {
  uid: number;
  gid: number;
}

/** Ourselves unless we are root, then a system user we create once. */
export async function nodeAccount(): Promise<Account | null> {
  if (process.getuid?.() !== 0) return null;
  try {
    await run('id', ['-u', NODE_USER]);
  } catch {
    const args = ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent'];
    await run('useradd', [...args, '--shell', '/usr/sbin/nologin', NODE_USER]).catch(
      async (error: unknown) => {
        // A concurrent run may have created it between our check and useradd.
        await run('id', ['-u', NODE_USER]).catch(() => {
          throw error;
        });
      },
    );
  }
  const uid = Number((await run('id', ['-u', NODE_USER])).stdout.trim());
  const gid = Number((await run('id', ['-g', NODE_USER])).stdout.trim());
  return { uid, gid };
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

export interface NodeOptions {
  dist: Distribution;
  /** Holds config/, data/, logs/, tmp/ and console.log; data/ is kept between starts. */
  runDir: string;
  httpPort: number;
  transportPort: number;
  clusterName: string;
  /** JVM heap, as -Xms/-Xmx take it. */
  heap?: string | undefined;
  timeoutMs: number;
  /**
   * `supervised`: dies with this process and its run folder is removed on stop (tests).
   * `daemon`: outlives this process (`dev-cluster start`); stop it by its process group.
   */
  lifetime: 'supervised' | 'daemon';
  cache?: string | undefined;
  progress?: FetchProgress | undefined;
}

export interface StartedNode {
  url: string;
  pid: number;
  logPath: string;
  stop(): Promise<void>;
}

export async function startNode(options: NodeOptions): Promise<StartedNode> {
  const { dist, runDir } = options;
  const javaHome = findJavaHome(dist.java, dist.env.javaHome);
  const home = await ensureUnpacked(dist, { cache: options.cache, progress: options.progress });
  const account = await nodeAccount();

  await mkdir(runDir, { recursive: true });
  await chmod(runDir, 0o755);
  const configDir = join(runDir, 'config');
  await cp(join(home, 'config'), configDir, { recursive: true, force: true });
  for (const sub of ['data', 'logs', 'tmp']) await mkdir(join(runDir, sub), { recursive: true });
  await writeFile(
    join(configDir, dist.configFile),
    nodeSettings(dist, {
      httpPort: options.httpPort,
      transportPort: options.transportPort,
      dataDir: join(runDir, 'data'),
      logsDir: join(runDir, 'logs'),
      clusterName: options.clusterName,
    }),
  );
  // The stock jvm.options names logs/ and data/ relative to where the launcher runs, which
  // is neither ours nor writable by the node's account: point them into the run folder.
  const jvmOptions = join(configDir, 'jvm.options');
  const stock = await readFile(jvmOptions, 'utf8');
  await writeFile(
    jvmOptions,
    stock
      .replaceAll('=logs/', `=${join(runDir, 'logs')}/`)
      .replaceAll('HeapDumpPath=data', `HeapDumpPath=${join(runDir, 'data')}`),
  );
  const heap = options.heap ?? '512m';
  await mkdir(join(configDir, 'jvm.options.d'), { recursive: true });
  await writeFile(join(configDir, 'jvm.options.d', 'lambdalens-heap.options'), `-Xms${heap}\n-Xmx${heap}\n`);
  const logPath = join(runDir, 'console.log');
  await writeFile(logPath, '');
  if (account) await chownTree(runDir, account);

  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(join(home, dist.launcher), [], {
      detached: true,
      // jvm.options writes the GC log to the relative logs/: ours, not the caller's folder.
      cwd: runDir,
      stdio: ['ignore', logFd, logFd],
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      // A minimal environment: nothing of ours (credentials included) reaches the node.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        HOME: runDir,
        [dist.env.javaHome]: javaHome,
        [dist.env.pathConf]: configDir,
        [dist.env.tmpDir]: join(runDir, 'tmp'),
        // The starter's own temporary folders go into the run folder too, not the system's.
        ...(dist.env.cliJavaOpts
          ? { [dist.env.cliJavaOpts]: `-Djava.io.tmpdir=${join(runDir, 'tmp')}` }
          : {}),
      },
    });
  } finally {
    closeSync(logFd);
  }
  const stop =
    options.lifetime === 'supervised' ? superviseGroup(child, runDir) : () => stopGroup(child, 30_000);
  const url = `http://127.0.0.1:${options.httpPort}`;
  await readyOrStopped(
    `${dist.display} at ${url}`,
    () => clusterHealth(url),
    { timeoutMs: options.timeoutMs, child, logPath },
    stop,
  );
  if (options.lifetime === 'daemon') child.unref();
  return { url, pid: child.pid as number, logPath, stop };
}
