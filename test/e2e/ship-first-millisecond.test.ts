/**
 * The first millisecond of each log stream, shipped by the real CLI into Elasticsearch.
 * `filter-log-events` JSON is bounded by time: it holds each stream from its start time, so
 * the first event of every stream (INIT_START, platform.initStart, RESTORE_START) is named by
 * its content, as an `aws logs tail` copy of the same events names it, in either order. A
 * subscription payload is bounded by delivery and may begin between two identical lines of
 * one millisecond: there both lines are kept.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esUrl } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { type CwEvent, EXAMPLE_LOGS, exampleEvents, writeCopies } from '../support/example-copies.ts';
import { count, useShipperEs } from '../support/shipper-es.ts';

/** The example functions kept as `filter-log-events` JSON. */
const FUNCTIONS = ['notifier', 'orders-api', 'payments-webhook'];
const EXPORTS = FUNCTIONS.map((fn) => join(EXAMPLE_LOGS, `${fn}.json`));
/** Their events (the line documents) and invocations, as the example month's manifest counts them. */
const LINES = 2_564 + 4_689 + 2_337;
const INVOCATIONS = 619 + 745 + 374;
const DOCUMENTS = LINES + INVOCATIONS;

/** `aws logs tail` text: event time, stream, message (its newline dropped). */
const tailCopy = (events: CwEvent[]) => {
  const time = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
  return events
    .map((e) => `${time(e.timestamp)} ${e.logStreamName} ${e.message.replace(/\n$/, '')}\n`)
    .join('');
};

describe('ship: the first millisecond of each stream', { timeout: 300_000 }, () => {
  const es = useShipperEs();
  const copies = writeCopies('aws-logs-tail', tailCopy, FUNCTIONS, (fn) => `${fn}.log`);

  const shipper =
    (prefix: string) =>
    async (...inputs: string[]) => {
      const r = await runCli(
        ['ship', ...inputs, '--to', esUrl(), '--index-prefix', prefix, '--arch', 'x86_64'],
        {},
        { timeoutMs: 240_000 },
      );
      expect(r.stderr).not.toContain('error');
      expect(r.code).toBe(0);
      return r.stderr;
    };

  it('the examples: 36 streams, each beginning with a line not named by a request', () => {
    const streams = FUNCTIONS.map((fn) => new Set(exampleEvents(fn).map((e) => e.logStreamName)).size);
    expect(streams).toEqual([12, 14, 10]);
    const lines = FUNCTIONS.map((fn) => exampleEvents(fn).length);
    expect(lines.reduce((a, b) => a + b)).toBe(LINES);
    // Not START, END or REPORT, which are named by content wherever an input begins.
    const firsts = FUNCTIONS.flatMap((fn) => {
      const first = new Map<string, string>();
      for (const e of exampleEvents(fn))
        if (!first.has(e.logStreamName)) first.set(e.logStreamName, e.message);
      return [...first.values()].map(
        (m) => /^(INIT_START|RESTORE_START|\{"time":"[^"]+","type":"platform\.initStart")/.exec(m)?.[1] ?? m,
      );
    });
    expect(firsts.filter((m) => m === 'INIT_START')).toHaveLength(14);
    expect(firsts.filter((m) => m === 'RESTORE_START')).toHaveLength(10);
    expect(firsts.filter((m) => m.startsWith('{"time"'))).toHaveLength(12);
  });

  it('filter-log-events JSON, then an aws logs tail copy of it: nothing written, all already present', async () => {
    const prefix = await es.fresh('first-ms-json-first');
    const ship = shipper(prefix);
    expect(await ship(...EXPORTS)).toMatch(
      new RegExp(`^lambdalens: ${DOCUMENTS} documents: ${DOCUMENTS} written, 0 already present`, 'm'),
    );
    expect(await ship(...copies)).toMatch(
      new RegExp(`^lambdalens: ${DOCUMENTS} documents: 0 written, ${DOCUMENTS} already present`, 'm'),
    );
    expect(await count(es.client, `${prefix}-logs-*`)).toBe(LINES);
    expect(await count(es.client, `${prefix}-invocations-*`)).toBe(INVOCATIONS);
  });

  it('the copy first, then the JSON: the same', async () => {
    const prefix = await es.fresh('first-ms-copy-first');
    const ship = shipper(prefix);
    expect(await ship(...copies)).toMatch(
      new RegExp(`^lambdalens: ${DOCUMENTS} documents: ${DOCUMENTS} written, 0 already present`, 'm'),
    );
    expect(await ship(...EXPORTS)).toMatch(
      new RegExp(`^lambdalens: ${DOCUMENTS} documents: 0 written, ${DOCUMENTS} already present`, 'm'),
    );
    expect(await count(es.client, `${prefix}-logs-*`)).toBe(LINES);
    expect(await count(es.client, `${prefix}-invocations-*`)).toBe(INVOCATIONS);
  });

  it('a delivery beginning with INIT_START, then the export of the same events: nothing written', async () => {
    const prefix = await es.fresh('first-ms-init');
    const ship = shipper(prefix);
    const dir = mkdtempSync(join(tmpdir(), 'll-first-ms-init-'));
    const stream = '2026/03/02/[$LATEST]0a1b2c3d4e5f';
    const rid = '12121212-3434-5656-7878-909090909090';
    const t = Date.UTC(2026, 2, 2, 12, 0, 0, 100);
    const events = [
      {
        timestamp: t,
        message:
          'INIT_START Runtime Version: nodejs:20.v30\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0123456789abcdef\n',
      },
      { timestamp: t + 200, message: `START RequestId: ${rid} Version: $LATEST\n` },
      { timestamp: t + 230, message: `${new Date(t + 230).toISOString()}\t${rid}\tINFO\tcharged\n` },
      { timestamp: t + 250, message: `END RequestId: ${rid}\n` },
      {
        timestamp: t + 250,
        message: `REPORT RequestId: ${rid}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tInit Duration: 180.00 ms\t\n`,
      },
    ].map((e, i) => ({ id: `397${'0'.repeat(52)}${i + 1}`, ...e }));
    const delivery = join(dir, 'delivery.json');
    writeFileSync(
      delivery,
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/first-ms-init',
        logStream: stream,
        subscriptionFilters: ['to-elasticsearch'],
        logEvents: events,
      }),
    );
    const exported = join(dir, 'first-ms-init.json');
    writeFileSync(
      exported,
      JSON.stringify({
        events: events.map((e) => ({
          logStreamName: stream,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.timestamp + 500,
          eventId: e.id,
        })),
        searchedLogStreams: [],
      }),
    );
    expect(await ship(delivery)).toMatch(/^lambdalens: 6 documents: 6 written, 0 already present/m);
    expect(await ship(exported)).toMatch(/^lambdalens: 6 documents: 0 written, 6 already present/m);
    expect(await count(es.client, `${prefix}-logs-*`)).toBe(5);
  });

  it('subscription payloads (raw JSON) split between two identical lines of a stream’s first millisecond keep both', async () => {
    const prefix = await es.fresh('first-ms-payload');
    const ship = shipper(prefix);
    const dir = mkdtempSync(join(tmpdir(), 'll-first-ms-'));
    const stream = '2026/03/02/[$LATEST]5e6f7a8b9c0d';
    const rid = '66666666-7777-8888-9999-000000000000';
    const t = Date.UTC(2026, 2, 2, 12, 0, 0, 100);
    // An extension's line written twice in the stream's first millisecond, before the request.
    const events = [
      { timestamp: t, message: 'extension ready\n' },
      { timestamp: t, message: 'extension ready\n' },
      { timestamp: t + 40, message: `START RequestId: ${rid} Version: $LATEST\n` },
      { timestamp: t + 90, message: `END RequestId: ${rid}\n` },
      {
        timestamp: t + 90,
        message: `REPORT RequestId: ${rid}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`,
      },
    ].map((e, i) => ({ id: `396${'0'.repeat(52)}${i + 1}`, ...e }));
    const payload = (name: string, part: typeof events) => {
      const path = join(dir, name);
      const json = {
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/first-ms',
        logStream: stream,
        subscriptionFilters: ['to-elasticsearch'],
        logEvents: part,
      };
      writeFileSync(path, JSON.stringify(json));
      return path;
    };
    // The second delivery begins between the two lines: it must not count its one as the first.
    expect(await ship(payload('first.json', events.slice(0, 1)))).toMatch(
      /^lambdalens: 1 documents: 1 written, 0 already present/m,
    );
    expect(await ship(payload('second.json', events.slice(1)))).toMatch(
      /^lambdalens: 5 documents: 5 written, 0 already present/m,
    );
    expect(await count(es.client, `${prefix}-logs-*`)).toBe(5);
    expect(await count(es.client, `${prefix}-logs-*`, { match_phrase: { message: 'extension ready' } })).toBe(
      2,
    );
    expect(await count(es.client, `${prefix}-invocations-*`)).toBe(1);
  });
});
