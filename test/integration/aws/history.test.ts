import { describe, expect, it } from 'vitest';
import { readHistory } from '../../../collectors/cloudwatch-logs/history.ts';
import { StatusBoard } from '../../../collectors/cloudwatch-logs/source-status.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { createGroup, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';

async function collect(it: AsyncIterable<LogEvent>): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('history over FilterLogEvents (moto)', () => {
  it('merges 3 groups and 12 streams in time order, across pages, with nothing lost or doubled', async () => {
    const client = logsClient();
    const base = Date.now() - 30 * 60_000;
    const groups = [
      uniqueName('/aws/lambda/hist-a'),
      uniqueName('/aws/lambda/hist-b'),
      uniqueName('/aws/lambda/hist-c'),
    ];
    const expected: { group: string; stream: string; ts: number; message: string }[] = [];
    for (const [gi, group] of groups.entries()) {
      const streams = [0, 1, 2, 3].map((s) => `2024/01/01/[$LATEST]s${gi}${s}`);
      await createGroup(client, group, streams);
      for (const [si, stream] of streams.entries()) {
        const events = Array.from({ length: 25 }, (_, k) => ({
          // Interleaved timestamps across groups and streams; some share a millisecond.
          timestamp: base + k * 1000 + gi * 7 + (si % 2),
          message: `g${gi} s${si} e${k}`,
        }));
        await putEvents(client, group, stream, events);
        for (const e of events) expected.push({ group, stream, ts: e.timestamp, message: e.message });
      }
    }
    // An event outside the range must not come back.
    await putEvents(client, groups[0]!, '2024/01/01/[$LATEST]s00', [
      { timestamp: base + 120_000, message: 'late-outside' },
    ]);

    const ctx = testContext();
    const status = new StatusBoard('history', groups, () => ctx.limiter.stats().calls);
    const events = await collect(
      readHistory({
        client,
        ctx,
        logGroups: groups,
        startTime: base,
        endTime: base + 60_000,
        pageSize: 7,
        status,
      }),
    );

    expect(events).toHaveLength(300);
    expect(new Set(events.map((e) => `${e.logGroup}|${e.eventId}`)).size).toBe(300);
    expect(events.map((e) => e.message).sort()).toEqual(expected.map((e) => e.message).sort());
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.timestamp).toBeGreaterThanOrEqual(events[i - 1]!.timestamp);
    const first = events[0]!;
    expect(first.logGroup).toBe(groups[0]);
    expect(first.logStream).toMatch(/s0[02]$/);
    expect(typeof first.eventId).toBe('string');
    expect(first.ingestionTime).toBeGreaterThan(0);
    // 100 events per group at 7 per page is 15 pages a group if paged one after another.
    // Read as time slices fetched side by side, slices cut at a density first guessed and
    // the empty end of the range cost some calls more; runaway cutting would cost far more.
    const calls = ctx.limiter.stats().calls['logs:FilterLogEvents'] ?? 0;
    expect(calls).toBeGreaterThanOrEqual(45);
    expect(calls).toBeLessThanOrEqual(3 * 45);
    expect(status.snapshot().groups.map((g) => g.delivered)).toEqual([100, 100, 100]);
  });

  it('passes a filter pattern through and reports a missing group without failing', async () => {
    const client = logsClient();
    const base = Date.now() - 10 * 60_000;
    const group = uniqueName('/aws/lambda/hist-f');
    const missing = uniqueName('/aws/lambda/never-ran');
    await createGroup(client, group, ['s1']);
    await putEvents(client, group, 's1', [
      { timestamp: base, message: 'START RequestId: a' },
      { timestamp: base + 1, message: 'ERROR boom' },
      { timestamp: base + 2, message: 'END RequestId: a' },
    ]);
    const ctx = testContext();
    const status = new StatusBoard('history', [group, missing], () => ctx.limiter.stats().calls);
    const events = await collect(
      readHistory({
        client,
        ctx,
        logGroups: [group, missing],
        startTime: base,
        filterPattern: 'ERROR',
        status,
      }),
    );
    expect(events.map((e) => e.message)).toEqual(['ERROR boom']);
    expect(status.snapshot().groups.find((g) => g.logGroup === missing)?.missing).toBe(true);
  });
});
