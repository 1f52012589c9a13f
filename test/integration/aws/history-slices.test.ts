/**
 * A group's history read as time slices fetched side by side (moto): exactly the events one
 * query paged through gives, in time order, whatever their spread (a quiet start, a burst,
 * a gap, hundreds in one millisecond across a page's end), and no more calls than a short
 * history needs.
 */
import { describe, expect, it } from 'vitest';
import { readGroup } from '../../../collectors/cloudwatch-logs/history.ts';
import { readGroupSliced, SlicePlanner } from '../../../collectors/cloudwatch-logs/history-slices.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { createGroup, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';

const key = (e: LogEvent) => `${e.logStream}|${e.eventId}|${e.timestamp}|${e.message}`;

async function sliced(
  query: Parameters<typeof readGroupSliced>[2],
  ahead?: number,
): Promise<{ events: LogEvent[]; calls: number; pages: number }> {
  const client = logsClient();
  const ctx = testContext(1000);
  const events: LogEvent[] = [];
  let pages = 0;
  for await (const page of readGroupSliced(client, ctx, query, undefined, { ahead })) {
    pages++;
    events.push(...page);
  }
  return { events, calls: ctx.limiter.stats().calls['logs:FilterLogEvents'] ?? 0, pages };
}

async function paged(query: Parameters<typeof readGroup>[2]): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  for await (const e of readGroup(logsClient(), testContext(1000), query)) events.push(e);
  return events;
}

function expectTimeOrder(events: LogEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as LogEvent).timestamp < (events[i - 1] as LogEvent).timestamp) {
      throw new Error(`out of time order at ${i}`);
    }
  }
}

/**
 * A new group of one stream `s` holding `count` events `e0`, `e1`, … a second apart, the
 * first `quietMinutes` after `minutesBack` minutes ago.
 */
async function oneStreamGroup(
  name: string,
  minutesBack: number,
  count: number,
  quietMinutes = 0,
): Promise<{ group: string; base: number }> {
  const client = logsClient();
  const group = uniqueName(`/aws/lambda/${name}`);
  await createGroup(client, group, ['s']);
  const base = Date.now() - minutesBack * 60_000;
  await putEvents(
    client,
    group,
    's',
    Array.from({ length: count }, (_, i) => ({
      timestamp: base + quietMinutes * 60_000 + i * 1000,
      message: `e${i}`,
    })),
  );
  return { group, base };
}

describe('history read as time slices (moto)', () => {
  it('reads what one paged query reads, in time order, over an uneven spread', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/slices-uneven');
    const streams = ['a', 'b', 'c'].map((s) => `2026/10/01/[$LATEST]${s}`);
    await createGroup(client, group, streams);
    const base = Date.now() - 50 * 60_000;
    // Quiet for ten minutes, a ramp, a burst (300 events in one millisecond, spread over
    // the streams), a gap of ten minutes, then steady to the end.
    const byStream = new Map<string, { timestamp: number; message: string }[]>(streams.map((s) => [s, []]));
    let n = 0;
    const add = (t: number) => {
      const stream = streams[n % 3] as string;
      byStream.get(stream)?.push({ timestamp: t, message: `event ${n++} at ${t - base}` });
    };
    for (let i = 0; i < 200; i++) add(base + 10 * 60_000 + i * i * 20);
    for (let i = 0; i < 300; i++) add(base + 25 * 60_000);
    for (let i = 0; i < 900; i++) add(base + 35 * 60_000 + i * 700);
    for (const [stream, events] of byStream) {
      events.sort((x, y) => x.timestamp - y.timestamp);
      await putEvents(client, group, stream, events);
    }
    const query = { logGroup: group, startTime: base, endTime: base + 50 * 60_000, pageSize: 100 };
    const want = await paged(query);
    expect(want).toHaveLength(1400);
    const got = await sliced(query);
    expect(got.events).toHaveLength(1400);
    expect(new Set(got.events.map(key))).toEqual(new Set(want.map(key)));
    expectTimeOrder(got.events);
    // The burst's millisecond crosses page ends: it comes whole, once.
    expect(got.events.filter((e) => e.timestamp === base + 25 * 60_000)).toHaveLength(300);
    // 14 pages' worth: slicing costs some calls more, never runaway.
    expect(got.calls).toBeGreaterThanOrEqual(14);
    expect(got.calls).toBeLessThanOrEqual(42);
  });

  it('asks once for a history shorter than a page, and once for an empty one', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/slices-short');
    await createGroup(client, group, ['s']);
    const base = Date.now() - 20 * 60_000;
    await putEvents(
      client,
      group,
      's',
      Array.from({ length: 40 }, (_, i) => ({ timestamp: base + i * 1000, message: `e${i}` })),
    );
    const short = await sliced({ logGroup: group, startTime: base - 60_000, pageSize: 100 });
    expect(short.events.map((e) => e.message)).toEqual(Array.from({ length: 40 }, (_, i) => `e${i}`));
    expect(short.calls).toBe(1);
    const empty = await sliced({ logGroup: group, startTime: base + 3_600_000, pageSize: 100 });
    expect(empty.events).toEqual([]);
    expect(empty.calls).toBe(1);
  });

  it('keeps both ends of the range, and reads events stamped after the read began when open-ended', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/slices-ends');
    await createGroup(client, group, ['s']);
    const base = Date.now() - 30 * 60_000;
    const events = Array.from({ length: 250 }, (_, i) => ({ timestamp: base + i * 2000, message: `e${i}` }));
    // Stamped ten minutes ahead of the clock (a skewed clock): an open range still holds it.
    events.push({ timestamp: Date.now() + 10 * 60_000, message: 'future' });
    await putEvents(client, group, 's', events);
    const closed = await sliced({
      logGroup: group,
      startTime: base + 2000,
      endTime: base + 200_000,
      pageSize: 20,
    });
    expect(closed.events.map((e) => e.message)).toEqual(Array.from({ length: 100 }, (_, i) => `e${i + 1}`));
    const open = await sliced({ logGroup: group, startTime: base, pageSize: 20 });
    expect(open.events).toHaveLength(251);
    expect(open.events.at(-1)?.message).toBe('future');
    expectTimeOrder(open.events);
  });

  it('asks for the next slices while the reader holds a page, a bounded number ahead', async () => {
    const client = logsClient();
    const { group, base } = await oneStreamGroup('slices-ahead', 30, 600);
    const ctx = testContext(1000);
    const pages = readGroupSliced(
      client,
      ctx,
      { logGroup: group, startTime: base, pageSize: 50 },
      undefined,
      {
        ahead: 2,
      },
    )[Symbol.asyncIterator]();
    const first = await pages.next();
    expect(first.value).toHaveLength(49);
    // The reader sits on its first page: the slices after it are fetched meanwhile, three
    // of them (two ahead of the one read next), and no more.
    await new Promise((r) => setTimeout(r, 1000));
    expect(ctx.limiter.stats().calls['logs:FilterLogEvents']).toBe(4);
    await pages.return?.(undefined);
  });

  it('cuts a range that starts quiet at the density where its first page ends', async () => {
    // Forty quiet minutes, then 1,000 events a second apart.
    const { group, base } = await oneStreamGroup('slices-quiet-start', 60, 1000, 40);
    const got = await sliced({ logGroup: group, startTime: base, pageSize: 100 });
    expect(got.events).toHaveLength(1000);
    expectTimeOrder(got.events);
    // The first page (99 kept), then slices of 90 events: 901 / 90 is ten more, and one for
    // what is stamped after the last event. Measured from the range's start, the first
    // page's density was 40 times too low and every slice held more than a page.
    expect(got.calls).toBe(13);
  });

  it('stops fetching when the reader stops, and fails on a missing group', async () => {
    const client = logsClient();
    const { group, base } = await oneStreamGroup('slices-stop', 30, 500);
    const ctx = testContext(1000);
    let read = 0;
    for await (const page of readGroupSliced(client, ctx, {
      logGroup: group,
      startTime: base,
      pageSize: 10,
    })) {
      read += page.length;
      if (read >= 30) break;
    }
    const callsAtStop = ctx.limiter.stats().totalCalls;
    await new Promise((r) => setTimeout(r, 500));
    // What was in flight may land; nothing new is asked for.
    expect(ctx.limiter.stats().totalCalls).toBeLessThanOrEqual(callsAtStop + 3);
    await expect(
      sliced({ logGroup: uniqueName('/aws/lambda/never-there'), startTime: base, pageSize: 10 }),
    ).rejects.toThrow(/not found|does not exist/i);
  });
});

describe('slice planner', () => {
  const query = { logGroup: 'g', startTime: 1_000_000, endTime: 1_999_999, pageSize: 1000 };

  it('starts with the whole range, then cuts slices of about a page at the density seen', () => {
    const plan = new SlicePlanner(query, 5_000_000, 1000);
    expect(plan.take()).toEqual({ ...query });
    const rest = plan.rest(query, 1_100_000, 1000 / 100_000);
    const first = rest.take();
    // 0.9 of a page at 1,000 events per 100,000 ms.
    expect(first).toEqual({ ...query, startTime: 1_100_000, endTime: 1_189_999 });
  });

  it('widens fourfold after an empty slice, covers the range without gaps, and ends where the query ends', () => {
    const plan = new SlicePlanner(query, 5_000_000, 1000).rest(query, 1_000_000, 1 / 100);
    const slices: { startTime: number; endTime?: number | undefined }[] = [];
    for (let q = plan.take(); q; q = plan.take()) {
      slices.push(q);
      plan.observe((q.endTime ?? 1_999_999) - q.startTime + 1, 0);
    }
    expect(slices[0]).toMatchObject({ startTime: 1_000_000, endTime: 1_089_999 });
    expect(slices[1]).toMatchObject({ startTime: 1_090_000, endTime: 1_090_000 + 360_000 - 1 });
    for (let i = 1; i < slices.length; i++) {
      expect(slices[i]?.startTime).toBe((slices[i - 1]?.endTime as number) + 1);
    }
    expect(slices.at(-1)?.endTime).toBe(1_999_999);
  });

  it('lets a burst fade: each answer after it halves what it taught', () => {
    const plan = new SlicePlanner(query, 5_000_000, 1000).rest(query, 1_000_000, 1 / 100);
    plan.observe(1000, 1000);
    // 0.9 of a page at the burst's 1 event per ms.
    expect(plan.take()).toMatchObject({ startTime: 1_000_000, endTime: 1_000_899 });
    // Three answers at 1 event per 100 ms: the burst's density is leant towards less each time,
    // 1/4, then 1/8, then 1/16 event per ms.
    for (let i = 0; i < 3; i++) plan.observe(100_000, 1000);
    expect(plan.take()).toMatchObject({ startTime: 1_000_900, endTime: 1_000_900 + 14_400 - 1 });
  });

  it('leaves the last slice open when the query is', () => {
    const open = { logGroup: 'g', startTime: 0, pageSize: 1000 };
    const plan = new SlicePlanner(open, 10_000, 1000);
    expect(plan.take()).toEqual({ ...open, endTime: undefined });
    expect(plan.take()).toBeNull();
  });
});
