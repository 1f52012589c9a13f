/**
 * `lambdalens dev-cluster` run as a user would: a real OpenSearch started in the background
 * from the same cached distribution the test services use, found again by `status`, and
 * stopped by `stop`, with its state in a throwaway folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDir } from '../../shippers/dev-cluster/fetch.ts';
import { freePort } from '../../shippers/dev-cluster/process.ts';
import { runCli } from '../support/cli.ts';
import { keepMachineTmpdir } from '../support/machine-tmpdir.ts';

// The engines are unpacked under the machine's TMPDIR, where the account a node runs as can read them.
keepMachineTmpdir();

describe('lambdalens dev-cluster', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'll-dev-cluster-'));
    env = { LAMBDALENS_STATE_DIR: stateDir, LAMBDALENS_CACHE_DIR: cacheDir() };
  });
  afterAll(async () => {
    // Whatever happened above, no node is left running.
    runCli(['dev-cluster', 'stop'], env, { timeoutMs: 60_000 });
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts OpenSearch, prints its URL alone on stdout, finds it again, and stops it', async () => {
    expect(runCli(['dev-cluster', 'status'], env).stdout).toBe(
      'elasticsearch: stopped\nopensearch: stopped\n',
    );
    const port = await freePort();
    const started = runCli(['dev-cluster', 'start', '--engine', 'opensearch', '--port', String(port)], env, {
      timeoutMs: 240_000,
    });
    expect(started.stderr).toContain('for trying lambdalens only');
    expect(started.code).toBe(0);
    const url = `http://127.0.0.1:${port}`;
    expect(started.stdout).toBe(`${url}\n`);
    const root = (await (await fetch(url)).json()) as {
      version: { distribution: string };
      cluster_name: string;
    };
    expect(root.version.distribution).toBe('opensearch');
    expect(root.cluster_name).toBe('lambdalens-dev');

    const again = runCli(['dev-cluster', 'start', '--engine', 'opensearch', '--port', String(port)], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${url}\n`);
    expect(again.stderr).toContain('was already running');

    const status = runCli(['dev-cluster', 'status', '--engine', 'opensearch'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^opensearch 2\\.\\d+\\.\\d+: running at ${url} \\(pid \\d+`));

    const stopped = runCli(['dev-cluster', 'stop', '--engine', 'opensearch'], env, { timeoutMs: 60_000 });
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/opensearch 2\.\d+\.\d+ stopped \(pid \d+\)/);
    await expect(fetch(url, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
    expect(runCli(['dev-cluster', 'status'], env).stdout).toBe(
      'elasticsearch: stopped\nopensearch: stopped\n',
    );
  }, 300_000);

  it('refuses a port already taken, before starting anything, with exit 1', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const run = runCli(['dev-cluster', 'start', '--engine', 'elasticsearch', '--port', String(port)], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use; choose another with --port`);
      expect(run.stdout).toBe('');
      expect(runCli(['dev-cluster', 'status', '--engine', 'elasticsearch'], env).stdout).toBe(
        'elasticsearch: stopped\n',
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad engine or heap before starting anything', () => {
    const engine = runCli(['dev-cluster', 'start', '--engine', 'solr'], env);
    // Commander's own argument errors exit 1 for now; lambdalens' usage errors exit 2.
    expect(engine.code).not.toBe(0);
    expect(engine.stderr).toContain("argument 'solr' is invalid");
    const heap = runCli(['dev-cluster', 'start', '--heap', 'lots'], env);
    expect(heap.code).toBe(2);
    expect(heap.stderr).toContain('--heap must look like 512m or 1g, not "lots"');
  });
});
