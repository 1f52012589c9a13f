import { type ChildProcess, execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { LambdalensError } from '../../collectors/kernel/index.ts';

/**
 * A local node (or a test service) could not be prepared or started: a missing JDK or
 * `unzip`, a failed download, a port in use, a node that exits or never answers. A test run
 * fails on it rather than skip.
 */
export class ServiceStartError extends LambdalensError {
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { ...options, multiline: true });
    this.name = 'ServiceStartError';
  }
}

/** Asks the kernel for a free loopback port, so parallel runs never collide on fixed ports. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; a non-zero exit becomes a ServiceStartError with its stderr tail. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 600_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-25).join('\n');
          const how = error.killed ? 'timed out' : `exited with ${error.code ?? 'an error'}`;
          reject(new ServiceStartError(`${command} ${args.join(' ')} ${how}\n${output}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/** Whether a program can be executed at all (present on PATH and runnable). */
export async function hasCommand(command: string, versionArgs: readonly string[] = ['--version']) {
  try {
    await run(command, versionArgs, { timeoutMs: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** The last lines of a log file, so a start-up failure explains itself. */
export async function tailFile(path: string, lines = 40): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log at ${path}: ${(error as Error).message})`;
  }
}

async function logTail(path: string | undefined): Promise<string> {
  return path ? `\n--- last lines of ${path} ---\n${await tailFile(path)}` : '';
}

/**
 * Polls `probe` until it yields a value, the child exits, or the deadline passes.
 * Waiting on the child too means a crash is reported at once instead of after the timeout.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; child?: ChildProcess; logPath?: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const child = options.child;
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new ServiceStartError(
        `${what} exited during start-up (code ${child.exitCode}, signal ${child.signalCode})${await logTail(options.logPath)}`,
      );
    }
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
  }
  throw new ServiceStartError(
    `${what} did not become ready within ${options.timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}${await logTail(options.logPath)}`,
  );
}

/**
 * `waitFor` for a service just started: one that never becomes ready is stopped before the
 * error (which carries the tail of its log) is thrown, so no half-started server lingers.
 */
export async function readyOrStopped<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; child: ChildProcess; logPath: string },
  stop: () => Promise<void>,
): Promise<void> {
  try {
    await waitFor(what, probe, options);
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Stops a child started with `detached: true` by signalling its whole process group,
 * escalating to SIGKILL, so no JVM or Python grandchild outlives the test run.
 */
export async function stopGroup(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
}

/** Kills a detached child's group synchronously; used from a process 'exit' hook as a last resort. */
export function killGroupNow(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Ties a detached service to this process: killed with it if the run dies, and stopped
 * (its group, then its run folder) by the returned function otherwise.
 */
export function superviseGroup(child: ChildProcess, runDir: string, graceMs?: number): () => Promise<void> {
  const onExit = () => killGroupNow(child);
  process.once('exit', onExit);
  return async () => {
    process.removeListener('exit', onExit);
    await stopGroup(child, graceMs);
    await rm(runDir, { recursive: true, force: true });
  };
}

/** Removes user:password from a URL before it goes into a message. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(unparseable URL)';
  }
}
