/**
 * `cost` stopped by the user (Ctrl-C, SIGTERM, SIGHUP) from every source it reads: the real
 * CLI ends at once as an asked-for stop (exit 0) and writes no report, since costs from part
 * of the data would read as the whole period's. It says so on stderr, once.
 *
 * Elasticsearch and CloudWatch are played by a local HTTP server that takes each request and
 * never answers: no real server can be made to hang on cue, and the stop must land while a
 * request is in flight.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_AWS } from '../support/cli.ts';
import { type LiveCli, startCli } from '../support/live-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-cost-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Sends `signal` to a run and waits until it has ended and said everything; what it wrote,
 * its exit code, and how long it took to end after the signal.
 */
async function stop(
  run: LiveCli,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; ms: number; stdout: string; stderr: string }> {
  const closed = once(run.child, 'close');
  const sent = Date.now();
  run.child.kill(signal);
  const { code, at } = await run.exited;
  await closed;
  const text = (lines: { text: string }[]) => lines.map((l) => `${l.text}\n`).join('');
  return { code, ms: at - sent, stdout: text(run.stdout), stderr: text(run.stderr) };
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
    const run = startCli(['cost', '-', '--region', 'us-east-1', '--arch', 'x86_64', '-o', 'json']);
    run.child.stdin.write(REPORT_LINE(1) + REPORT_LINE(2));
    // stdin stays open: the run ends only because it is asked to.
    await new Promise((r) => setTimeout(r, 1500));
    const ended = await stop(run, 'SIGINT');
    expect([ended.code, ended.stdout, ended.stderr]).toEqual([0, '', stoppedBy('SIGINT')]);
    expect(ended.ms).toBeLessThan(5_000);
  });

  it('from files read by worker threads: SIGTERM ends every thread at once, exit 0, no report', async () => {
    // 4 files of 500,000 REPORT lines take seconds to read, so the stop lands mid-read.
    const files = await reportFiles(4, 500_000);
    const out = join(dir, 'report.json');
    const args = ['--region', 'us-east-1', '--arch', 'x86_64', '-o', 'json', '--out', out, '--workers', '2'];
    const run = startCli(['cost', ...files, ...args]);
    await new Promise((r) => setTimeout(r, 1000));
    const ended = await stop(run, 'SIGTERM');
    expect([ended.code, ended.stdout, ended.stderr]).toEqual([0, '', stoppedBy('SIGTERM')]);
    expect(existsSync(out)).toBe(false);
    expect(ended.ms).toBeLessThan(5_000);
  });

  /** A run whose source answers nothing, stopped once its first request is in flight. */
  async function stoppedMidRequest(
    args: (url: string) => string[],
    env: (url: string) => NodeJS.ProcessEnv,
    signal: NodeJS.Signals,
  ): Promise<void> {
    const server = await hangingServer();
    try {
      const run = startCli(['cost', ...args(server.url), '-o', 'json'], env(server.url));
      await server.firstRequest;
      const ended = await stop(run, signal);
      expect([ended.code, ended.stdout, ended.stderr]).toEqual([0, '', stoppedBy(signal)]);
    } finally {
      await closeServer(server.server);
    }
  }

  it('from Elasticsearch mid-request: Ctrl-C ends it with exit 0 and no report', async () => {
    await stoppedMidRequest(
      (url) => ['--source', 'elasticsearch', '--es-url', url, '--engine', 'elasticsearch'],
      () => ({}),
      'SIGINT',
    );
  });

  it('from CloudWatch mid-request: SIGHUP ends it with exit 0 and no report', async () => {
    await stoppedMidRequest(
      () => ['--function', 'checkout', '--month', '2026-11'],
      (url) => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: url }),
      'SIGHUP',
    );
  });
});
