/**
 * The forms engineers paste and export, through every command that reads input, from a
 * file and from stdin: `logs`, `tail` (piped, so NDJSON), `cost`, and `ship` (to the real
 * Elasticsearch). The samples are real ones (test/fixtures/log-shapes).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import { esUrl, uniqueName } from '../services/clients.ts';
import { connectEngine, count, dropIndices } from '../support/shipper-es.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const shapes = join(root, 'test', 'fixtures', 'log-shapes');

function lambdalens(args: string[], stdin?: string) {
  const run = spawnSync(process.execPath, [join(root, 'bin', 'lambdalens.mjs'), ...args], {
    encoding: 'utf8',
    input: stdin,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true' },
    maxBuffer: 64 << 20,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const ids = (ndjson: string) =>
  ndjson
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { requestId: string }).requestId)
    .sort();

// [sample, request IDs it holds]
const SAMPLES: [string, string[]][] = [
  [
    'insights-console-markdown-lambda.md',
    ['612ad94f-733f-4acf-a8b6-53e0eec679e6', '91c92f73-37ae-4b1d-8b83-77f557113654'],
  ],
  [
    'log-events-download.csv',
    [
      '6bd78cec-aa99-5456-87ca-d057bbf417dd',
      'b4abbde5-c77b-5490-8f92-e15ed6d64060',
      'dae59f59-e955-53d7-94e6-c3e2f855105c',
    ],
  ],
  ['start-query-then-get-query-results.json', ['f612fbaf-65ce-4fd2-8d1b-6718fcb0b269']],
  ['firehose-transformation-event.json', ['d4937a71-f6f5-4846-9664-ada9022ddded']],
  [
    'console-copy-iso-offset-tab.log',
    ['6968b141-7b46-5c64-a8fd-ed4c5d54d369', 'd3e0779a-5302-5e81-ab07-2b9776a557ad'],
  ],
];

describe('every command reads the pasted and exported forms', () => {
  for (const [sample, requests] of SAMPLES) {
    it(`${sample}: logs and tail, from the file and from stdin`, () => {
      const path = join(shapes, sample);
      const fromFile = lambdalens(['logs', path, '-o', 'ndjson']);
      expect(fromFile.code).toBe(0);
      expect(ids(fromFile.stdout)).toEqual(requests);
      const fromStdin = lambdalens(
        ['logs', '-', '-o', 'ndjson', '--function-name', 'pasted'],
        readFileSync(path, 'utf8'),
      );
      expect(fromStdin.code).toBe(0);
      expect(ids(fromStdin.stdout)).toEqual(requests);
      const tail = lambdalens(['tail', path, '-o', 'ndjson']);
      expect(tail.code).toBe(0);
      expect(ids(tail.stdout)).toEqual(requests);
      const tailStdin = lambdalens(['tail', '-', '-o', 'ndjson'], readFileSync(path, 'utf8'));
      expect(tailStdin.code).toBe(0);
      expect(ids(tailStdin.stdout)).toEqual(requests);
    });
  }

  it('cost prices a Logs Insights Markdown copy read from stdin', () => {
    const md = readFileSync(join(shapes, 'insights-console-markdown-report-fields.md'), 'utf8');
    const run = lambdalens(['cost', '-', '--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json'], md);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as CostReport;
    expect(report.functions.map((f) => [f.functionName, f.invocations])).toEqual([
      ['ie-staging-claudeInvoker', 2],
    ]);
    // (2895 + 2221) ms × 1 GB × $0.0000166667 + 2 × $0.0000002
    expect(report.totalCostUsd).toBeCloseTo(5.116 * 0.0000166667 + 2 * 0.0000002, 12);
  });

  it('ship sends a Firehose transformation event and a get-query-results export to Elasticsearch', async () => {
    const client = await connectEngine('elasticsearch');
    const prefix = uniqueName('ll-forms');
    try {
      const setup = lambdalens(['es', 'setup', '--es-url', esUrl(), '--index-prefix', prefix]);
      expect(setup.code).toBe(0);
      for (const sample of [
        'firehose-transformation-event.json',
        'start-query-then-get-query-results.json',
      ]) {
        const run = lambdalens(['ship', join(shapes, sample), '--to', esUrl(), '--index-prefix', prefix]);
        expect(run.stderr).toMatch(
          /\d+ written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered/,
        );
        expect(run.code).toBe(0);
      }
      expect(await count(client, `${prefix}-invocations*`)).toBe(2);
      // The Firehose payload's four lines and the Insights export's two.
      expect(await count(client, `${prefix}-logs*`)).toBe(6);
      expect(
        await count(client, `${prefix}-invocations*`, {
          term: { 'faas.execution': 'f612fbaf-65ce-4fd2-8d1b-6718fcb0b269' },
        }),
      ).toBe(1);
    } finally {
      await dropIndices(client, prefix);
      await client.close();
    }
  });
});
