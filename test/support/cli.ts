/**
 * Runs the `lambdalens` command as a user would, in a child process whose environment
 * holds no AWS configuration of the machine running the tests: only what the test gives.
 */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'lambdalens.mjs');

/** Credentials moto accepts. */
export const FAKE_AWS = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
};

function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    // The run's own temporary folder (test/support/run-tmpdir.ts): a killed run's spools go with it.
    TMPDIR: process.env.TMPDIR,
    HOME: '/nonexistent',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
    // The AWS SDK's notice that Node 20 support ends would otherwise open stderr.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...env,
  };
}

/** `nodeArgs`: Node's own flags, before the command's (`--expose-gc`, a `--require`d probe). */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number; nodeArgs?: string[] } = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    env: childEnv(env),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    // Shipping to stdout writes megabytes; the default 1 MiB would cut the child off.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `runCli` without blocking the test's event loop: for when the test itself serves what the
 * command talks to (a verifying endpoint, a proxy) in the same process.
 */
export async function runCliAsync(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const chunks: Buffer[] = [];
  const { code, stderr } = await runCliStreaming(args, env, (chunk) => chunks.push(chunk), options);
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), stderr };
}

/**
 * `runCli` whose output is too long to keep (hundreds of megabytes): each chunk of stdout
 * is handed to `onStdout` as it comes, and only stderr is kept.
 */
export function runCliStreaming(
  args: string[],
  env: NodeJS.ProcessEnv,
  onStdout: (chunk: Buffer) => void,
  options: { timeoutMs?: number } = {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', onStdout);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
