/**
 * How `ship` ends when what it shipped is not what it is for, against the real Elasticsearch:
 * lines of no Lambda function are log lines and shipped (exit 0), said as `logs` says it when
 * it fails on them; a run whose every document the cluster refused stored nothing (exit 1);
 * a line too long for one document is stored cut to fit, marked, not dead-lettered whole.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { amountMappedAsNumber, count, search, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-ship-nothing-lambda-'));
const NOT_LAMBDA = "no Lambda invocations in {input}: 300 lines read, none from a Lambda function's log";
const FORMATS =
  'hint: lambdalens reads Lambda logs: console or `sam logs` text, `aws logs filter-log-events` JSON, CloudWatch subscription payloads, NDJSON\n';

describe('ship of what is not a Lambda log (real CLI, real Elasticsearch)', { timeout: 180_000 }, () => {
  const es = useShipperEs();

  it('ships lines of no Lambda function as log lines and says so; logs fails on them', async () => {
    const input = join(dir, 'numbers.txt');
    writeFileSync(input, Array.from({ length: 300 }, (_, i) => `${i + 1}\n`).join(''));
    const said = NOT_LAMBDA.replace('{input}', input);
    const shipped = await runCli(['ship', input, '--to', join(dir, 'numbers.ndjson')], {});
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(shipped.stderr).toContain('lambdalens: 300 documents: 300 written,');
    expect(shipped.stderr).toContain(
      `lambdalens: warning: ${said}; shipped as plain log lines, with no invocation documents\n${FORMATS}`,
    );
    const logs = await runCli(['logs', input], {});
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain(`lambdalens: ${said}\n${FORMATS}`);
    // One Lambda invocation among them: nothing to say.
    const lambda = join(dir, 'orders-api.log');
    const id = '11111111-1111-4111-8111-111111111111';
    writeFileSync(
      lambda,
      `START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\n` +
        `REPORT RequestId: ${id}\tDuration: 8.50 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`,
    );
    const both = await runCli(
      ['ship', input, lambda, '--to', join(dir, 'both.ndjson'), '--workers', '1'],
      {},
    );
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).not.toContain('no Lambda invocations');
    // Read by two threads, the second's documents copied out unread: counted all the same.
    const more = join(dir, 'more-numbers.txt');
    writeFileSync(more, Array.from({ length: 300 }, (_, i) => `${i + 301}\n`).join(''));
    const split = await runCli(
      ['ship', input, more, '--to', join(dir, 'split.ndjson'), '--workers', '2'],
      {},
    );
    expect(split.code, split.stderr).toBe(0);
    expect(split.stderr).toContain(
      `lambdalens: warning: no Lambda invocations in ${input}, ${more}: 600 lines read, none from a Lambda function's log;`,
    );
    // And their lines without a time, which were said only when one thread built them all.
    expect(split.stderr).toContain('lambdalens: 600 log line(s) with no time of their own nor before them');
  });

  it('fails on input that holds no log event at all, as logs does', async () => {
    // Blank lines only (a stray export, a file of newlines): nothing to ship is no success.
    const blank = join(dir, 'blank.log');
    writeFileSync(blank, '\n\n\r\n   \n');
    const out = join(dir, 'blank.ndjson');
    const shipped = await runCli(['ship', blank, '--to', out], {});
    expect(shipped.code, shipped.stderr).toBe(1);
    expect(shipped.stderr).toContain(`lambdalens: no log events in ${blank}\n`);
    expect(shipped.stderr).toContain('lambdalens: 0 documents: 0 written,');
    const logs = await runCli(['logs', blank], {});
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain(`lambdalens: no log events in ${blank}\n`);
  });

  it('exits 1 when the cluster refused every document, and 0 when it stored some beside', async () => {
    const prefix = await es.fresh('ship-all-refused');
    const dropTemplate = await amountMappedAsNumber(es.client, prefix);
    try {
      const refused = join(dir, 'amounts.log');
      writeFileSync(refused, '{"amount":"lots"}\n{"amount":"many"}\n');
      const ship = (input: string) => runCli(['ship', input, '--to', esUrl(), '--index-prefix', prefix], {});
      const all = await ship(refused);
      expect(all.code, all.stderr).toBe(1);
      expect(all.stderr).toContain(
        'lambdalens: 2 documents: 0 written, 0 already present, 2 dead-lettered, 0 re-sent, 0 not delivered\n',
      );
      expect(all.stderr).toContain(
        `lambdalens: the cluster refused all 2 document(s), which were dead-lettered: nothing was stored\nhint: the reason for each is in the ${prefix}-dead-letter index\n`,
      );
      expect(await count(es.client, `${prefix}-dead-letter`)).toBe(2);
      const some = join(dir, 'some-amounts.log');
      writeFileSync(some, '{"amount":"lots"}\n{"amount":12}\n');
      const part = await ship(some);
      expect(part.code, part.stderr).toBe(0);
      expect(part.stderr).toContain(
        'lambdalens: 2 documents: 1 written, 0 already present, 1 dead-lettered,',
      );
    } finally {
      await dropTemplate();
    }
  });

  it('stores a line too long for one document cut to fit, marked, its size and ID the whole line’s', async () => {
    const prefix = await es.fresh('ship-long-line');
    const id = '22222222-2222-4222-8222-222222222222';
    const input = join(dir, 'long-fn.log');
    // 12 MiB: under the reader's 16 MiB line bound, over the 10 MiB limit for one document.
    const long = `2026-10-01T10:00:00.100Z\t${id}\tINFO\t${'x'.repeat(12 * 1024 * 1024)}`;
    writeFileSync(
      input,
      `START RequestId: ${id} Version: $LATEST\n${long}\nEND RequestId: ${id}\n` +
        `REPORT RequestId: ${id}\tDuration: 8.50 ms\tBilled Duration: 9 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\t\n`,
    );
    const run = await runCli(['ship', input, '--to', esUrl(), '--index-prefix', prefix], {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('lambdalens: 5 documents: 5 written, 0 already present, 0 dead-lettered,');
    const [stored] = await search<{ message: string; lambdalens: Record<string, unknown> }>(
      es.client,
      `${prefix}-logs-*`,
      { query: { term: { 'lambdalens.message_truncated': true } } },
    );
    expect(stored?.lambdalens.message_bytes).toBe(Buffer.byteLength(long));
    expect(long.startsWith(stored?.message ?? '-')).toBe(true);
    expect(stored?.message.length).toBeGreaterThan(10 * 1024 * 1024 - 2048);
    expect(await count(es.client, `${prefix}-dead-letter`)).toBe(0);
  });
});
