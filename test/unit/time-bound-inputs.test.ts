/**
 * Which inputs say that each stream in them begins at a time bound, with its first
 * millisecond whole: `filter-log-events` output does (it is bounded by its start time);
 * subscription payloads, NDJSON of single events and Logs Insights rows with `@ptr` do not
 * (a delivery, a slice or a `limit` may begin part-way through a millisecond).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readLogEventBatches, startsAtTimeBound } from '../../collectors/files/read-inputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'll-time-bound-'));
const STREAM = '2026/10/01/[$LATEST]abc';
const T = Date.UTC(2026, 9, 1, 10, 0, 0, 5);
const EVENTS = [1, 2, 3].map((k) => ({
  logStreamName: STREAM,
  timestamp: T + k,
  message: `line ${k}\n`,
  ingestionTime: T + k + 100,
  eventId: `3760000000000000000000000${k}`,
}));
const PAYLOAD = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: '/aws/lambda/orders',
  logStream: STREAM,
  subscriptionFilters: ['to-es'],
  logEvents: EVENTS.map((e) => ({ id: e.eventId, timestamp: e.timestamp, message: e.message })),
};

/** For each batch of the file: how many events, how many with an ID, and whether it is marked. */
async function marks(name: string, content: string): Promise<[number, number, boolean][]> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const out: [number, number, boolean][] = [];
  for await (const batch of readLogEventBatches([path])) {
    out.push([batch.length, batch.filter((e) => e.eventId !== undefined).length, startsAtTimeBound(batch)]);
  }
  return out;
}

describe('inputs bounded by time', () => {
  it('filter-log-events output, pretty-printed or on one line: marked', async () => {
    const doc = { events: EVENTS, searchedLogStreams: [] };
    expect(await marks('pretty.json', JSON.stringify(doc, null, 4))).toEqual([[3, 3, true]]);
    expect(await marks('one-line.json', JSON.stringify(doc))).toEqual([[3, 3, true]]);
  });

  it('subscription payloads, raw or base64 and gzip: not marked', async () => {
    expect(await marks('payload.json', JSON.stringify(PAYLOAD))).toEqual([[3, 3, false]]);
    const b64 = gzipSync(JSON.stringify(PAYLOAD)).toString('base64');
    expect(await marks('payload.b64', `${b64}\n`)).toEqual([[3, 3, false]]);
  });

  it('NDJSON of single events, a filter-log-events document beside a payload: not marked', async () => {
    const ndjson = EVENTS.map((e) => JSON.stringify(e)).join('\n');
    expect(await marks('events.ndjson', `${ndjson}\n`)).toEqual([[3, 3, false]]);
    const mixed = `${JSON.stringify({ events: EVENTS.slice(0, 1) })}\n${JSON.stringify(PAYLOAD)}\n`;
    expect(await marks('mixed.ndjson', mixed)).toEqual([[4, 4, false]]);
  });

  it('Logs Insights CSV with @ptr: not marked', async () => {
    const rows = EVENTS.map(
      (e, k) => `${new Date(e.timestamp).toISOString()},line ${k + 1},${STREAM},ptr${k}`,
    );
    const csv = `@timestamp,@message,@logStream,@ptr\n${rows.join('\n')}\n`;
    const batches = await marks('orders.csv', csv);
    expect(batches.reduce((n, [, ids]) => n + ids, 0)).toBe(3);
    expect(batches.every(([, , marked]) => !marked)).toBe(true);
  });
});
