/**
 * How long `--traces` holds invocations for their traces, under a fake clock: a missing
 * trace is asked for again only while X-Ray may still be indexing it (its invocation ended
 * less than 30 s ago, by the clock), never for history, and nothing without a trace ID
 * waits for input that has not come.
 */
import { describe, expect, it } from 'vitest';
import type { Sleep } from '../../collectors/kernel/index.ts';
import { emptyInvocation, type Invocation } from '../../collectors/model.ts';
import { attachTraces, type InvocationWithTrace } from '../../collectors/xray/attach.ts';
import type { TraceFetcher } from '../../collectors/xray/fetcher.ts';
import type { Trace } from '../../collectors/xray/types.ts';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const traceId = (n: number) => `1-69a42000-${String(n).padStart(24, '0')}`;

function invocation(n: number, endedAt: number, traced = true): Invocation {
  const inv = emptyInvocation(`0000000${n}-0000-4000-8000-000000000000`);
  inv.start = new Date(endedAt - 100).toISOString();
  inv.end = new Date(endedAt).toISOString();
  inv.traceId = traced ? traceId(n) : null;
  return inv;
}

/** A fake X-Ray: each trace becomes answerable at its own time on the shared clock. */
function fakeXRay(clock: { now: number }, appearsAt: Map<string, number>) {
  const rounds: string[][] = [];
  const fetcher: TraceFetcher = {
    indexingMs: 30_000,
    source: 'xray',
    async fetch(ids) {
      rounds.push([...ids]);
      const found = new Map<string, Trace>();
      for (const id of ids) {
        const at = appearsAt.get(id);
        if (at !== undefined && clock.now >= at)
          found.set(id, { traceId: id, durationMs: 1, roots: [], lambdas: [], unreadable: [] });
      }
      return { found, missing: ids.filter((id) => !found.has(id)) };
    },
    stats: () => ({ calls: rounds.length, found: 0, missing: 0 }),
  };
  return { fetcher, rounds };
}

/** A sleep that moves the fake clock, after anything already due has run (a cancelled one moves nothing). */
function fakeSleep(clock: { now: number }, slept: number[]): Sleep {
  return (ms, signal) =>
    new Promise((resolve, reject) => {
      setImmediate(() => {
        if (signal?.aborted) return reject(signal.reason);
        clock.now += ms;
        slept.push(ms);
        resolve();
      });
    });
}

async function* from(invocations: Invocation[]): AsyncGenerator<Invocation> {
  yield* invocations;
}

const states = (out: InvocationWithTrace[]) => out.map((x) => [x.invocation.requestId.slice(0, 8), x.match]);

describe('attachTraces waits only for traces X-Ray may still be indexing', () => {
  it('history: one round, no waiting, even with a trace missing', async () => {
    const clock = { now: NOW };
    const twoHoursAgo = NOW - 2 * 3_600_000;
    const { fetcher, rounds } = fakeXRay(
      clock,
      new Map([
        [traceId(1), 0],
        [traceId(3), 0],
      ]),
    );
    const slept: number[] = [];
    const out: InvocationWithTrace[] = [];
    const input = [
      invocation(1, twoHoursAgo),
      invocation(2, twoHoursAgo + 1000),
      invocation(3, twoHoursAgo + 2000),
      invocation(4, twoHoursAgo + 3000, false),
    ];
    for await (const x of attachTraces(from(input), {
      fetcher,
      clock: { now: () => clock.now },
      sleep: fakeSleep(clock, slept),
    }))
      out.push(x);
    expect(states(out)).toEqual([
      ['00000001', 'attached-unverified'],
      ['00000002', 'not-found'],
      ['00000003', 'attached-unverified'],
      ['00000004', 'no-trace-id'],
    ]);
    expect(rounds).toEqual([[traceId(1), traceId(2), traceId(3)]]);
    expect(clock.now).toBe(NOW);
  });

  it('a young invocation is asked for again until its trace comes, or until 30 s after it ended', async () => {
    const clock = { now: NOW };
    // 1 ended 5 s ago and its trace is indexed 8 s from now; 2 ended 20 s ago and never has one.
    const { fetcher, rounds } = fakeXRay(clock, new Map([[traceId(1), NOW + 8000]]));
    const slept: number[] = [];
    const out: [string, string, number][] = [];
    const input = [invocation(1, NOW - 5000), invocation(2, NOW - 20_000), invocation(3, NOW, false)];
    for await (const x of attachTraces(from(input), {
      fetcher,
      clock: { now: () => clock.now },
      sleep: fakeSleep(clock, slept),
    }))
      out.push([x.invocation.requestId.slice(0, 8), x.match, clock.now - NOW]);
    // Asked at 0, 2, 4, 6, 8 s (found: out at once), and 2 last at 10 s, when it stopped
    // being young; 3, untraced, comes behind it, as the output keeps input order.
    expect(out).toEqual([
      ['00000001', 'attached-unverified', 8000],
      ['00000002', 'not-found', 10_000],
      ['00000003', 'no-trace-id', 10_000],
    ]);
    expect(rounds.map((r) => r.length)).toEqual([2, 2, 2, 2, 2, 1]);
    expect(slept).toEqual([2000, 2000, 2000, 2000, 2000]);
  });

  it('an invocation without a trace ID comes out at once, without waiting for the next input', async () => {
    const clock = { now: NOW };
    const { fetcher, rounds } = fakeXRay(clock, new Map());
    let release: () => void = () => {};
    const more = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* input(): AsyncGenerator<Invocation> {
      yield invocation(1, NOW, false);
      await more;
    }
    const it = attachTraces(input(), {
      fetcher,
      clock: { now: () => clock.now },
      sleep: fakeSleep(clock, []),
    });
    const first = await it.next();
    expect(first.value?.match).toBe('no-trace-id');
    expect(rounds).toEqual([]);
    release();
    expect((await it.next()).done).toBe(true);
  });
});
