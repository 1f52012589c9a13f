/**
 * REPORT lines whose figures are written but unreadable (`Billed Duration: NaN ms`,
 * `Duration: Infinity ms`, `Max Memory Used: abc MB`), shipped by `ship` to a real
 * Elasticsearch and a real OpenSearch: `cost --source elasticsearch` refuses them as `cost`
 * over the file does (same total, same not-priced messages, counts and examples, same
 * durations), though JSON stores such a figure as null, as if it were not written. On a
 * fresh prefix, and on an invocation index an older `es setup` made without the field that
 * names them, which `es setup` maps.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BILLED_DURATION_MS } from '../../collectors/report-values.ts';
import type { CostReport } from '../../pricing/report/types.ts';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { invocationMappings } from '../../shippers/elasticsearch/templates.ts';
import { uniqueName } from '../services/clients.ts';
import { runCli } from '../support/cli.ts';
import { connectEngine, dropIndices, engineUrl, refresh, search } from '../support/shipper-es.ts';
import { add, dec, div, mul, str } from '../unit/pricing/decimal.ts';

const id = (n: number) => `0c0c0c0c-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (n: number) => `2026-10-05T10:00:${String(n).padStart(2, '0')}.000Z`;
interface Figures {
  duration?: string;
  billed?: string;
  memory?: string;
  maxUsed?: string;
  more?: string;
}
const report = (n: number, x: Figures = {}) =>
  `${at(n)}\tREPORT RequestId: ${id(n)}\tDuration: ${x.duration ?? '10.00'} ms\tBilled Duration: ${x.billed ?? '11'} ms\tMemory Size: ${x.memory ?? '128'} MB\tMax Memory Used: ${x.maxUsed ?? '60'} MB\t${x.more ?? ''}`;

const OVER_BILLED = MAX_BILLED_DURATION_MS + 1;
/**
 * Two billable invocations and ten damaged ones. Where a line has two damaged figures,
 * the first `reportValueProblem` checks names it, readable or not.
 */
const LINES = [
  report(1),
  // Out of bound before unreadable: the billed ms names it.
  report(2, { billed: String(OVER_BILLED), duration: 'NaN' }),
  // Unreadable before out of bound (Memory Size 64), and a second unreadable figure after it.
  report(3, { billed: 'NaN', memory: '64', maxUsed: 'NaN' }),
  report(4, { billed: 'NaN' }),
  report(5, { memory: '-Infinity' }),
  report(6, { duration: '-1.00', maxUsed: 'NaN' }),
  report(7, { duration: 'abc', maxUsed: '-1' }),
  report(8, { duration: 'Infinity' }),
  report(9, { maxUsed: 'abc' }),
  report(10, { more: 'Init Duration: 1e999 ms\t' }),
  report(11, { more: 'Restore Duration: NaN ms\tBilled Restore Duration: 3 ms\t' }),
  report(12, { duration: '20.00', billed: '21' }),
];

const fn = (message: string) => `function "checkout": REPORT ${message}`;
const damaged = (count: number, message: string, ...examples: number[]) => ({
  functionName: 'checkout',
  reason: 'invalid-report',
  count,
  message: fn(message),
  examples: examples.map((n) => `request ${id(n)} at ${at(n)}`),
});
/** Sorted by message within the function and reason, whichever source the report reads. */
const NOT_PRICED = [
  damaged(
    1,
    `Billed Duration ${OVER_BILLED} is over the ${MAX_BILLED_DURATION_MS.toLocaleString('en')} ms one invocation can be billed (15 minutes and a 10 s init)`,
    2,
  ),
  damaged(2, 'Billed Duration NaN is not a number', 3, 4),
  damaged(1, 'Duration -1 is negative', 6),
  damaged(1, 'Duration Infinity is not a finite number', 8),
  damaged(1, 'Duration NaN is not a number', 7),
  damaged(1, 'Init Duration Infinity is not a finite number', 10),
  damaged(1, 'Max Memory Used NaN is not a number', 9),
  damaged(1, 'Memory Size -Infinity is not a finite number', 5),
  damaged(1, 'Restore Duration NaN is not a number', 11),
];

const PRICING = ['--arch', 'x86_64', '--region', 'us-east-1'];
const costJson = (args: string[]) => {
  const run = runCli(['cost', ...args, ...PRICING, '--output', 'json'], {}, { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  return { report: JSON.parse(run.stdout) as CostReport, stderr: run.stderr };
};
const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('lambdalens: warning: '));

interface StoredInvocation {
  faas: { execution: string };
  lambdalens: {
    invocation: {
      billed_duration_ms?: number | null;
      duration_ms?: number | null;
      unreadable_figures?: string[];
    };
  };
}

describe.each<SearchEngine>(['elasticsearch', 'opensearch'])(
  'unreadable REPORT figures on a real %s',
  (engine) => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-unreadable-'));
    const file = join(dir, 'checkout.log');
    writeFileSync(file, `${LINES.join('\n')}\n`);
    const fresh = uniqueName(`ll-unreadable-${engine.slice(0, 2)}`);
    const legacy = uniqueName(`ll-unreadable-old-${engine.slice(0, 2)}`);
    let client: SearchClient;
    let url: string;

    const ship = async (prefix: string) => {
      const setup = runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix], {});
      expect(setup.code, setup.stderr).toBe(0);
      const run = runCli(
        ['ship', file, '--to', url, '--index-prefix', prefix, '--function-name', 'checkout'],
        {},
        { timeoutMs: 120_000 },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        'lambdalens: 24 documents: 24 written, 0 already present, 0 dead-lettered',
      );
      await refresh(client, `${prefix}-*`);
    };
    const fromCluster = (prefix: string) => [
      '--source',
      'elasticsearch',
      '--es-url',
      url,
      '--index-prefix',
      prefix,
    ];

    beforeAll(async () => {
      client = await connectEngine(engine);
      url = engineUrl(engine);
      await ship(fresh);
      // The day's invocation index as an older `es setup` made it: without unreadable_figures.
      const older = invocationMappings();
      const lambdalens = older.properties.lambdalens as {
        properties: { invocation: { properties: object } };
      };
      delete (lambdalens.properties.invocation.properties as Record<string, unknown>).unreadable_figures;
      await client.request({
        method: 'PUT',
        path: `/${legacy}-invocations-2026.10.05`,
        body: { mappings: older },
      });
      await ship(legacy);
    }, 300_000);
    afterAll(async () => {
      await dropIndices(client, fresh);
      await dropIndices(client, legacy);
      await client.close();
    });

    it('stores each unreadable figure by name and reading, its own field null', async () => {
      const docs = await search<StoredInvocation>(client, `${fresh}-invocations-*`, {
        size: 100,
        query: { exists: { field: 'lambdalens.invocation.unreadable_figures' } },
        sort: [{ 'faas.execution': 'asc' }],
      });
      expect(docs.map((d) => [d.faas.execution, d.lambdalens.invocation.unreadable_figures])).toEqual([
        [id(2), ['Duration: NaN']],
        [id(3), ['Billed Duration: NaN', 'Max Memory Used: NaN']],
        [id(4), ['Billed Duration: NaN']],
        [id(5), ['Memory Size: -Infinity']],
        [id(6), ['Max Memory Used: NaN']],
        [id(7), ['Duration: NaN']],
        [id(8), ['Duration: Infinity']],
        [id(9), ['Max Memory Used: NaN']],
        [id(10), ['Init Duration: Infinity']],
        [id(11), ['Restore Duration: NaN']],
      ]);
      expect(docs[2]?.lambdalens.invocation.billed_duration_ms).toBeNull();
      expect(docs[6]?.lambdalens.invocation.duration_ms).toBeNull();
    });

    it.each([
      ['a fresh prefix', () => fresh],
      ['an invocation index an older setup made', () => legacy],
    ])('prices and names them from %s as the file path does', (_, prefix) => {
      const files = costJson([file]);
      const es = costJson(fromCluster(prefix()));

      // (11 + 21) ms × 128 MB at $0.0000166667 per GB-s + 2 × $0.0000002; nothing of the ten damaged.
      const expected = add(
        mul(div(mul(dec(32), dec(128)), dec(1_024_000)), dec('0.0000166667')),
        mul(dec(2), dec('0.0000002')),
      );
      expect(files.report.exact.total).toBe(str(expected));
      expect(files.report.coverage).toEqual({ invocations: 12, priced: 2, notPriced: 10, partlyPriced: 0 });
      expect(files.report.notPriced).toEqual(NOT_PRICED);

      expect(es.report.exact.total).toBe(files.report.exact.total);
      expect(es.report.totalCostUsd).toBe(files.report.totalCostUsd);
      expect(es.report.coverage).toEqual(files.report.coverage);
      expect(es.report.records).toEqual({ seen: 12, outsidePeriod: 0, undated: 0 });
      expect(es.report.notPriced).toEqual(NOT_PRICED);
      // Only the two priced durations, 10 ms and 20 ms, from both.
      expect(es.report.durationHistogram).toEqual(files.report.durationHistogram);
      expect(es.report.durationHistogram.reduce((n, b) => n + b.count, 0)).toBe(2);
      expect(warnings(es.stderr)).toEqual(warnings(files.stderr));
      expect(warnings(es.stderr)).toHaveLength(9);
    });

    it('has es setup map unreadable_figures on an invocation index an older setup made', async () => {
      const index = `${legacy}-invocations-2026.10.05`;
      type Properties = { properties: Record<string, unknown> };
      const res = await client.request<
        Record<
          string,
          { mappings: { properties: { lambdalens: { properties: { invocation: Properties } } } } }
        >
      >({ method: 'GET', path: `/${index}/_mapping` });
      const invocation = res.body[index]?.mappings.properties.lambdalens.properties.invocation.properties;
      expect(invocation?.unreadable_figures).toEqual({ type: 'keyword', ignore_above: 1024 });
      // What was mapped before is as it was.
      expect(invocation?.billed_duration_ms).toEqual({ type: 'long' });
    });
  },
);
