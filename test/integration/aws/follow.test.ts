import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { followGroups } from '../../../collectors/cloudwatch-logs/follow.ts';
import { StatusBoard } from '../../../collectors/cloudwatch-logs/source-status.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { createGroup, endpoint, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';

const here = dirname(fileURLToPath(import.meta.url));

function runWriter(group: string, rounds: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'log-writer.ts'), endpoint(), group, String(rounds)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => {
      const lines = out.trim().split('\n');
      if (code !== 0 || !lines.at(-1)?.startsWith('DONE'))
        reject(new Error(`writer failed (${code}): ${err}`));
      else resolve(JSON.parse(lines.at(-2) ?? '[]') as string[]);
    });
  });
}

describe('lag while following (moto)', () => {
  it('is not counted for the start window, and falls to 0 when a poll finds nothing new', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/lag');
    await createGroup(client, group, ['s']);
    await putEvents(client, group, 's', [{ timestamp: Date.now(), message: 'before the follower' }]);
    // Ingested well before the follower starts: an old event of the --since window, not a late one.
    await new Promise((r) => setTimeout(r, 2_500));
    const abort = new AbortController();
    const ctx = testContext(20, abort.signal);
    const status = new StatusBoard('follow', [group], () => ctx.limiter.stats().calls);
    const got: LogEvent[] = [];
    const lags: (number | null)[] = [];
    const following = (async () => {
      for await (const e of followGroups(
        client,
        ctx,
        [group],
        { startTime: Date.now() - 60_000, minIntervalMs: 200, maxIntervalMs: 400 },
        status,
      )) {
        got.push(e);
      }
    })();
    const polled = async (n: number) => {
      const deadline = Date.now() + 10_000;
      while ((status.snapshot().groups[0]?.lastPollAt ?? 0) === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < n; i++) {
        const at = status.snapshot().groups[0]?.lastPollAt;
        while (status.snapshot().groups[0]?.lastPollAt === at && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
      }
      lags.push(status.snapshot().groups[0]?.lagMs ?? null);
    };
    await polled(0);
    await putEvents(client, group, 's', [{ timestamp: Date.now(), message: 'while following' }]);
    await polled(1);
    await polled(2);
    abort.abort();
    await following;
    expect(got.map((e) => e.message)).toEqual(['before the follower', 'while following']);
    // The start window: 0 (it said 2.5 s and more). The new event: seen within a poll or two.
    // Then idle polls: caught up.
    expect(lags[0]).toBe(0);
    expect(lags[2]).toBe(0);
  });
});

describe('follow over FilterLogEvents (moto, separate writer process)', () => {
  it('delivers every event exactly once: late ingestion, same-millisecond bursts, new streams', async () => {
    const client = logsClient();
    const group = uniqueName('/aws/lambda/follow');
    await createGroup(client, group, ['s-main', 's-other', 's-late']);
    const before = Date.now() - 60_000;
    await putEvents(client, group, 's-main', [{ timestamp: before, message: 'before start' }]);

    const abort = new AbortController();
    const ctx = testContext(20, abort.signal);
    const status = new StatusBoard('follow', [group], () => ctx.limiter.stats().calls);
    const got: LogEvent[] = [];
    const startTime = Date.now() - 30_000;
    const following = (async () => {
      for await (const e of followGroups(
        client,
        ctx,
        [group],
        { startTime, minIntervalMs: 200, maxIntervalMs: 800, pageSize: 25 },
        status,
      )) {
        got.push(e);
      }
    })();

    const written = await runWriter(group, 4);
    expect(written).toHaveLength(4 * 66);
    // Let the follower catch up, then keep polling a while to catch any duplicate.
    const deadline = Date.now() + 15_000;
    while (got.length < written.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    abort.abort();
    await following;

    const messages = got.map((e) => e.message);
    const missingMsgs = written.filter((m) => !messages.includes(m));
    expect(missingMsgs).toEqual([]);
    expect(messages).not.toContain('before start');
    expect(messages.length).toBe(written.length);
    expect(new Set(messages).size).toBe(written.length);
    expect(new Set(messages)).toEqual(new Set(written));
    expect(new Set(got.map((e) => e.eventId)).size).toBe(written.length);
    expect(got.filter((e) => e.message.startsWith('late'))).toHaveLength(8);
    expect(got.filter((e) => e.message.startsWith('burst'))).toHaveLength(240);
    expect(new Set(got.filter((e) => e.message.startsWith('newstream')).map((e) => e.logStream))).toEqual(
      new Set(['s-new-0', 's-new-1', 's-new-2', 's-new-3']),
    );
    const snap = status.snapshot();
    const g = snap.groups[0]!;
    expect(g.delivered).toBe(written.length);
    // Late: behind the watermark when read. The first round's pair may be read by the
    // follower's first poll, before any watermark exists to be behind.
    expect(g.late).toBeGreaterThanOrEqual(6);
    expect(g.duplicates).toBeGreaterThan(0);
    expect(g.lastPollAt).not.toBeNull();
    expect(snap.calls['logs:DescribeLogStreams']).toBeUndefined();
  }, 60_000);

  it('lists the backfill of several groups in time order across them, then follows', async () => {
    const client = logsClient();
    const groups = [uniqueName('/aws/lambda/backfill-a'), uniqueName('/aws/lambda/backfill-b')];
    for (const group of groups) await createGroup(client, group, ['s']);
    const t0 = Date.now() - 20_000;
    // a: 0, 2, 4 …  b: 1, 3, 5 … seconds after t0: one group then the other would not be sorted
    for (const [n, group] of groups.entries()) {
      await putEvents(
        client,
        group,
        's',
        Array.from({ length: 5 }, (_, i) => ({ timestamp: t0 + (2 * i + n) * 1000, message: `${n}:${i}` })),
      );
    }
    const abort = new AbortController();
    const ctx = testContext(20, abort.signal);
    const status = new StatusBoard('follow', groups, () => ctx.limiter.stats().calls);
    const got: LogEvent[] = [];
    const following = (async () => {
      for await (const e of followGroups(
        client,
        ctx,
        groups,
        { startTime: t0 - 1000, minIntervalMs: 200, maxIntervalMs: 400 },
        status,
      )) {
        got.push(e);
        if (got.length === 10)
          await putEvents(client, groups[0] ?? '', 's', [{ timestamp: Date.now(), message: 'after' }]);
      }
    })();
    const deadline = Date.now() + 15_000;
    while (got.length < 11 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    abort.abort();
    await following;
    expect(got.slice(0, 10).map((e) => e.timestamp - t0)).toEqual(
      Array.from({ length: 10 }, (_, i) => i * 1000),
    );
    expect(got.map((e) => e.message)).toContain('after');
  }, 30_000);
});
