/**
 * A line with no time in its source (a copy without a time column) is stored at its
 * invocation's time when it belongs to one, and otherwise with no `@timestamp` at all,
 * marked `timestamp_missing`, in the undated index: never at the time it was shipped.
 * Into data streams (which need a `@timestamp`) such a line goes to the undated index too.
 * The run's end counts those the cluster kept: one it refused is said as dead-lettered.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { amountMappedAsNumber, count, search, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-undated-'));
const RID = 'aaaaaaaa-1111-2222-3333-444444444444';
// Times only where a runtime writes them into the message: the platform lines carry none.
const COPY = [
  'Loading model',
  `START RequestId: ${RID} Version: $LATEST`,
  `2026-03-02T12:00:00.105Z\t${RID}\tINFO\thello`,
  `END RequestId: ${RID}`,
  `REPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t`,
].join('\n');

interface LineDoc {
  '@timestamp'?: string;
  message: string;
  lambdalens: { timestamp_missing?: boolean };
}

describe('ship: lines without a time of their own', { timeout: 180_000 }, () => {
  const es = useShipperEs();

  it('take their invocation time, or none, never the time of shipping', async () => {
    const prefix = await es.fresh('undated');
    const input = join(dir, `${prefix}.log`);
    writeFileSync(input, `${COPY}\n`);
    const r = await runCli(
      ['ship', input, '--to', esUrl(), '--index-prefix', prefix, '--function-name', 'f'],
      {},
    );
    expect(r.stderr).toMatch(/^lambdalens: 6 documents: 6 written/m);
    expect(r.stderr).toContain(
      `lambdalens: 2 log line(s) with no time of their own nor before them in their stream are kept in ${prefix}-logs-undated, marked lambdalens.timestamp_missing, at their invocation's time or with no @timestamp\n`,
    );
    expect(r.code).toBe(0);
    const undated = await search<LineDoc>(es.client, `${prefix}-logs-undated`);
    expect(
      undated
        .map((d) => [d.message, d['@timestamp'] ?? null, d.lambdalens.timestamp_missing ?? false])
        .sort(),
    ).toEqual([
      ['Loading model', null, true],
      [`START RequestId: ${RID} Version: $LATEST`, '2026-03-02T12:00:00.105Z', true],
    ]);
    expect(await count(es.client, `${prefix}-logs-*`)).toBe(5);
    expect(
      await count(es.client, `${prefix}-logs-*`, { bool: { must_not: { exists: { field: '@timestamp' } } } }),
    ).toBe(1);
  });

  it('are said as dead-lettered, not as kept, when the cluster refuses them', async () => {
    const prefix = await es.fresh('undated-refused');
    // `amount` mapped as a number: the line that logs it as text is refused for good.
    const removeMapping = await amountMappedAsNumber(es.client, prefix);
    try {
      const input = join(dir, `${prefix}.log`);
      writeFileSync(
        input,
        '{"amount":"lots","msg":"refused"}\n{"amount":2,"msg":"stored"}\nplain, undated\n',
      );
      const r = await runCli(
        ['ship', input, '--to', esUrl(), '--index-prefix', prefix, '--function-name', 'f'],
        {},
      );
      expect(r.stderr).toMatch(/^lambdalens: 3 documents: 2 written, 0 already present, 1 dead-lettered,/m);
      expect(r.stderr).toContain(
        `lambdalens: 2 log line(s) with no time of their own nor before them in their stream are kept in ${prefix}-logs-undated, marked lambdalens.timestamp_missing, at their invocation's time or with no @timestamp\n`,
      );
      expect(r.stderr).toContain(
        `lambdalens: 1 log line(s) with no time of their own nor before them in their stream were refused by the cluster and dead-lettered to the ${prefix}-dead-letter index, not kept in ${prefix}-logs-undated\n`,
      );
      // Some stored beside one refused: a finished run.
      expect(r.code).toBe(0);
      const kept = await search<LineDoc>(es.client, `${prefix}-logs-undated`);
      expect(kept.map((d) => d.message).sort()).toEqual(['plain, undated', '{"amount":2,"msg":"stored"}']);
      expect(await count(es.client, `${prefix}-dead-letter`)).toBe(1);
    } finally {
      await removeMapping();
    }
  });

  it('go to the undated index, not the data stream, with --data-streams', async () => {
    const input = join(dir, 'data-streams.log');
    writeFileSync(input, `${COPY}\n`);
    const out = join(dir, 'data-streams.ndjson');
    const r = await runCli(['ship', input, '--to', out, '--index-prefix', 'p', '--data-streams'], {});
    expect(r.code).toBe(0);
    const placed = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { _index: string; _source: LineDoc })
      .map((d) => [d._index, d._source.message?.slice(0, 13)]);
    expect(placed).toEqual([
      ['p-logs-undated', 'Loading model'],
      ['p-logs-undated', 'START Request'],
      ['p-logs-stream', '2026-03-02T12'],
      ['p-logs-stream', 'END RequestId'],
      ['p-logs-stream', 'REPORT Reques'],
      ['p-invocations-2026.03.02', undefined],
    ]);
  });
});
