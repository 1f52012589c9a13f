/**
 * Following without re-reading (#18) against moto: a busy burst is delivered without reading
 * it again, a late event in a new stream still comes (from a look-back read, within its
 * longest wait), and a stream that always ships 3 s behind the others is read from its own
 * position once known, so its events come on the next poll instead of waiting for a
 * look-back read. Every event exactly once throughout.
 */
import { describe, expect, it } from 'vitest';
import { followGroups } from '../../../collectors/cloudwatch-logs/follow.ts';
import { StatusBoard } from '../../../collectors/cloudwatch-logs/source-status.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { createGroup, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('follow reads only what can be new (moto)', () => {
  it('delivers a burst, a late stream and a slow stream once each; polls re-read almost nothing', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/reread');
    await createGroup(client, group, ['busy', 'late', 'fast', 'slow']);
    const abort = new AbortController();
    const ctx = testContext(50, abort.signal);
    const status = new StatusBoard('follow', [group], () => ctx.limiter.stats().calls);
    const got: LogEvent[] = [];
    const arrivedAt = new Map<string, number>();
    /** Each message's place in the order of delivery. */
    const place = new Map<string, number>();
    const following = (async () => {
      for await (const e of followGroups(
        client,
        ctx,
        [group],
        {
          startTime: Date.now() - 30_000,
          lookBackMs: 60_000,
          lookBackEveryMs: 8000,
          minIntervalMs: 200,
          maxIntervalMs: 400,
        },
        status,
      )) {
        place.set(e.message, got.length);
        got.push(e);
        arrivedAt.set(e.message, Date.now());
      }
    })();
    const written: string[] = [];
    const has = (m: string) => arrivedAt.has(m);

    // A burst: 2,000 events in 10 batches, each batch in one millisecond.
    for (let b = 0; b < 10; b++) {
      const ts = Date.now();
      const events = Array.from({ length: 200 }, (_, k) => ({ timestamp: ts, message: `busy ${b}.${k}` }));
      await putEvents(client, group, 'busy', events);
      written.push(...events.map((e) => e.message));
      await pause(100);
    }
    await until(() => got.length >= 2000, 10_000);
    const afterBurst = status.snapshot().groups[0]!;
    expect(afterBurst.delivered).toBe(2000);
    // Each batch is one millisecond: a poll starting at the watermark would read it again,
    // and re-reading the whole window every poll would read it about ten times. Only while the
    // window holds a few hundred events is it read back (that fits in the page anyway).
    expect(afterBurst.duplicates).toBeLessThanOrEqual(1000);

    // Late: a new stream whose events are stamped 10 s before they are written.
    const lateAt = Date.now();
    const late = Array.from({ length: 5 }, (_, k) => ({
      timestamp: lateAt - 10_000 + k,
      message: `late ${k}`,
    }));
    await putEvents(client, group, 'late', late);
    written.push(...late.map((e) => e.message));
    await until(() => late.every((e) => has(e.message)), 12_000);
    expect(late.filter((e) => has(e.message))).toHaveLength(5);

    // A slow stream beside a fast one: once a look-back read has found it, its own position
    // (3 s behind) is read on every poll.
    const slowWrittenAt = new Map<string, number>();
    const rounds: { fast: string; slow: string }[] = [];
    let firstSlowSeenAtRound = -1;
    for (let r = 0; r < 40 && (firstSlowSeenAtRound < 0 || r < firstSlowSeenAtRound + 4); r++) {
      const now = Date.now();
      const fast = `fast ${r}`;
      const slow = `slow ${r}`;
      await putEvents(client, group, 'fast', [{ timestamp: now, message: fast }]);
      await putEvents(client, group, 'slow', [{ timestamp: now - 3000, message: slow }]);
      slowWrittenAt.set(slow, Date.now());
      rounds.push({ fast, slow });
      written.push(fast, slow);
      await pause(500);
      if (firstSlowSeenAtRound < 0 && [...slowWrittenAt.keys()].some(has)) firstSlowSeenAtRound = r;
    }
    expect(firstSlowSeenAtRound).toBeGreaterThanOrEqual(0);
    await until(() => written.every(has), 10_000);
    // Each of the last slow events comes no later than the fast event written after it: read
    // by the polls that follow, not held back for a look-back read (one every 8 s, some 16
    // rounds later). Told by the order of delivery, which a slow emulator does not change,
    // where a time bound did (a poll took seconds on a loaded machine).
    const lastRounds = rounds.slice(-4);
    for (let r = 0; r + 1 < lastRounds.length; r++) {
      const { slow } = lastRounds[r]!;
      const { fast: next } = lastRounds[r + 1]!;
      const timing = `${slow} came ${(arrivedAt.get(slow) ?? Number.NaN) - (slowWrittenAt.get(slow) ?? 0)} ms after it was written`;
      expect(place.get(slow) ?? Infinity, timing).toBeLessThan(place.get(next) ?? -Infinity);
    }

    // Keep polling a while: nothing may come twice.
    await pause(1500);
    abort.abort();
    await following;

    const messages = got.map((e) => e.message);
    expect(messages.length).toBe(written.length);
    expect(new Set(messages)).toEqual(new Set(written));
    expect(new Set(got.map((e) => e.eventId)).size).toBe(written.length);
    const g = status.snapshot().groups[0]!;
    expect(g.delivered).toBe(written.length);
    expect(g.lookBacks).toBeGreaterThanOrEqual(1);
    // Polls read again only what the slow stream's position calls for; finding the late
    // stream costs look-back reads, each at most the window.
    expect(g.duplicates - g.lookBackDuplicates).toBeLessThanOrEqual(written.length / 10);
    expect(g.lookBackDuplicates).toBeLessThanOrEqual(g.lookBacks * written.length);
  }, 60_000);
});
