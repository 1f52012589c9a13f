/**
 * Without --engine, `ship` asks the cluster which engine it runs (`GET /`) before it reads
 * anything. A cluster restarting or briefly out of reach is asked again as a bulk request is
 * sent again (retry-policy.ts: up to 8 tries, 200 ms doubling to 10 s), each retry said;
 * only then does the run fail, naming the URL without its credentials. A stop asked for while
 * the question waits ends the run at once with exit 0, saying nothing was shipped (it exited
 * 130 or 143 without a word). Each against the real CLI: the cluster's port is a fault proxy
 * in front of the real engine that refuses connections until the test lets it listen, a port
 * nothing listens on, or one that accepts connections and never answers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync as runCli } from '../support/cli.ts';
import {
  closedPort,
  refusedRetry,
  type SilentCluster,
  startSilentCluster,
} from '../support/engine-question.ts';
import { startCli } from '../support/live-cli.ts';
import { count, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-engine-question-'));
const RID = 'cccccccc-1111-2222-3333-444444444444';
const FILE = join(dir, 'fn.log');
writeFileSync(
  FILE,
  `${[
    `START RequestId: ${RID} Version: $LATEST`,
    `2026-03-02T12:00:00.105Z\t${RID}\tINFO\thello`,
    `END RequestId: ${RID}`,
    `REPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  ].join('\n')}\n`,
);

describe.each(['elasticsearch', 'opensearch'] as const)('ship to %s: the engine question', (engine) => {
  const es = useShipperEs(engine);

  it('is asked again while the port refuses connections, and the run ships once it listens', async () => {
    const prefix = await es.fresh('late-port');
    await es.proxy.stop();
    const run = runCli(['ship', FILE, '--to', es.proxy.url, '--index-prefix', prefix], {});
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await es.proxy.start();
    const r = await run;
    expect(r.code).toBe(0);
    const retries = r.stderr.split('\n').filter((l) => l.startsWith('lambdalens: asking '));
    expect(retries.length).toBeGreaterThan(0);
    expect(retries).toEqual(retries.map((_, i) => expect.stringMatching(refusedRetry(es.proxy.url, i + 2))));
    expect(r.stderr).toMatch(/^lambdalens: 5 documents: 5 written,/m);
    expect(await count(es.client, `${prefix}-logs-*`)).toBe(4);
    expect(await count(es.client, `${prefix}-invocations-*`)).toBe(1);
  });
});

describe('ship: an engine question never answered', { timeout: 90_000 }, () => {
  it('fails after the bulk requests’ 8 tries, each said, naming the URL without its credentials', async () => {
    const port = await closedPort();
    const display = `http://127.0.0.1:${port}`;
    const r = await runCli(
      ['ship', FILE, '--to', `http://elastic:pw-s3cr3t@127.0.0.1:${port}`],
      {},
      {
        timeoutMs: 60_000,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('pw-s3cr3t');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(lines.slice(0, 7)).toEqual(
      [2, 3, 4, 5, 6, 7, 8].map((n) => expect.stringMatching(refusedRetry(display, n))),
    );
    expect(lines.slice(7)).toEqual([
      `lambdalens: cannot reach ${display} to learn which engine it runs after 8 attempts: connection failed: connect ECONNREFUSED 127.0.0.1:${port} (nothing listens at that address and port)`,
      'hint: check the URL; --engine elasticsearch|opensearch skips the question; --request-timeout waits longer',
    ]);
  });
});

describe('ship: a stop while the engine is asked', { timeout: 60_000 }, () => {
  let silent: SilentCluster;
  beforeAll(async () => {
    silent = await startSilentCluster();
  });
  afterAll(() => silent.close());

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'of a cluster that never answers: %s ends the run at once, exit 0, saying nothing was shipped',
    async (signal) => {
      const asked = silent.nextQuestion();
      const url = silent.url;
      const run = startCli(['ship', FILE, '--to', url, '--index-prefix', 'll-test-stop']);
      try {
        await asked;
        const sent = Date.now();
        run.child.kill(signal);
        const ended = await run.exited;
        expect(ended.code).toBe(0);
        expect(ended.at - sent).toBeLessThan(3_000);
        expect(run.stderr.map((l) => l.text)).toEqual([
          `lambdalens: stopped by ${signal} before anything was shipped: no input was read and no document sent to ${url}`,
        ]);
      } finally {
        run.kill();
      }
    },
  );

  it('while it waits to ask again: SIGTERM ends the wait at once, exit 0, said', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const run = startCli(['ship', FILE, '--to', url, '--index-prefix', 'll-test-stop']);
    try {
      // The fourth try waits 0.4 to 0.8 s: the stop lands in a wait.
      while (!run.stderr.some((l) => / \(attempt 4 of 8\)/.test(l.text)) && run.running()) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const sent = Date.now();
      run.child.kill('SIGTERM');
      const ended = await run.exited;
      expect(ended.code).toBe(0);
      expect(ended.at - sent).toBeLessThan(3_000);
      expect(run.stderr.map((l) => l.text)).toEqual([
        expect.stringMatching(refusedRetry(url, 2)),
        expect.stringMatching(refusedRetry(url, 3)),
        expect.stringMatching(refusedRetry(url, 4)),
        `lambdalens: stopped by SIGTERM before anything was shipped: no input was read and no document sent to ${url}`,
      ]);
    } finally {
      run.kill();
    }
  });
});
