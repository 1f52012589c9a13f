/**
 * An invocation whose lines carry no time (a copy without a time column) is stored with no
 * `@timestamp`, marked `timestamp_missing`, in `<prefix>-invocations-undated`: never at the
 * time it was shipped, where a cost report read from the cluster counted it in the month of
 * shipping. `ship` says how many it kept so; `cost --source elasticsearch` sums them into no
 * month and says how many there are and where. On Elasticsearch and OpenSearch alike.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliAsync as runCli } from '../support/cli.ts';
import { engineUrl, search, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-undated-invocations-'));
const TIMELESS = 'bbbbbbbb-1111-2222-3333-444444444444';
const TIMED = 'aaaaaaaa-1111-2222-3333-444444444444';
const report = (rid: string, ms: string) =>
  `REPORT RequestId: ${rid}\tDuration: ${ms} ms\tBilled Duration: ${Math.ceil(Number(ms))} ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`;
// The timeless invocation first: no timed line comes before its lines in the stream.
const COPY = [
  `START RequestId: ${TIMELESS} Version: $LATEST`,
  `END RequestId: ${TIMELESS}`,
  report(TIMELESS, '10.00'),
  `2026-03-02T12:00:00.000Z START RequestId: ${TIMED} Version: $LATEST`,
  `2026-03-02T12:00:00.150Z END RequestId: ${TIMED}`,
  `2026-03-02T12:00:00.150Z ${report(TIMED, '48.10')}`,
].join('\n');

interface InvocationDoc {
  '@timestamp'?: string;
  faas: { execution: string };
  lambdalens: { timestamp_missing?: boolean };
}

/** This month, as `cost --month` takes it: where the ship time used to put the timeless invocation. */
const thisMonth = new Date().toISOString().slice(0, 7);

describe.each(['elasticsearch', 'opensearch'] as const)('invocations without a time on %s', (engine) => {
  const es = useShipperEs(engine);

  it('are stored undated with no @timestamp, said by ship, and in no month of the cost report', async () => {
    const prefix = await es.fresh('undated-inv');
    const url = engineUrl(engine);
    const input = join(dir, `${prefix}.log`);
    writeFileSync(input, `${COPY}\n`);
    const ship = await runCli(
      ['ship', input, '--to', url, '--index-prefix', prefix, '--function-name', 'f'],
      {},
      { timeoutMs: 120_000 },
    );
    expect(ship.code, ship.stderr).toBe(0);
    expect(ship.stderr).toContain('lambdalens: 8 documents: 8 written');
    expect(ship.stderr).toContain(
      `lambdalens: 1 invocation(s) whose lines carry no time are kept in ${prefix}-invocations-undated, marked lambdalens.timestamp_missing, with no @timestamp: a cost report counts them in no month\n`,
    );

    const undated = await search<InvocationDoc>(es.client, `${prefix}-invocations-undated`);
    expect(
      undated.map((d) => [d.faas.execution, d['@timestamp'] ?? null, d.lambdalens.timestamp_missing]),
    ).toEqual([[TIMELESS, null, true]]);
    const dated = await search<InvocationDoc>(es.client, `${prefix}-invocations-2026.03.02`);
    expect(
      dated.map((d) => [d.faas.execution, d['@timestamp'], d.lambdalens.timestamp_missing ?? false]),
    ).toEqual([[TIMED, '2026-03-02T12:00:00.000Z', false]]);

    const priced = ['--region', 'us-east-1', '--arch', 'x86_64'];
    const cost = (month: string) =>
      runCli(
        [
          'cost',
          '--source',
          'elasticsearch',
          '--es-url',
          url,
          '--index-prefix',
          prefix,
          ...priced,
          '--month',
          month,
        ],
        {},
        { timeoutMs: 120_000 },
      );
    const note = `lambdalens: note: 1 invocation(s) without a time are stored in ${prefix}-invocations-undated and are in no month's report\n`;
    const march = await cost('2026-03');
    expect(march.code, march.stderr).toBe(0);
    expect(march.stderr).toBe(note);
    const asJson = await runCli(
      [
        'cost',
        '--source',
        'elasticsearch',
        '--es-url',
        url,
        '--index-prefix',
        prefix,
        ...priced,
        '--month',
        '2026-03',
        '--output',
        'json',
      ],
      {},
      { timeoutMs: 120_000 },
    );
    const parsed = JSON.parse(asJson.stdout) as {
      coverage: { invocations: number };
      records: { undated: number };
    };
    expect([parsed.coverage.invocations, parsed.records.undated]).toEqual([1, 1]);

    // The month it was shipped in holds none of it.
    const now = await cost(thisMonth);
    expect(now.code).toBe(1);
    expect(now.stderr).toBe(
      `${note}lambdalens: no invocations in ${thisMonth}: the data covers 2026-03-02..2026-03-02 (month 2026-03)\nhint: try --month 2026-03\n`,
    );
  }, 300_000);
});
