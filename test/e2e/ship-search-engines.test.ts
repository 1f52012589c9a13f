/**
 * The shipping path as a user runs it, with the same flags on both engines: `es setup`, then
 * `ship` of the example month (every line and every invocation once, none dead-lettered), a
 * second `ship` that stores nothing twice, and `cost --source elasticsearch` on what was
 * shipped giving the same report as `cost` on the files, the logs' ingestion included. The engine is found by asking the
 * cluster, never told. OpenSearch runs twice: the run's shared 2.x node and a private node of
 * the 3.x line, started here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import { connectSearch } from '../../shippers/elasticsearch/connect.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { esUrl, openSearchUrl, uniqueName } from '../services/clients.ts';
import { OPENSEARCH_3_VERSION, type RunningService, startSearchNode } from '../services/search-nodes.ts';
import { runCli } from '../support/cli.ts';
import { keepMachineTmpdir } from '../support/machine-tmpdir.ts';
import { count, dropIndices } from '../support/shipper-es.ts';

// The engines are unpacked under the machine's TMPDIR, where the account a node runs as can read them.
keepMachineTmpdir();

const data = join(import.meta.dirname, '..', '..', 'examples', 'data');
const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as {
  totals: { events: number; invocations: number };
};
const LINES = manifest.totals.events;
const INVOCATIONS = manifest.totals.invocations;
const SLOW = { timeoutMs: 300_000 };

interface Target {
  name: string;
  engine: SearchEngine;
  /** What `es setup` must say it found. */
  startedName: RegExp;
  start(): Promise<RunningService>;
}

const shared = (url: () => string) => async (): Promise<RunningService> => ({
  url: url(),
  stop: async () => {},
});
const targets: Target[] = [
  {
    name: 'Elasticsearch',
    engine: 'elasticsearch',
    startedName: /^Elasticsearch 9\.\d+\.\d+ /,
    start: shared(esUrl),
  },
  {
    name: 'OpenSearch 2.x',
    engine: 'opensearch',
    startedName: /^OpenSearch 2\.\d+\.\d+ /,
    start: shared(openSearchUrl),
  },
  {
    name: `OpenSearch ${OPENSEARCH_3_VERSION}`,
    engine: 'opensearch',
    startedName: new RegExp(`^OpenSearch ${OPENSEARCH_3_VERSION.replaceAll('.', '\\.')} `),
    start: () => startSearchNode('opensearch', { version: OPENSEARCH_3_VERSION }),
  },
];

describe.each(targets)('es setup, ship and cost on a real $name', (target) => {
  const prefix = uniqueName(`ll-e2e-${target.engine.slice(0, 2)}`);
  let node: RunningService;
  let client: SearchClient;
  let url: string;
  beforeAll(async () => {
    node = await target.start();
    url = node.url;
    client = await connectSearch({ node: url, engine: target.engine, requestTimeoutMs: 30_000 });
  }, 300_000);
  afterAll(async () => {
    await dropIndices(client, prefix);
    await client.close();
    await node.stop();
  });

  it('stores the example month once, and prices it as the files are priced', () => {
    expect(LINES + INVOCATIONS).toBe(15_395);
    const setup = runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix], {});
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(target.startedName);
    expect(setup.stdout).toContain(`templates ${prefix}-logs, ${prefix}-invocations, ${prefix}-dead-letter`);

    const ship = ['ship', join(data, 'logs'), '--to', url, '--index-prefix', prefix];
    const first = runCli(ship, {}, SLOW);
    expect(first.stderr).toContain(
      `lambdalens: 15395 documents: 15395 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered`,
    );
    expect(first.code).toBe(0);
    const again = runCli(ship, {}, SLOW);
    expect(again.stderr).toContain(
      `lambdalens: 15395 documents: 0 written, 15395 already present, 0 dead-lettered, 0 re-sent, 0 not delivered`,
    );
    expect(again.code).toBe(0);

    const costOf = (args: string[]) => {
      const run = runCli(
        ['cost', ...args, '--config', join(data, 'functions.json'), '--output', 'json'],
        {},
        SLOW,
      );
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as {
        totalCostUsd: number;
        exact: Record<string, string>;
        totals: { lambdaCostUsd: number; xrayCostUsd: number; logsBytes: number; logsCostUsd: number };
        functions: {
          functionName: string;
          lambdaCostUsd: number;
          xray: { costUsd: number | null };
          logs: { bytes: number; costUsd: number | null };
        }[];
      };
    };
    const fromCluster = costOf(['--source', 'elasticsearch', '--es-url', url, '--index-prefix', prefix]);
    const fromFiles = costOf([join(data, 'logs')]);
    // Lambda, X-Ray and the logs' ingestion (the lines' stored sizes) are priced alike from both.
    expect(fromCluster.totalCostUsd).toBeGreaterThan(0);
    expect(fromCluster.totals.logsBytes).toBe(1_646_742);
    expect(fromCluster.totals.logsBytes).toBe(fromFiles.totals.logsBytes);
    expect(fromCluster.totals.logsCostUsd).toBe(fromFiles.totals.logsCostUsd);
    expect(fromCluster.totals.lambdaCostUsd).toBe(fromFiles.totals.lambdaCostUsd);
    expect(fromCluster.totals.xrayCostUsd).toBe(fromFiles.totals.xrayCostUsd);
    expect(fromCluster.exact).toEqual(fromFiles.exact);
    const byFunction = (r: typeof fromFiles) =>
      r.functions
        .map((f) => [f.functionName, f.lambdaCostUsd, f.xray.costUsd, f.logs.bytes, f.logs.costUsd])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byFunction(fromCluster)).toEqual(byFunction(fromFiles));
  }, 900_000);

  it('holds exactly the lines and invocations, and an empty dead-letter index', async () => {
    expect(await count(client, `${prefix}-logs`)).toBe(LINES);
    expect(await count(client, `${prefix}-invocations`)).toBe(INVOCATIONS);
    expect(await count(client, `${prefix}-dead-letter`)).toBe(0);
  });
});
