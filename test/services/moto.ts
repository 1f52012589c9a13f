import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  readyOrStopped,
  run,
  ServiceStartError,
  superviseGroup,
  waitFor,
} from '../../shippers/dev-cluster/process.ts';
import type { RunningService } from './search-nodes.ts';

/** 5.2.2 is the first moto whose server answers StartLiveTail. */
export const MIN_MOTO_VERSION = '5.2.2';
const MOTO_REQUIREMENT = `moto[server]>=${MIN_MOTO_VERSION}`;

/** The interpreter that runs moto; `python -m moto.server` keeps the version check and the server on one Python. */
function python(): string {
  return process.env.LAMBDALENS_PYTHON ?? 'python3';
}

/** Compares dotted numeric versions ("5.2.10" > "5.2.2"); pre-release suffixes are ignored. */
export function versionAtLeast(actual: string, minimum: string): boolean {
  const parse = (v: string) => v.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const a = parse(actual);
  const b = parse(minimum);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** The installed moto version, or null when moto or its server extras are missing. */
async function installedMoto(): Promise<string | null> {
  try {
    const { stdout } = await run(python(), [
      '-c',
      'import importlib.metadata as m, moto.server, flask, flask_cors; print(m.version("moto"))',
    ]);
    return stdout.trim();
  } catch {
    return null;
  }
}

/** Installs moto's server with pip when it is missing or too old to serve StartLiveTail. */
export async function ensureMoto(): Promise<string> {
  const current = await installedMoto();
  if (current && versionAtLeast(current, MIN_MOTO_VERSION)) return current;
  const install = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', MOTO_REQUIREMENT];
  try {
    await run(python(), install);
  } catch (error) {
    // Debian's own Python refuses pip installs outside a venv (PEP 668) unless told.
    if (!/externally-managed/i.test((error as Error).message)) throw error;
    await run(python(), [...install, '--break-system-packages']);
  }
  const after = await installedMoto();
  if (!after || !versionAtLeast(after, MIN_MOTO_VERSION)) {
    throw new ServiceStartError(`pip installed moto ${after ?? '(none)'}; ${MOTO_REQUIREMENT} is required`);
  }
  return after;
}

/** One readiness probe: moto's own management API answers once the server is listening. */
async function motoAnswers(url: string): Promise<true | undefined> {
  const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(5_000) });
  return response.ok ? true : undefined;
}

/** Starts moto_server on a free loopback port; it holds all state in memory, so stopping it discards everything. */
export async function startMoto(
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<RunningService> {
  await ensureMoto();
  const port = await freePort();
  const runDir = await mkdtemp(join(tmpdir(), 'lambdalens-moto-'));
  const logPath = join(runDir, 'moto.log');
  const logFd = openSync(logPath, 'a');
  let child: ChildProcess;
  try {
    child = spawn(python(), ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      // Only what Python needs: no credentials from the test run reach the server.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? runDir,
        LANG: 'C.UTF-8',
        ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
        ...(process.env.PYENV_VERSION ? { PYENV_VERSION: process.env.PYENV_VERSION } : {}),
        // What a test asks of moto itself (INITIAL_NO_AUTH_ACTION_COUNT, say).
        ...options.env,
      },
    });
  } finally {
    closeSync(logFd);
  }
  const stop = superviseGroup(child, runDir, 5_000);
  const url = `http://127.0.0.1:${port}`;
  await readyOrStopped(
    `moto_server at ${url}`,
    () => motoAnswers(url),
    { timeoutMs: options.timeoutMs ?? 60_000, child, logPath },
    stop,
  );
  return { url, stop };
}

/** Checks that an externally given endpoint answers before any test relies on it. */
export async function checkMotoReachable(url: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    `AWS endpoint ${url}`,
    async () => {
      // Any HTTP answer proves a server is there; a real AWS-compatible one may reject this path.
      await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return true;
    },
    { timeoutMs },
  );
}
