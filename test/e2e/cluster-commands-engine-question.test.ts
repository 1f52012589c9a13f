/**
 * `es setup` and `cost --source elasticsearch` ask the cluster which engine it runs as `ship`
 * does (ship-engine-question.test.ts): again while it refuses connections or is out of reach,
 * each retry said, failing after the bulk requests' 8 tries with the URL without its
 * credentials; and a stop while the question waits ends the run with exit 0, said. They asked
 * once and failed on the first refused connection, without naming the URL, and a signal while
 * they waited exited 130 or 143 without a word. Each against the real CLI: the cluster's port
 * is a fault proxy in front of the real engine that refuses connections until the test lets it
 * listen, a port nothing listens on, or one that accepts connections and never answers.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import {
  closedPort,
  refusedRetry,
  type SilentCluster,
  startSilentCluster,
} from '../support/engine-question.ts';
import { startCli } from '../support/live-cli.ts';
import { dropIndices, engineUrl, type ShipperEs, templatesOf, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-es-engine-question-'));
const RID = 'cccccccc-1111-2222-3333-555555555555';
const FILE = join(dir, 'orders.log');
writeFileSync(
  FILE,
  `${[
    `2026-03-02T12:00:00.100Z\tSTART RequestId: ${RID} Version: $LATEST`,
    `2026-03-02T12:00:00.105Z\t${RID}\tINFO\thello`,
    `2026-03-02T12:00:00.150Z\tEND RequestId: ${RID}`,
    `2026-03-02T12:00:00.151Z\tREPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
  ].join('\n')}\n`,
);

/** The run's retry lines, each of a refused try, numbered from the second. */
function expectRefusedRetries(stderr: string[], url: string): void {
  const retries = stderr.filter((l) => l.startsWith('lambdalens: asking '));
  expect(retries.length).toBeGreaterThan(0);
  expect(retries).toEqual(retries.map((_, i) => expect.stringMatching(refusedRetry(url, i + 2))));
}

const waitFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the command while the proxy refuses connections, a second and until the run has said a
 * retry (`cost` takes longer than a second to load its prices on a busy machine), then lets
 * the proxy listen; the run's exit code and lines.
 */
async function runWhileRefused(
  es: ShipperEs,
  args: string[],
): Promise<{ code: number | null; stdout: string[]; stderr: string[] }> {
  await es.proxy.stop();
  const run = startCli(args);
  try {
    const started = Date.now();
    const retried = () => run.stderr.some((l) => l.text.startsWith('lambdalens: asking '));
    while ((Date.now() - started < 1_000 || !retried()) && run.running()) await waitFor(20);
    await es.proxy.start();
    const { code } = await run.exited;
    return { code, stdout: run.stdout.map((l) => l.text), stderr: run.stderr.map((l) => l.text) };
  } finally {
    run.kill();
    await es.proxy.start();
  }
}

describe.each(['elasticsearch', 'opensearch'] as const)(
  '%s behind a port that refuses for a second',
  (engine) => {
    const es = useShipperEs(engine);
    const made: string[] = [];
    afterAll(async () => {
      for (const prefix of made) await dropIndices(es.client, prefix);
    });

    it('es setup asks again until it listens, then sets the prefix up', async () => {
      const prefix = uniqueName('ll-test-setup-late');
      made.push(prefix);
      const r = await runWhileRefused(es, [
        'es',
        'setup',
        '--es-url',
        es.proxy.url,
        '--index-prefix',
        prefix,
      ]);
      expect(r.code).toBe(0);
      expectRefusedRetries(r.stderr, es.proxy.url);
      expect(r.stderr.filter((l) => !l.startsWith('lambdalens: asking '))).toEqual([]);
      const name = engine === 'elasticsearch' ? 'Elasticsearch' : 'OpenSearch';
      const day = String.raw`\d{4}\.\d\d\.\d\d`;
      expect(r.stdout[0]).toMatch(
        new RegExp(
          `^${name} [\\d.]+ ${es.proxy.url}: templates ${prefix}-logs, ${prefix}-invocations, ${prefix}-dead-letter; created ${prefix}-logs-${day}, ${prefix}-invocations-${day}, ${prefix}-dead-letter; already present nothing;`,
        ),
      );
      expect((await templatesOf(es.client, prefix)).sort()).toEqual(
        [`${prefix}-dead-letter`, `${prefix}-invocations`, `${prefix}-logs`].sort(),
      );
    });

    it('cost --source elasticsearch asks again until it listens, then reports', async () => {
      const prefix = await es.fresh('cost-late');
      const shipped = await runCli(['ship', FILE, '--to', engineUrl(engine), '--index-prefix', prefix], {});
      expect(shipped.code).toBe(0);
      const r = await runWhileRefused(es, [
        'cost',
        '--source',
        'elasticsearch',
        '--es-url',
        es.proxy.url,
        '--index-prefix',
        prefix,
        '--region',
        'us-east-1',
        '--arch',
        'x86_64',
        '--output',
        'json',
      ]);
      expect(r.code).toBe(0);
      expectRefusedRetries(r.stderr, es.proxy.url);
      expect(r.stderr.filter((l) => !l.startsWith('lambdalens: asking '))).toEqual([]);
      const report = JSON.parse(r.stdout.join('\n')) as {
        period: { label: string };
        coverage: Record<string, number>;
      };
      expect(report.period.label).toBe('2026-03-02..2026-03-02');
      expect(report.coverage).toEqual({ invocations: 1, priced: 1, notPriced: 0, partlyPriced: 0 });
    });
  },
);

const COMMANDS = {
  'es setup': (url: string) => ['es', 'setup', '--es-url', url, '--index-prefix', 'll-test-never'],
  'cost --source elasticsearch': (url: string) => [
    'cost',
    '--source',
    'elasticsearch',
    '--es-url',
    url,
    '--index-prefix',
    'll-test-never',
  ],
} as const;
type CommandName = keyof typeof COMMANDS;
const NAMES = Object.keys(COMMANDS) as CommandName[];

describe('an engine question never answered', { timeout: 90_000 }, () => {
  it.concurrent.each(NAMES)(
    '%s fails after the bulk requests’ 8 tries, each said, naming the URL without its credentials',
    async (command) => {
      const port = await closedPort();
      const display = `http://127.0.0.1:${port}`;
      const r = await runCli(
        COMMANDS[command](`http://elastic:pw-s3cr3t@127.0.0.1:${port}`),
        {},
        {
          timeoutMs: 60_000,
        },
      );
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
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
    },
  );
});

/**
 * `--request-timeout`, as `ship` takes it: each try of the question to a cluster that takes the
 * connection and never answers waits that long. Without the flag (`unknown option`) the only
 * wait was the default 30 s, eight times over: four minutes before the run failed.
 */
describe('an engine question to a cluster that never answers, with --request-timeout', {
  timeout: 90_000,
}, () => {
  let silent: SilentCluster;
  beforeAll(async () => {
    silent = await startSilentCluster();
  });
  afterAll(() => silent.close());

  it.concurrent.each(NAMES)(
    '%s --request-timeout 1 waits 1 s for each of the 8 tries, each said, then fails as ship does',
    async (command) => {
      const started = Date.now();
      const r = await runCli(
        [...COMMANDS[command](silent.url), '--request-timeout', '1'],
        {},
        {
          timeoutMs: 80_000,
        },
      );
      const took = Date.now() - started;
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const url = silent.url.replace(/[.]/g, '\\.');
      expect(r.stderr.trimEnd().split('\n')).toEqual([
        ...[2, 3, 4, 5, 6, 7, 8].map((n) =>
          expect.stringMatching(
            new RegExp(
              `^lambdalens: asking ${url} again which engine it runs in \\d+(\\.\\d)? s \\(attempt ${n} of 8\\): no answer within 1000 ms \\(request timed out\\)$`,
            ),
          ),
        ),
        `lambdalens: cannot reach ${silent.url} to learn which engine it runs after 8 attempts: no answer within 1000 ms (request timed out)`,
        'hint: check the URL; --engine elasticsearch|opensearch skips the question; --request-timeout waits longer',
      ]);
      // Eight tries of 1 s and the waits between them (22.6 s at most), not eight of 30 s.
      expect(took).toBeLessThan(45_000);
    },
  );
});

const UNDONE: Record<CommandName, (url: string) => string> = {
  'es setup': (url) => `anything was set up: nothing was changed on ${url}`,
  'cost --source elasticsearch': (url) => `anything was read from ${url}: no report written`,
};

describe('a stop while the engine is asked', { timeout: 60_000 }, () => {
  let silent: SilentCluster;
  beforeAll(async () => {
    silent = await startSilentCluster();
  });
  afterAll(() => silent.close());

  const cases = NAMES.flatMap((command) =>
    (['SIGINT', 'SIGTERM'] as const).map((signal) => [command, signal]),
  );
  it.each(cases)(
    '%s, of a cluster that never answers: %s ends the run at once, exit 0, saying nothing was done',
    async (command, signal) => {
      const asked = silent.nextQuestion();
      const run = startCli([...COMMANDS[command as CommandName](silent.url)]);
      try {
        await asked;
        const sent = Date.now();
        run.child.kill(signal as NodeJS.Signals);
        const ended = await run.exited;
        expect(ended.code).toBe(0);
        expect(ended.at - sent).toBeLessThan(3_000);
        expect(run.stdout).toEqual([]);
        expect(run.stderr.map((l) => l.text)).toEqual([
          `lambdalens: stopped by ${signal} before ${UNDONE[command as CommandName](silent.url)}`,
        ]);
      } finally {
        run.kill();
      }
    },
  );

  it('es setup, while it waits to ask again: SIGTERM ends the wait at once, exit 0, said', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = startCli(COMMANDS['es setup'](url));
    try {
      // The fourth try waits 0.4 to 0.8 s: the stop lands in a wait.
      while (!run.stderr.some((l) => / \(attempt 4 of 8\)/.test(l.text)) && run.running()) {
        await waitFor(20);
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
        `lambdalens: stopped by SIGTERM before ${UNDONE['es setup'](url)}`,
      ]);
    } finally {
      run.kill();
    }
  });
});

describe('es setup: a stop once the engine answered', { timeout: 60_000 }, () => {
  const es = useShipperEs('opensearch');

  it('ends a setup the cluster stopped answering at once, exit 0, saying what it leaves', async () => {
    const prefix = uniqueName('ll-test-setup-stop');
    // The engine question goes through; every request of the setup after it hangs.
    es.proxy.intercept((req) =>
      req.method === 'GET' && req.path === '/' ? null : { status: 0, hang: true },
    );
    const run = startCli(['es', 'setup', '--es-url', es.proxy.url, '--index-prefix', prefix]);
    try {
      while (es.proxy.stats.hung === 0 && run.running()) await waitFor(20);
      const sent = Date.now();
      run.child.kill('SIGINT');
      const ended = await run.exited;
      expect(ended.code).toBe(0);
      expect(ended.at - sent).toBeLessThan(3_000);
      expect(run.stdout).toEqual([]);
      expect(run.stderr.map((l) => l.text)).toEqual([
        `lambdalens: stopped by SIGINT before the setup of ${es.proxy.url} was complete: what it made stays; run es setup again to make the rest`,
      ]);
    } finally {
      run.kill();
      es.proxy.intercept(null);
      es.proxy.release();
      await dropIndices(es.client, prefix);
    }
  });
});
