/**
 * Two identical lines of one stream and millisecond, with more streams between them than the
 * shipper remembers, in input bounded by time (`filter-log-events` JSON; a window of
 * CloudWatch history is read alike): the stream is forgotten between them, so the second is
 * counted from 0 again. Taken as the first of its kind there, it was named as the first one
 * is, and the cluster kept one of the two. Real CLI, shipping to stdout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STREAMS_REMEMBERED } from '../../collectors/line-time.ts';
import { runCli } from '../support/cli.ts';

const T = Date.UTC(2026, 9, 1, 12);
const stream = (n: number) => `2026/10/01/[$LATEST]${n.toString(16).padStart(32, '0')}`;
const event = (n: number, k: number, message: string) => ({
  logStreamName: stream(n),
  timestamp: T,
  message: `${message}\n`,
  ingestionTime: T + 5,
  eventId: `${T}${String(n).padStart(10, '0')}${k}`,
});

interface LineDoc {
  _id: string;
  _source: { message: string; aws: { cloudwatch: { event_id: string } } };
}

describe('ship: twins of a millisecond whose stream was forgotten between them', () => {
  it('stores both: the second is named by its event ID, not as the first', () => {
    const others = STREAMS_REMEMBERED + 10;
    const events = [event(0, 0, 'polling')];
    for (let n = 1; n <= others; n++) events.push(event(n, 0, `line ${n}`));
    events.push(event(0, 1, 'polling'));
    const file = join(mkdtempSync(join(tmpdir(), 'lambdalens-forgotten-twins-')), 'busy.json');
    writeFileSync(file, JSON.stringify({ events, searchedLogStreams: [] }));

    const r = runCli(['ship', file, '--function-name', 'busy', '--to', '-'], {}, { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LineDoc);
    expect(docs.length).toBe(others + 2);
    expect(new Set(docs.map((d) => d._id)).size).toBe(others + 2);
    const twins = docs.filter((d) => d._source.message === 'polling');
    expect(twins.map((d) => d._source.aws.cloudwatch.event_id)).toEqual([
      events[0]?.eventId,
      events.at(-1)?.eventId,
    ]);
    expect(new Set(twins.map((d) => d._id)).size).toBe(2);
    expect(r.stderr).toContain(
      `lambdalens: ${others + 2} documents: ${others + 2} written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n`,
    );
  }, 180_000);
});
