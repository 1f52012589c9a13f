import type { StartLiveTailCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { liveTail } from '../../../collectors/cloudwatch-logs/live-tail.ts';
import { StatusBoard } from '../../../collectors/cloudwatch-logs/source-status.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { createGroup, logsClient, putEvents, testContext, uniqueName } from './helpers.ts';

describe('live tail against moto StartLiveTail', () => {
  it('shards 12 groups into sessions of at most 10, reconnects, and delivers each event once', async () => {
    const client = logsClient();
    const sessions: string[][] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        // Counted once opened, as the status board counts them: a session the stop aborts
        // while it is being opened is not a session.
        if (context.commandName === 'StartLiveTailCommand') {
          sessions.push([...((args.input as StartLiveTailCommandInput).logGroupIdentifiers ?? [])]);
        }
        return result;
      },
      { step: 'initialize', name: 'recordLiveTailSessions' },
    );
    const groups = Array.from({ length: 12 }, (_, i) => uniqueName(`/aws/lambda/live-${i}`));
    for (const g of groups) await createGroup(client, g, ['s']);
    const start = Date.now() - 1000;
    const written: string[] = [];
    const write = async (round: number) => {
      for (const [i, g] of groups.entries()) {
        const evs = [0, 1].map((k) => ({ timestamp: Date.now(), message: `r${round} g${i} e${k}` }));
        await putEvents(client, g, 's', evs);
        written.push(...evs.map((e) => e.message));
      }
    };
    await write(0);

    const abort = new AbortController();
    const ctx = testContext(50, abort.signal);
    const status = new StatusBoard('live', groups, () => ctx.limiter.stats().calls);
    const got: LogEvent[] = [];
    const run = (async () => {
      for await (const e of liveTail(
        client,
        ctx,
        groups,
        { startTime: start, reconnectDelayMs: 150 },
        status,
      ))
        got.push(e);
    })();
    for (let round = 1; round <= 3; round++) {
      await new Promise((r) => setTimeout(r, 400));
      await write(round);
    }
    const deadline = Date.now() + 15_000;
    while (got.length < written.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // moto ends each stream after one update, so sessions reopen repeatedly: let a few more
    // reconnects replay the same events and show that none is delivered twice.
    await new Promise((r) => setTimeout(r, 800));
    abort.abort();
    await run;

    expect(got.map((e) => e.message).sort()).toEqual([...written].sort());
    expect(got).toHaveLength(12 * 2 * 4);
    expect(new Set(got.map((e) => e.logGroup))).toEqual(new Set(groups));
    // Sessions: 10 + 2 groups, reopened after every break; never more than 10 per session.
    expect(sessions.every((s) => s.length <= 10)).toBe(true);
    expect(sessions.filter((s) => s.length === 10).length).toBeGreaterThanOrEqual(2);
    expect(sessions.filter((s) => s.length === 2).length).toBeGreaterThanOrEqual(2);
    expect(new Set(sessions.flat()).size).toBe(12);
    const snap = status.snapshot();
    expect(snap.sessions).toBe(sessions.length);
    expect(snap.groups.reduce((n, g) => n + g.delivered, 0)).toBe(written.length);
    expect(snap.groups.reduce((n, g) => n + g.duplicates, 0)).toBeGreaterThan(0);
  }, 60_000);
});
