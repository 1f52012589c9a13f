/**
 * The period a cost report covers when no `--month`, `--from` or `--to` is given, as
 * `cost --help` says it: files and `--source elasticsearch` are reported whole, from the
 * first day of their data to the last (here across a month's end), and a report read from
 * AWS covers the current month so far. Real Elasticsearch and moto.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../pricing/report/types.ts';
import type { SearchClient } from '../../shippers/elasticsearch/search-client.ts';
import { endpoint, functionWithInvocation, uniqueName } from '../integration/aws/helpers.ts';
import { runCli } from '../support/cli.ts';
import { connectEngine, dropIndices, engineUrl, refresh } from '../support/shipper-es.ts';

const id = (n: number) => `0d0d0d0d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const report = (n: number, at: string) =>
  `${at}\tREPORT RequestId: ${id(n)}\tDuration: 10.00 ms\tBilled Duration: 11 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-default-period-'));
const file = join(dir, 'span-fn.log');
writeFileSync(
  file,
  `${[report(1, '2026-09-30T23:00:00.000Z'), report(2, '2026-10-01T01:00:00.000Z'), report(3, '2026-10-02T12:00:00.000Z')].join('\n')}\n`,
);
const PRICING = ['--arch', 'x86_64', '--region', 'us-east-1', '--output', 'json'];

function costJson(args: string[], env: NodeJS.ProcessEnv = {}): CostReport {
  const run = runCli(['cost', ...args, ...PRICING], env, { timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as CostReport;
}

/** `YYYY-MM` of epoch ms, UTC. */
const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

describe('cost without a period', () => {
  it('--help says what the period is without --month', () => {
    const help = runCli(['cost', '--help'], {});
    expect(help.code).toBe(0);
    const month = help.stdout
      .split('\nOptions:\n')[1]
      ?.replace(/\n {10,}/g, ' ')
      .split('\n')
      .find((l) => l.startsWith('  --month'))
      ?.replace(/\s+/g, ' ')
      .trim();
    expect(month).toBe(
      '--month <YYYY-MM> calendar month (UTC) (default: none: files and --source elasticsearch are reported whole, from the first day of their data to the last; AWS, the current month so far)',
    );
  });

  it('reports files whole, from the first day of their data to the last, across a month', () => {
    const r = costJson([file]);
    expect(r.period).toEqual({ label: '2026-09-30..2026-10-02', from: '2026-09-30', to: '2026-10-02' });
    expect(r.coverage.invocations).toBe(3);
  });

  describe('from Elasticsearch', () => {
    const prefix = uniqueName('ll-default-period');
    let client: SearchClient;
    beforeAll(async () => {
      client = await connectEngine('elasticsearch');
      const url = engineUrl('elasticsearch');
      const setup = runCli(['es', 'setup', '--es-url', url, '--index-prefix', prefix], {});
      expect(setup.code, setup.stderr).toBe(0);
      const ship = runCli(['ship', file, '--to', url, '--index-prefix', prefix], {});
      expect(ship.code, ship.stderr).toBe(0);
      await refresh(client, `${prefix}-*`);
    }, 300_000);
    afterAll(async () => {
      await dropIndices(client, prefix);
      await client.close();
    });

    it('reports what is stored whole, as the files are', () => {
      const r = costJson([
        '--source',
        'elasticsearch',
        '--es-url',
        engineUrl('elasticsearch'),
        '--index-prefix',
        prefix,
      ]);
      expect(r.period).toEqual({ label: '2026-09-30..2026-10-02', from: '2026-09-30', to: '2026-10-02' });
      expect(r.coverage.invocations).toBe(3);
    });
  });

  it('reads AWS for the current month so far', async () => {
    const fn = uniqueName('period-fn');
    await functionWithInvocation(fn, id(9));
    const before = monthOf(Date.now());
    const r = costJson(['--function', fn, '--source', 'filter-log-events'], {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint(),
    });
    const after = monthOf(Date.now());
    // The month the run began in (a run across a month's end may begin in either).
    expect([before, after]).toContain(r.period.label);
    expect(r.period.from).toBe(`${r.period.label}-01T00:00:00.000Z`);
  });
});
