/**
 * REPORT figures too large for the field that stores them (`Billed Duration: 1e30 ms` in a
 * damaged copy: Elasticsearch and OpenSearch refuse a whole document whose `long` field is
 * past ±2^63), shipped by `ship` to a real Elasticsearch and a real OpenSearch. Every
 * invocation document is stored, none dead-lettered for one absurd number: such a figure
 * is stored null, named with its reading in `unreadable_figures` when it is one Lambda
 * cannot have billed, and `cost --source elasticsearch` refuses those as `cost` over the
 * file does (same total, same messages, counts and examples).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BILLED_DURATION_MS } from '../../collectors/report-values.ts';
import type { CostReport } from '../../pricing/report/types.ts';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { uniqueName } from '../services/clients.ts';
import { runCli } from '../support/cli.ts';
import { connectEngine, dropIndices, engineUrl, refresh, search } from '../support/shipper-es.ts';
import { add, dec, div, mul, str } from '../unit/pricing/decimal.ts';

const id = (n: number) => `0d0d0d0d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const at = (n: number) => `2026-10-05T10:00:${String(n).padStart(2, '0')}.000Z`;
interface Figures {
  duration?: string;
  billed?: string;
  memory?: string;
  maxUsed?: string;
}
const report = (n: number, x: Figures = {}) =>
  `${at(n)}\tREPORT RequestId: ${id(n)}\tDuration: ${x.duration ?? '10.00'} ms\tBilled Duration: ${x.billed ?? '11'} ms\tMemory Size: ${x.memory ?? '128'} MB\tMax Memory Used: ${x.maxUsed ?? '60'} MB\t`;

/** Three billable invocations (one with a Duration, one with a Max Memory Used past any field), three damaged. */
const LINES = [
  report(1),
  report(2, { billed: '1e30' }),
  report(3, { memory: '99999999999999999999999' }),
  report(4, { duration: '1e30' }),
  report(5, { maxUsed: '1e30' }),
  report(6, { billed: '-1e30' }),
];

const damaged = (message: string, n: number) => ({
  functionName: 'checkout',
  reason: 'invalid-report',
  count: 1,
  message: `function "checkout": REPORT ${message}`,
  examples: [`request ${id(n)} at ${at(n)}`],
});
/** Sorted by message within the function and reason, whichever source the report reads. */
const NOT_PRICED = [
  damaged('Billed Duration -1e+30 is negative', 6),
  damaged(
    `Billed Duration 1e+30 is over the ${MAX_BILLED_DURATION_MS.toLocaleString('en')} ms one invocation can be billed (15 minutes and a 10 s init)`,
    2,
  ),
  damaged("Memory Size 1e+23 is outside Lambda's 128–10240 MB", 3),
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
  event: { duration?: number };
  lambdalens: {
    invocation: {
      billed_duration_ms?: number | null;
      memory_size_mb?: number | null;
      max_memory_used_mb?: number | null;
      duration_ms?: number | null;
      unreadable_figures?: string[];
    };
  };
}

describe.each<SearchEngine>(['elasticsearch', 'opensearch'])(
  'REPORT figures past their field on a real %s',
  (engine) => {
    const dir = mkdtempSync(join(tmpdir(), 'lambdalens-unstorable-'));
    const file = join(dir, 'checkout.log');
    writeFileSync(file, `${LINES.join('\n')}\n`);
    const prefix = uniqueName(`ll-unstorable-${engine.slice(0, 2)}`);
    let client: SearchClient;
    let url: string;
    let shipped: { code: number | null; stderr: string };

    beforeAll(async () => {
      client = await connectEngine(engine);
      url = engineUrl(engine);
      const setup = runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix], {});
      expect(setup.code, setup.stderr).toBe(0);
      shipped = runCli(
        ['ship', file, '--to', url, '--index-prefix', prefix, '--function-name', 'checkout'],
        {},
        { timeoutMs: 120_000 },
      );
      await refresh(client, `${prefix}-*`);
    }, 300_000);
    afterAll(async () => {
      await dropIndices(client, `${prefix}-*`);
      await client.close();
    });

    it('stores every invocation document, none dead-lettered', async () => {
      expect(shipped.code, shipped.stderr).toBe(0);
      expect(shipped.stderr).toContain(
        'lambdalens: 12 documents: 12 written, 0 already present, 0 dead-lettered',
      );
      const docs = await search<StoredInvocation>(client, `${prefix}-invocations-*`, {
        size: 100,
        sort: [{ 'faas.execution': 'asc' }],
      });
      const figures = docs.map((d) => {
        const i = d.lambdalens.invocation;
        return [i.billed_duration_ms, i.memory_size_mb, i.max_memory_used_mb, i.unreadable_figures ?? null];
      });
      expect(figures).toEqual([
        [11, 128, 60, null],
        [null, 128, 60, ['Billed Duration: 1e+30']],
        [11, null, 60, ['Memory Size: 1e+23']],
        [11, 128, 60, null],
        // Not a figure Lambda bills by, nor one a file's line is refused for: left out alone.
        [11, 128, null, null],
        [null, 128, 60, ['Billed Duration: -1e+30']],
      ]);
      // A Duration of 1e30 ms is kept in its own (double) field; in nanoseconds it fits no `long`.
      expect(docs[3]?.lambdalens.invocation.duration_ms).toBe(1e30);
      expect(docs[3]?.event.duration).toBeUndefined();
      expect(docs[0]?.event.duration).toBe(10_000_000);
    });

    it('prices and names them as the file path does', () => {
      const files = costJson([file]);
      const es = costJson(['--source', 'elasticsearch', '--es-url', url, '--index-prefix', prefix]);
      // 3 × (11 ms × 128 MB at $0.0000166667 per GB-s + $0.0000002); nothing of the damaged three.
      const one = add(
        mul(div(mul(dec(11), dec(128)), dec(1_024_000)), dec('0.0000166667')),
        dec('0.0000002'),
      );
      expect(files.report.exact.total).toBe(str(mul(dec(3), one)));
      expect(files.report.coverage).toEqual({ invocations: 6, priced: 3, notPriced: 3, partlyPriced: 0 });
      expect(files.report.notPriced).toEqual(NOT_PRICED);
      expect(es.report.exact.total).toBe(files.report.exact.total);
      expect(es.report.coverage).toEqual(files.report.coverage);
      expect(es.report.notPriced).toEqual(NOT_PRICED);
      expect(warnings(es.stderr)).toEqual(warnings(files.stderr));
    });
  },
);
