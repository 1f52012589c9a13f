/**
 * The follow cursor against moto when the data is hostile: an event stamped ten minutes
 * in the future (a container with a bad clock; CloudWatch takes up to 2 h ahead) must not
 * push the cursor past what is written after it, and an event ingested later than the
 * look-back must still come, from the wider sweep, counted as such.
 */
import { describe, expect, it } from 'vitest';
import { followGroups } from '../../../collectors/cloudwatch-logs/follow.ts';
import { StatusBoard } from '../../../collectors/cloudwatch-logs/source-status.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { createGroup, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe('follow under clock skew and very late ingestion (moto)', () => {
  it('delivers everything written after a future-stamped event, and a very late event via the sweep, each once', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/skew');
    await createGroup(client, group, ['s-ok', 's-bad-clock', 's-late']);
    const abort = new AbortController();
    const ctx = testContext(50, abort.signal);
    const status = new StatusBoard('follow', [group], () => ctx.limiter.stats().calls);
    const got: LogEvent[] = [];
    const following = (async () => {
      for await (const e of followGroups(
        client,
        ctx,
        [group],
        {
          startTime: Date.now() - 120_000,
          lookBackMs: 2000,
          sweepBackMs: 120_000,
          sweepEveryMs: 1500,
          minIntervalMs: 200,
          maxIntervalMs: 400,
        },
        status,
      )) {
        got.push(e);
      }
    })();
    const messages = () => got.map((e) => e.message);

    await putEvents(client, group, 's-ok', [{ timestamp: Date.now(), message: 'before skew' }]);
    await putEvents(client, group, 's-bad-clock', [
      { timestamp: Date.now() + 600_000, message: 'ten minutes ahead' },
    ]);
    await until(() => got.length >= 2, 10_000);
    // Written after the skewed event, correctly stamped: a watermark pushed 10 min ahead would skip all of it.
    const after: string[] = [];
    for (let i = 0; i < 5; i++) {
      const message = `after skew ${i}`;
      await putEvents(client, group, 's-ok', [{ timestamp: Date.now(), message }]);
      after.push(message);
      await new Promise((r) => setTimeout(r, 150));
    }
    await until(() => after.every((m) => messages().includes(m)), 10_000);
    // Ingested now, stamped 60 s back: 30 look-backs late, inside the sweep.
    await putEvents(client, group, 's-late', [{ timestamp: Date.now() - 60_000, message: 'very late' }]);
    await until(() => messages().includes('very late'), 10_000);
    // Keep polling and sweeping a while: nothing may come twice.
    await new Promise((r) => setTimeout(r, 2500));
    abort.abort();
    await following;

    expect([...messages()].sort()).toEqual(
      ['before skew', 'ten minutes ahead', ...after, 'very late'].sort(),
    );
    const g = status.snapshot().groups[0]!;
    expect(g.delivered).toBe(8);
    expect(g.swept).toBe(1);
    expect(g.sweeps).toBeGreaterThanOrEqual(2);
    expect(g.futureStamped).toBe(1);
    expect(g.skewedStream).toBe('s-bad-clock');
    expect(g.maxAheadMs).toBeGreaterThan(590_000);
    // The skewed event is re-read by every poll (its stamp is inside every window) and dropped each time.
    expect(g.duplicates).toBeGreaterThan(5);
  }, 60_000);
});
