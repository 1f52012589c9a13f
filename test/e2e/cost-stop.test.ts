/**
 * `cost` stopped by the user (Ctrl-C, SIGTERM, SIGHUP) from every source it reads: the real
 * CLI ends at once as an asked-for stop (exit 0) and writes no report, since costs from part
 * of the data would read as the whole period's. It says so on stderr, once.
 *
 * Elasticsearch and CloudWatch are played by a local HTTP server that takes each request and
 * never answers: no real server can be made to hang on cue, and the stop must land while a
 * request is in flight.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_AWS } from '../support/cli.ts';

const bin = fileURLToPath(new URL('../../bin/lambdalens.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [bin, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Sends `signal` and waits for the exit; how long the child took to end after it. */
async function stop(run: Running, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const sent = Date.now();
  run.child.kill(signal);
  const code = await run.exit;
  return { code, ms: Date.now() - sent };
}

/** An HTTP server that holds every request and never answers; resolves on the first one. */
async function hangingServer(): Promise<{ url: string; firstRequest: Promise<void>; server: Server }> {
  let seen: () => void = () => {};
  const firstRequest = new Promise<void>((resolve) => {
    seen = resolve;
  });
  const server = createServer(() => seen());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, firstRequest, server };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
}

const REPORT_LINE = (n: number) =>
  `REPORT RequestId: 00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\t\n`;

/** `files` files of `lines` REPORT lines each, one function per file. */
async function reportFiles(files: number, lines: number): Promise<string[]> {
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const path = join(dir, `stop-fn-${f}.log`);
    paths.push(path);
    const out = createWriteStream(path);
    for (let start = 0; start < lines; start += 10_000) {
      let chunk = '';
      for (let i = start; i < Math.min(lines, start + 10_000); i++) chunk += REPORT_LINE(f * lines + i);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
  }
  return paths;
}

const stoppedBy = (signal: string) =>
  `lambdalens: stopped by ${signal} before the report was complete: no report written\n`;

describe('cost stopped by the user', () => {
  it('from stdin still open: Ctrl-C ends it with exit 0, no report and one line saying so', async () => {
    const run = start(['cost', '-', '--region', 'us-east-1', '--arch', 'x86_64', '-o', 'json']);
    run.child.stdin?.write(REPORT_LINE(1) + REPORT_LINE(2));
    // stdin stays open: the run ends only because it is asked to.
    await new Promise((r) => setTimeout(r, 1500));
    const { code, ms } = await stop(run, 'SIGINT');
    expect(code).toBe(0);
    expect(run.stdout()).toBe('');
    expect(run.stderr()).toBe(stoppedBy('SIGINT'));
    expect(ms).toBeLessThan(5_000);
  });

  it('from files read by worker threads: SIGTERM ends every thread at once, exit 0, no report', async () => {
    // 4 files of 500,000 REPORT lines take seconds to read, so the stop lands mid-read.
    const files = await reportFiles(4, 500_000);
    const out = join(dir, 'report.json');
    const run = start([
      'cost',
      ...files,
      '--region',
      'us-east-1',
      '--arch',
      'x86_64',
      '-o',
      'json',
      '--out',
      out,
      '--workers',
      '2',
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    const { code, ms } = await stop(run, 'SIGTERM');
    expect(code).toBe(0);
    expect(run.stderr()).toBe(stoppedBy('SIGTERM'));
    expect(run.stdout()).toBe('');
    const { existsSync } = await import('node:fs');
    expect(existsSync(out)).toBe(false);
    expect(ms).toBeLessThan(5_000);
  });

  it('from Elasticsearch mid-request: Ctrl-C ends it with exit 0 and no report', async () => {
    const es = await hangingServer();
    try {
      const run = start([
        'cost',
        '--source',
        'elasticsearch',
        '--es-url',
        es.url,
        '--engine',
        'elasticsearch',
        '-o',
        'json',
      ]);
      await es.firstRequest;
      const { code } = await stop(run, 'SIGINT');
      expect(code).toBe(0);
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toBe(stoppedBy('SIGINT'));
    } finally {
      await closeServer(es.server);
    }
  });

  it('from CloudWatch mid-request: SIGHUP ends it with exit 0 and no report', async () => {
    const aws = await hangingServer();
    try {
      const run = start(['cost', '--function', 'checkout', '--month', '2026-11', '-o', 'json'], {
        ...FAKE_AWS,
        AWS_ENDPOINT_URL: aws.url,
      });
      await aws.firstRequest;
      const { code } = await stop(run, 'SIGHUP');
      expect(code).toBe(0);
      expect(run.stdout()).toBe('');
      expect(run.stderr()).toBe(stoppedBy('SIGHUP'));
    } finally {
      await closeServer(aws.server);
    }
  });
});
