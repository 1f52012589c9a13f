/**
 * Runs `lambdalens` as a long-lived child process and watches the clock from outside it:
 * every line it prints is kept with the time it arrived, so a test (or the live bench) can
 * say not only what was printed but when, while the process still runs.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(ROOT, 'bin', 'lambdalens.mjs');

export interface TimedLine {
  /** Date.now() when the line reached this process. */
  at: number;
  text: string;
}

export interface LiveCli {
  child: ChildProcessWithoutNullStreams;
  stdout: TimedLine[];
  stderr: TimedLine[];
  /** Resolves with the exit code (or 128 + signal number when killed). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  running(): boolean;
  /** The first stdout line (from `from`) that passes `test`; rejects after `timeoutMs`. */
  waitForLine(test: (text: string) => boolean, timeoutMs: number, from?: number): Promise<TimedLine>;
  /** Stops the process for good (SIGKILL) if it still runs. */
  kill(): void;
}

/** Lines of a stream as they arrive, each with its arrival time. */
function collectLines(stream: NodeJS.ReadableStream, into: TimedLine[], onLine: () => void): void {
  let partial = '';
  stream.setEncoding?.('utf8');
  stream.on('data', (chunk: string) => {
    const at = Date.now();
    partial += chunk;
    let nl = partial.indexOf('\n');
    while (nl >= 0) {
      into.push({ at, text: partial.slice(0, nl) });
      partial = partial.slice(nl + 1);
      nl = partial.indexOf('\n');
    }
    onLine();
  });
}

/** `lambdalens <args>` as a child whose environment holds only what it is given. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): LiveCli {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      // The run's own temporary folder (test/support/run-tmpdir.ts): a killed run's spools go with it.
      TMPDIR: process.env.TMPDIR,
      HOME: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return watchChild(child);
}

/** Watches any child with piped stdio the same way (the live bench's yardsticks too). */
export function watchChild(child: ChildProcessWithoutNullStreams): LiveCli {
  const stdout: TimedLine[] = [];
  const stderr: TimedLine[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  collectLines(child.stdout, stdout, wake);
  collectLines(child.stderr, stderr, wake);
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (resolve) => {
      child.on('exit', (code, signal) => {
        alive = false;
        resolve({ code, signal, at: Date.now() });
        wake();
      });
    },
  );
  // A test that writes after the child left must not crash on EPIPE.
  child.stdin.on('error', () => {});
  return {
    child,
    stdout,
    stderr,
    exited,
    running: () => alive,
    waitForLine(test, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = from; i < stdout.length; i++) {
            const line = stdout[i] as TimedLine;
            if (test(line.text)) {
              done();
              resolve(line);
              return;
            }
          }
          if (!alive) {
            done();
            reject(
              new Error(
                `the process ended before the line came; stderr:\n${stderr.map((l) => l.text).join('\n')}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `no such line within ${timeoutMs} ms; stderr:\n${stderr.map((l) => l.text).join('\n')}`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    kill() {
      if (alive) child.kill('SIGKILL');
    },
  };
}

/** A Node runtime's INFO line of `requestId` at `at`, as CloudWatch stores it. */
export function infoLine(
  at: number,
  requestId: string,
  text: string,
): { timestamp: number; message: string } {
  return { timestamp: at, message: `${new Date(at).toISOString()}\t${requestId}\tINFO\t${text}\n` };
}

/** Four events of one invocation of a text-format function, starting at `t`. */
export function invocationEvents(
  requestId: string,
  t: number,
  message = 'hello',
): { timestamp: number; message: string }[] {
  return [
    { timestamp: t, message: `START RequestId: ${requestId} Version: $LATEST\n` },
    { timestamp: t + 1, message: `${new Date(t + 1).toISOString()}\t${requestId}\tINFO\t${message}\n` },
    { timestamp: t + 2, message: `END RequestId: ${requestId}\n` },
    {
      timestamp: t + 3,
      message: `REPORT RequestId: ${requestId}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    },
  ];
}

/** A request ID made from a number, so a test can tell which invocation a line is. */
export function requestIdOf(n: number, prefix = 0): string {
  return `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** The same events as an `aws logs tail` text copy (stream prefix, one event a line). */
export function asTailCopy(events: { timestamp: number; message: string }[], stream: string): string {
  return events
    .map(
      (e) =>
        `${new Date(e.timestamp).toISOString().replace('Z', '000+00:00')} ${stream} ${e.message.replace(/\n$/, '')}\n`,
    )
    .join('');
}
