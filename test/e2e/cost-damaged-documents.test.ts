/**
 * Invocation documents with figures Lambda cannot have billed, on a real Elasticsearch and
 * a real OpenSearch: `cost --source elasticsearch` leaves them out of the total and names
 * them as `cost` on a file names the same REPORT lines (same count, message and examples),
 * and a report of damaged documents alone fails (exit 1) as one of damaged lines does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInvocations } from '../../collectors/files/read-invocations.ts';
import { MAX_BILLED_DURATION_MS, MAX_MEMORY_MB } from '../../collectors/report-values.ts';
import type { CostReport } from '../../pricing/report/types.ts';
import type { SearchEngine } from '../../shippers/dev-cluster/distributions.ts';
import { buildInvocationDocument } from '../../shippers/documents.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { invocationMappings } from '../../shippers/elasticsearch/templates.ts';
import { uniqueName } from '../services/clients.ts';
import { runCli } from '../support/cli.ts';
import { connectEngine, engineUrl, refresh } from '../support/shipper-es.ts';
import { add, dec, div, mul, str } from '../unit/pricing/decimal.ts';

const id = (n: number) => `0a0a0a0a-0000-4000-8000-${String(n).padStart(12, '0')}`;
const report = (n: number, duration: string, billed: number | string, memory: number) =>
  `2026-10-05T10:00:0${n}.000Z\tREPORT RequestId: ${id(n)}\tDuration: ${duration} ms\tBilled Duration: ${billed} ms\tMemory Size: ${memory} MB\tMax Memory Used: 60 MB\t`;

const OVER_BILLED = MAX_BILLED_DURATION_MS + 1;
const OVER_MEMORY = MAX_MEMORY_MB + 1;
/** Three billable invocations, four damaged ones (the fifth is damaged twice: its billed ms names it). */
const MIXED = [
  report(1, '10.00', 11, 128),
  report(2, '10.00', OVER_BILLED, 128),
  report(3, '10.00', 11, OVER_MEMORY),
  report(4, '-1.00', 11, 128),
  report(5, '10.00', OVER_BILLED, 64),
  report(6, '10.00', 11, 128),
  // -0 is not negative: priced from the file, and from a document holding -0.0 (Lucene
  // orders -0.0 below 0.0, so a plain `lt 0` would call it damaged).
  report(7, '-0.00', 11, 128),
];
const DAMAGED_ONLY = [report(2, '10.00', OVER_BILLED, 128), report(4, '-1.00', 11, 128)];

const overBilled = `function "checkout": REPORT Billed Duration ${OVER_BILLED} is over the ${MAX_BILLED_DURATION_MS.toLocaleString('en')} ms one invocation can be billed (15 minutes and a 10 s init)`;
const example = (n: number) => `request ${id(n)} at 2026-10-05T10:00:0${n}.000Z`;

/** A folder with `checkout.log` (the function is named after the file) holding these lines. */
function logFile(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lambdalens-damaged-docs-'));
  const file = join(dir, 'checkout.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Indexes the file's invocations as the shipper builds them, under the shipper's mapping. */
async function indexInvocations(client: SearchClient, index: string, file: string): Promise<void> {
  await client.request({ method: 'PUT', path: `/${index}`, body: { mappings: invocationMappings() } });
  const lines: string[] = [];
  for await (const inv of readInvocations([file], { maxLinesPerInvocation: 0 })) {
    const doc = buildInvocationDocument(inv, { region: null, functionName: 'checkout' }, Date.now(), null);
    let source = JSON.stringify(doc.source);
    // JSON.stringify writes -0 as 0: store the -0.0 another writer could have.
    if (inv.durationMs !== null && Object.is(inv.durationMs, -0)) {
      source = source.replace('"duration_ms":0,', '"duration_ms":-0.0,');
      expect(source).toContain('"duration_ms":-0.0,');
    }
    lines.push(JSON.stringify({ create: { _index: index, _id: doc.id } }), source);
  }
  const bulk = await client.request<{ errors: boolean }>({
    method: 'POST',
    path: '/_bulk',
    bulkBody: `${lines.join('\n')}\n`,
  });
  expect(bulk.body.errors).toBe(false);
  await refresh(client, index);
}

const PRICING = ['--arch', 'x86_64', '--region', 'us-east-1'];

function cost(args: string[]) {
  return runCli(['cost', ...args, ...PRICING], {});
}

describe.each<SearchEngine>(['elasticsearch', 'opensearch'])('damaged documents on a real %s', (engine) => {
  let client: SearchClient;
  const mixedIndex = uniqueName('ll-damaged-mixed');
  const onlyIndex = uniqueName('ll-damaged-only');
  const mixedFile = logFile(MIXED);
  const onlyFile = logFile(DAMAGED_ONLY);
  const fromIndex = (index: string) => [
    '--source',
    'elasticsearch',
    '--es-url',
    engineUrl(engine),
    '--es-index',
    index,
  ];

  beforeAll(async () => {
    client = await connectEngine(engine);
    await indexInvocations(client, mixedIndex, mixedFile);
    await indexInvocations(client, onlyIndex, onlyFile);
  });
  afterAll(async () => {
    await client.request({ method: 'DELETE', path: `/${mixedIndex},${onlyIndex}` }).catch(() => {});
    await client.close();
  });

  it('prices only the billable documents and names the damaged ones as the file path does', () => {
    const es = cost([...fromIndex(mixedIndex), '--output', 'json']);
    const files = cost([mixedFile, '--output', 'json']);
    expect(es.code, es.stderr).toBe(0);
    expect(files.code, files.stderr).toBe(0);
    const fromEs = JSON.parse(es.stdout) as CostReport;
    const fromFile = JSON.parse(files.stdout) as CostReport;

    // 3 × (11 ms × 128 MB at $0.0000166667 per GB-s + $0.0000002); nothing of the damaged four.
    const one = add(mul(div(mul(dec(11), dec(128)), dec(1_024_000)), dec('0.0000166667')), dec('0.0000002'));
    expect(fromEs.exact.total).toBe(str(mul(dec(3), one)));
    expect(fromEs.coverage).toEqual({ invocations: 7, priced: 3, notPriced: 4, partlyPriced: 0 });
    expect(fromEs.records).toEqual({ seen: 7, outsidePeriod: 0, undated: 0 });
    expect(fromEs.notPriced).toEqual([
      {
        functionName: 'checkout',
        reason: 'invalid-report',
        count: 2,
        message: overBilled,
        examples: [example(2), example(5)],
      },
      {
        functionName: 'checkout',
        reason: 'invalid-report',
        count: 1,
        message: 'function "checkout": REPORT Duration -1 is negative',
        examples: [example(4)],
      },
      {
        functionName: 'checkout',
        reason: 'invalid-report',
        count: 1,
        message: `function "checkout": REPORT Memory Size ${OVER_MEMORY} is outside Lambda's 128–10240 MB`,
        examples: [example(3)],
      },
    ]);

    // The same REPORT lines read from a file: the same total, the same damaged lines.
    expect(fromFile.exact.total).toBe(fromEs.exact.total);
    expect(fromFile.totalCostUsd).toBe(fromEs.totalCostUsd);
    expect(fromFile.coverage).toEqual(fromEs.coverage);
    expect(fromFile.notPriced).toEqual(fromEs.notPriced);
    const warnings = (stderr: string) =>
      stderr.split('\n').filter((l) => l.startsWith('lambdalens: warning: '));
    expect(warnings(es.stderr)).toEqual(warnings(files.stderr));
    expect(warnings(es.stderr)).toHaveLength(3);
  });

  it('lists the damaged documents in the table with the lines the file path writes', () => {
    const es = cost(fromIndex(mixedIndex));
    const files = cost([mixedFile]);
    expect(es.code, es.stderr).toBe(0);
    // What follows the table up to the file's note that REPORT lines alone cannot measure logs.
    const leftOut = (stdout: string) =>
      stdout.slice(stdout.indexOf('\nnot priced: ')).split('\nleft out of the total: ')[0]?.trimEnd();
    expect(leftOut(es.stdout)).toBe(leftOut(files.stdout));
    expect(es.stdout).toContain('3 of 7 invocations priced (4 not priced: see below)');
  });

  it('fails a report of damaged documents alone, as it fails one of damaged lines', () => {
    const es = cost(fromIndex(onlyIndex));
    const files = cost([onlyFile]);
    expect(files.code).toBe(1);
    expect(es.code).toBe(1);
    const failure =
      'none of the 2 invocation(s) of 2026-10-05..2026-10-05 could be priced (see the report for why)';
    expect(files.stderr).toContain(failure);
    expect(es.stderr).toContain(failure);
    expect(es.stdout).toContain('0 of 2 invocations priced (2 not priced: see below)');
  });
});
