import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followGroups } from '../../../collectors/cloudwatch-logs/follow.ts';
import { StatusBoard } from '../../../collectors/cloudwatch-logs/source-status.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { createGroup, endpoint, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';
import { maxCallsInWindow, startThrottleProxy, type ThrottleProxy } from './throttle-proxy.ts';

let proxy: ThrottleProxy;
beforeAll(async () => {
  proxy = await startThrottleProxy(endpoint());
});
afterAll(async () => {
  await proxy.close();
});

describe('follow under throttling (HTTP proxy answering ThrottlingException in front of moto)', () => {
  it('slows down, recovers, delivers everything once and never exceeds the call budget', async () => {
    const direct = logsClient();
    const groups = [
      uniqueName('/aws/lambda/thr-a'),
      uniqueName('/aws/lambda/thr-b'),
      uniqueName('/aws/lambda/thr-c'),
    ];
    const t0 = Date.now() - 10_000;
    const written: string[] = [];
    for (const [gi, g] of groups.entries()) {
      await createGroup(direct, g, ['s1', 's2']);
      const evs = Array.from({ length: 60 }, (_, k) => ({ timestamp: t0 + k, message: `pre g${gi} #${k}` }));
      await putEvents(direct, g, k2(gi), evs);
      written.push(...evs.map((e) => e.message));
    }
    // Two bursts of throttling: calls 3-5 and 15-18 (each stays throttled through retries).
    proxy.setPolicy((i) => (i >= 3 && i <= 5) || (i >= 15 && i <= 18));

    const budget = 4;
    const abort = new AbortController();
    const ctx = testContext(budget, abort.signal);
    const status = new StatusBoard('follow', groups, () => ctx.limiter.stats().calls);
    const client = logsClient(proxy.url);
    const got: LogEvent[] = [];
    const run = (async () => {
      for await (const e of followGroups(
        client,
        ctx,
        groups,
        {
          startTime: t0 - 1000,
          minIntervalMs: 300,
          maxIntervalMs: 1200,
          pageSize: 20,
          backoff: { initialMs: 250, maxMs: 2000 },
        },
        status,
      )) {
        got.push(e);
      }
    })();

    // More events arrive while throttled.
    await new Promise((r) => setTimeout(r, 1500));
    for (const [gi, g] of groups.entries()) {
      const evs = Array.from({ length: 10 }, (_, k) => ({
        timestamp: Date.now(),
        message: `live g${gi} #${k}`,
      }));
      await putEvents(direct, g, 's2', evs);
      written.push(...evs.map((e) => e.message));
    }
    const deadline = Date.now() + 25_000;
    while ((got.length < written.length || proxy.calls.length < 40) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    abort.abort();
    await run;

    const seenMsgs = new Set(got.map((e) => e.message));
    expect(written.filter((m) => !seenMsgs.has(m))).toEqual([]);
    expect(got.map((e) => e.message).sort()).toEqual([...written].sort());
    expect(new Set(got.map((e) => `${e.logGroup}|${e.eventId}`)).size).toBe(written.length);
    const snap = status.snapshot();
    expect(snap.throttleCount).toBe(7);
    expect(proxy.calls.filter((c) => c.throttled)).toHaveLength(7);
    // Recovered: calls after the last throttle succeed and the groups are not flagged throttled.
    expect(proxy.calls.slice(19).every((c) => !c.throttled)).toBe(true);
    expect(snap.groups.every((g) => !g.throttled)).toBe(true);
    // Slowed down: the gap around the first burst is far longer than the 250 ms spacing.
    // Backoff: the three retries after the first burst waited at least 125 + 250 + 500 ms,
    // more than the 3 x 250 ms the budget alone would impose.
    const burstSpan = proxy.calls[6]!.at - proxy.calls[3]!.at;
    expect(burstSpan).toBeGreaterThanOrEqual(875);
    // The budget holds on the wire, throttled calls included: no window of one second holds more.
    expect(
      maxCallsInWindow(
        proxy.calls.map((c) => c.at),
        1000,
      ),
    ).toBeLessThanOrEqual(budget);
  }, 60_000);
});

function k2(gi: number): string {
  return gi % 2 === 0 ? 's1' : 's2';
}
