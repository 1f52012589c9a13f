/**
 * The same log events shipped in separate runs, read with their CloudWatch event IDs (a
 * subscription payload, `filter-log-events` JSON) and without (an `aws logs tail` copy),
 * are stored once; two events of one millisecond with the same message and different IDs
 * stay two, also when a delivery begins between them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { esUrl, uniqueName } from '../services/clients.ts';
import { runCliAsync as runCli } from '../support/cli.ts';
import { count, useShipperEs } from '../support/shipper-es.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-ship-ids-'));
const STREAM = '2026/03/02/[$LATEST]0a1b2c3d4e5f';
const RID = '11111111-2222-3333-4444-555555555555';
const T = Date.UTC(2026, 2, 2, 12, 0, 0, 100);
const RETRY = `2026-03-02T12:00:00.105Z\t${RID}\tINFO\tretrying`;

/** One request; the two `retrying` lines are two events of the same millisecond. */
const EVENTS = [
  { id: '1', timestamp: T, message: `START RequestId: ${RID} Version: $LATEST\n` },
  { id: '2', timestamp: T + 5, message: `${RETRY}\n` },
  { id: '3', timestamp: T + 5, message: `${RETRY}\n` },
  { id: '4', timestamp: T + 50, message: `END RequestId: ${RID}\n` },
  {
    id: '5',
    timestamp: T + 50,
    message: `REPORT RequestId: ${RID}\tDuration: 48.10 ms\tBilled Duration: 49 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`,
  },
].map((e) => ({ ...e, id: `395${'0'.repeat(52)}${e.id}` }));

function payload(fn: string, events: typeof EVENTS): string {
  const json = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: `/aws/lambda/${fn}`,
    logStream: STREAM,
    subscriptionFilters: ['to-elasticsearch'],
    logEvents: events,
  };
  return `${gzipSync(JSON.stringify(json)).toString('base64')}\n`;
}

function filterLogEvents(events: typeof EVENTS): string {
  const rows = events.map((e) => ({
    logStreamName: STREAM,
    timestamp: e.timestamp,
    message: e.message,
    ingestionTime: e.timestamp + 200,
    eventId: e.id,
  }));
  return JSON.stringify({ events: rows, searchedLogStreams: [] });
}

/** `aws logs tail` text: event time, stream, message (its newline dropped). */
function tailCopy(events: typeof EVENTS): string {
  const time = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00');
  return events.map((e) => `${time(e.timestamp)} ${STREAM} ${e.message.replace(/\n$/, '')}\n`).join('');
}

describe('ship: one document per event, whichever way it was read', { timeout: 180_000 }, () => {
  const es = useShipperEs();

  it('stores events read with IDs and again without them once, and keeps two same-millisecond twins', async () => {
    const prefix = await es.fresh('ship-ids');
    const fn = uniqueName('orders-api');
    const write = (name: string, text: string) => {
      const path = join(dir, `${prefix}-${name}`);
      writeFileSync(path, text);
      return path;
    };
    const ship = async (path: string, ...more: string[]) => {
      const r = await runCli(['ship', path, '--to', esUrl(), '--index-prefix', prefix, ...more], {});
      expect(r.stderr).not.toContain('error');
      expect(r.code).toBe(0);
      return r.stderr;
    };
    const lines = () => count(es.client, `${prefix}-logs-*`);
    const invocations = () => count(es.client, `${prefix}-invocations-*`);

    // Two deliveries split between the twins: the second begins part-way through their millisecond.
    await ship(write('first.b64', payload(fn, EVENTS.slice(0, 2))));
    await ship(write('second.b64', payload(fn, EVENTS.slice(2))));
    expect(await lines()).toBe(5);
    expect(await invocations()).toBe(1);

    // The same events again, as `filter-log-events` JSON and as an `aws logs tail` copy.
    const again = await ship(write('events.json', filterLogEvents(EVENTS)), '--function-name', fn);
    // The invocation, built before from its END and REPORT alone, now has its START too.
    expect(again).toMatch(
      /^lambdalens: 6 documents: 0 written, 1 replaced by a more complete version, 5 already present/m,
    );
    // The copy keeps both twins. The second, delivered first where its delivery began inside
    // their millisecond, was named by its ID; without IDs it is named by its place there, so it
    // is stored once more: a duplicate, never a lost line.
    const copy = await ship(write('tail.log', tailCopy(EVENTS)), '--function-name', fn);
    expect(copy).toMatch(/^lambdalens: 6 documents: 1 written, 5 already present/m);
    expect(await lines()).toBe(6);
    expect(await invocations()).toBe(1);
  });
});
