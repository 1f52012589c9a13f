/**
 * Duration percentiles by the product's one rule, nearest rank (the value of rank ⌈q·n⌉),
 * from the built CLI on the example month: from the files (the sketch: never below that
 * value, at most 1% above) and, after `ship`, through `--source elasticsearch` on a real
 * Elasticsearch and OpenSearch, which count durations into the same sketch's buckets and so
 * give the same values to the bit.
 * payments-webhook has 374 invocations, the last 4 of them 30 s timeouts: rank ⌈0.99 × 374⌉
 * = 371 is the first timeout, so its p99 must be one, from every source.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInvocations } from '../../collectors/files/read-invocations.ts';
import { unbillable } from '../../pricing/price-invocation.ts';
import { nearestRank } from '../../pricing/report/percentile-rule.ts';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { uniqueName } from '../services/clients.ts';
import { runCli } from '../support/cli.ts';
import { connectEngine, dropIndices, engineUrl, refresh } from '../support/shipper-es.ts';

const data = join(import.meta.dirname, '..', '..', 'examples', 'data');
const SLOW = { timeoutMs: 300_000 };
const QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;
type Quantiles = Record<keyof typeof QUANTILES, number>;

interface CostJson {
  functions: Array<{
    functionName: string;
    invocations: number;
    durationMs: Quantiles;
    timeouts: { count: number };
    memory: { recommendedMB: number | null; recommendation: string };
  }>;
}

function cost(source: string[]): CostJson {
  const run = runCli(
    ['cost', ...source, '--config', join(data, 'functions.json'), '--month', '2026-10', '--output', 'json'],
    {},
    SLOW,
  );
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CostJson;
}

/** Every billable duration of each function in the examples, ascending: what the report describes. */
async function exampleDurations(): Promise<Map<string, number[]>> {
  const by = new Map<string, number[]>();
  for await (const inv of readInvocations([join(data, 'logs')], { maxLinesPerInvocation: 0 })) {
    if (inv.durationMs === null || unbillable(inv) !== null) continue;
    const name = inv.functionName ?? '';
    by.set(name, [...(by.get(name) ?? []), inv.durationMs]);
  }
  for (const values of by.values()) values.sort((a, b) => a - b);
  return by;
}

/** Each quantile never below the exact nearest-rank value and at most `accuracy` above it. */
function expectNearestRank(report: CostJson, durations: Map<string, number[]>, accuracy: number): void {
  expect(report.functions.map((f) => f.functionName).sort()).toEqual([...durations.keys()].sort());
  for (const f of report.functions) {
    const sorted = durations.get(f.functionName) as number[];
    expect(f.invocations, f.functionName).toBe(sorted.length);
    for (const [key, q] of Object.entries(QUANTILES) as Array<[keyof Quantiles, number]>) {
      const exact = sorted[nearestRank(q, sorted.length) - 1] as number;
      const what = `${f.functionName} ${key}: ${f.durationMs[key]} for exact ${exact}`;
      expect(f.durationMs[key], what).toBeGreaterThanOrEqual(exact);
      expect(f.durationMs[key], what).toBeLessThanOrEqual(exact * (1 + accuracy));
    }
  }
}

let durations: Map<string, number[]>;
let fromFiles: CostJson;
beforeAll(async () => {
  durations = await exampleDurations();
  fromFiles = cost([join(data, 'logs')]);
});

describe('p50/p95/p99 from files', () => {
  it("give payments-webhook's timeouts as its p99", () => {
    const sorted = durations.get('payments-webhook') as number[];
    expect(sorted.length).toBe(374);
    expect(sorted.slice(-5)).toEqual([3319.2, 30_003.66, 30_047.24, 30_052.34, 30_054.44]);
    const f = fromFiles.functions.find((x) => x.functionName === 'payments-webhook');
    expect(f?.timeouts.count).toBe(4);
    // Ranks 187 (515.24 ms), 356 (888.01 ms) and 371 (30,003.66 ms): each bucket's upper
    // bound, 1.01^628 and 1.01^683, and for p99 the largest value, below its bucket's bound.
    expect(f?.durationMs).toEqual({ p50: 1.01 ** 628, p95: 1.01 ** 683, p99: 30_054.44 });
    expect(sorted.filter((d) => d <= (f?.durationMs.p99 as number)).length).toBe(374);
    expect(f?.memory.recommendation).toBe('keep (timed out)');
  });

  it('are within 1% above the exact nearest-rank value for every function', () => {
    expectNearestRank(fromFiles, durations, 0.01);
  });
});

const engines: Array<{ name: string; engine: SearchEngine }> = [
  { name: 'Elasticsearch', engine: 'elasticsearch' },
  { name: 'OpenSearch', engine: 'opensearch' },
];

describe.each(engines)(
  'the example month shipped, then cost through --source elasticsearch on a real $name',
  ({ engine }) => {
    const prefix = uniqueName(`ll-pct-${engine.slice(0, 2)}`);
    let client: SearchClient;
    let fromCluster: CostJson;
    beforeAll(async () => {
      client = await connectEngine(engine);
      const url = engineUrl(engine);
      const setup = runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix], {});
      expect(setup.code, setup.stderr).toBe(0);
      const ship = runCli(['ship', join(data, 'logs'), '--to', url, '--index-prefix', prefix], {}, SLOW);
      expect(ship.stderr).toContain('15395 written, 0 already present, 0 dead-lettered');
      expect(ship.code).toBe(0);
      // What was written is searchable once refreshed; the cost must see all of it.
      await refresh(client, `${prefix}-invocations*`);
      fromCluster = cost([
        '--source',
        'elasticsearch',
        '--es-url',
        url,
        '--es-index',
        `${prefix}-invocations*`,
      ]);
    }, 600_000);
    afterAll(async () => {
      await dropIndices(client, prefix);
      await client.close();
    });

    it("give payments-webhook's timeouts as its p99, as the files do", () => {
      const f = fromCluster.functions.find((x) => x.functionName === 'payments-webhook');
      expect(f?.durationMs).toEqual({ p50: 1.01 ** 628, p95: 1.01 ** 683, p99: 30_054.44 });
    });

    it('give every function the quantiles the files give, to the bit', () => {
      const quantiles = (r: CostJson) => r.functions.map((f) => [f.functionName, f.durationMs]).sort();
      expect(quantiles(fromCluster)).toEqual(quantiles(fromFiles));
      expectNearestRank(fromCluster, durations, 0.01);
    });

    it('give the memory advice the files give', () => {
      const advice = (r: CostJson) =>
        r.functions.map((f) => [f.functionName, f.memory.recommendation]).sort();
      expect(advice(fromCluster)).toEqual(advice(fromFiles));
    });

    it('a month the index does not hold names the days it does, as the files do; an index prefix with no index is named', () => {
      const url = engineUrl(engine);
      const september = ['--config', join(data, 'functions.json'), '--month', '2026-09'];
      const empty = runCli(
        ['cost', '--source', 'elasticsearch', '--es-url', url, '--index-prefix', prefix, ...september],
        {},
      );
      const files = runCli(['cost', join(data, 'logs'), ...september], {});
      const said =
        'lambdalens: no invocations in 2026-09: the data covers 2026-10-01..2026-10-27 (month 2026-10)\nhint: try --month 2026-10\n';
      expect([empty.code, empty.stderr]).toEqual([1, said]);
      expect([files.code, files.stderr]).toEqual([1, said]);
      const typo = runCli(
        [
          'cost',
          '--source',
          'elasticsearch',
          '--es-url',
          url,
          '--index-prefix',
          `${prefix}-typo`,
          ...september,
        ],
        {},
      );
      expect(typo.code).toBe(1);
      expect(typo.stderr).toBe(
        `lambdalens: no invocation documents in "${prefix}-typo-invocations*"\n` +
          'hint: `lambdalens ship` writes them to <prefix>-invocations-*: check --index-prefix (or --es-index) and --function\n',
      );
    });
  },
);
