/**
 * `logs --function F --follow` against the moto server, run as a user runs it and watched
 * from outside: each invocation must be printed while the follower runs, within one poll
 * interval plus a second (plus room for a loaded machine), through every way CloudWatch
 * data goes wrong — a clock ten minutes fast, a stream created mid-run, late ingestion,
 * events of one millisecond, a burst bigger than a page — and at the end (SIGINT) every
 * invocation written must have been printed exactly once.
 *
 * The follower talks to a moto server of its own: the bound is on the follower, and a
 * server shared with the other test files queues its calls behind theirs (moto answers one
 * FilterLogEvents at a time). One full run in four missed the bound by 11 s in a phase the
 * test alone passes in 1 s, which that queue would explain.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFunction,
  createGroup,
  createStream,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { startMoto } from '../services/moto.ts';
import type { RunningService } from '../services/search-nodes.ts';
import { FAKE_AWS } from '../support/cli.ts';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

/** An idle group is polled every 5 s at most; printing takes at most a second more. */
const FOLLOW_BOUND_MS = 5000 + 1000 + 3000;

let moto: RunningService;
beforeAll(async () => {
  moto = await startMoto();
}, 90_000);
afterAll(async () => {
  await moto?.stop();
});

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

describe('logs --follow (moto), watched from outside', () => {
  it('prints each invocation while running, through skew, new streams, late events, one millisecond and a multi-page burst, exactly once', async () => {
    const name = uniqueName('live-follow');
    await createFunction(name, {}, moto.url);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient(moto.url);
    await createGroup(logs, group, ['s-main', 's-bad-clock', 's-late', 's-ms-a', 's-ms-b', 's-burst']);
    cli = startCli(['logs', '--function', name, '--follow', '--since', '2m', '-o', 'ndjson'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: moto.url,
    });
    const run = cli;
    const written: string[] = [];
    const latencies: Record<string, number[]> = {};
    /** Writes events and waits until every named invocation is printed; returns the slowest wait. */
    const writeAndWait = async (
      phase: string,
      stream: string,
      events: { timestamp: number; message: string }[],
      ids: string[],
      timeoutMs = 30_000,
    ) => {
      await putEvents(logs, group, stream, events);
      const at = Date.now();
      written.push(...ids);
      const slow: number[] = latencies[phase] ?? [];
      latencies[phase] = slow;
      for (const id of ids) {
        const line = await run.waitForLine((l) => l.includes(id), timeoutMs);
        slow.push(line.at - at);
      }
      expect(run.running()).toBe(true);
    };

    // Steady: one invocation at a time (the first also waits for start-up and discovery).
    let n = 0;
    for (let i = 0; i < 3; i++) {
      const id = requestIdOf(n++);
      await writeAndWait(
        'steady',
        's-main',
        invocationEvents(id, Date.now()),
        [id],
        i === 0 ? 60_000 : 30_000,
      );
    }

    // A container whose clock runs ten minutes fast; then correctly stamped invocations.
    const skewed = requestIdOf(n++);
    await writeAndWait('skewed', 's-bad-clock', invocationEvents(skewed, Date.now() + 600_000), [skewed]);
    for (let i = 0; i < 3; i++) {
      const id = requestIdOf(n++);
      await writeAndWait('after skew', 's-main', invocationEvents(id, Date.now()), [id]);
    }

    // A stream created while following.
    await createStream(logs, group, 's-new');
    const fresh = requestIdOf(n++);
    await writeAndWait('new stream', 's-new', invocationEvents(fresh, Date.now()), [fresh]);

    // Ingested late: stamped 20 s ago, behind everything read so far, inside the look-back.
    const late = requestIdOf(n++);
    await writeAndWait('late', 's-late', invocationEvents(late, Date.now() - 20_000), [late]);

    // Events of one millisecond: every line of two invocations in two streams.
    const t = Date.now();
    const [a, b] = [requestIdOf(n++), requestIdOf(n++)];
    const sameMs = (id: string) => invocationEvents(id, t).map((e) => ({ ...e, timestamp: t }));
    await putEvents(logs, group, 's-ms-a', sameMs(a));
    await writeAndWait('same ms', 's-ms-b', sameMs(b), [a, b]);

    // A burst that spans two pages (10,000 events a page): 2,600 invocations, 10,400 events.
    const burstStart = Date.now() - 15_000;
    const burstIds: string[] = [];
    const burst: { timestamp: number; message: string }[] = [];
    for (let i = 0; i < 2600; i++) {
      const id = requestIdOf(i, 1);
      burstIds.push(id);
      burst.push(...invocationEvents(id, burstStart + i * 4));
    }
    // Its events are stamped before the follower's recent window, so they come by look-back
    // reads; on a loaded machine the burst's last write lands after a look-back has spent the
    // re-read credit, and its events then wait for the next look-back, which comes within
    // twice the look-back (2 min, see reread-budget.ts) at the latest.
    await writeAndWait('burst', 's-burst', burst, burstIds, 150_000);

    // Stop while one invocation is still running: it is printed, as incomplete.
    const open = requestIdOf(n++);
    await putEvents(logs, group, 's-main', invocationEvents(open, Date.now()).slice(0, 2));
    await new Promise((r) => setTimeout(r, 3000));
    run.child.kill('SIGINT');
    const exit = await run.exited;
    expect(exit.code).toBe(0);

    const printed = run.stdout.map((l) => JSON.parse(l.text) as { requestId: string; status: string });
    const counts = new Map<string, number>();
    for (const p of printed) counts.set(p.requestId, (counts.get(p.requestId) ?? 0) + 1);
    // Nothing lost, nothing doubled, nothing invented.
    expect([...counts.entries()].filter(([, c]) => c !== 1)).toEqual([]);
    expect(new Set(counts.keys())).toEqual(new Set([...written, open]));
    expect(printed.find((p) => p.requestId === open)?.status).toBe('incomplete');
    expect(printed.filter((p) => p.status !== 'success').map((p) => p.requestId)).toEqual([open]);

    // Printed within the bound while running, in every phase but the burst (whose size sets its pace).
    for (const [phase, values] of Object.entries(latencies)) {
      if (phase === 'burst') continue;
      // The first steady one includes start-up and function discovery.
      const measured = phase === 'steady' ? values.slice(1) : values;
      expect(Math.max(...measured), `slowest of phase "${phase}"`).toBeLessThan(FOLLOW_BOUND_MS);
    }
    const stderr = run.stderr.map((l) => l.text).join('\n');
    // Told while running (and again at the end): the skewed stream, by name.
    expect(stderr).toContain(
      `4 events of ${group} stamped up to 600 s ahead of their ingestion (stream s-bad-clock`,
    );
    expect(stderr).toContain(
      `lambdalens: ${written.length + 1} invocations (${written.length} success, 1 incomplete) from 1 function`,
    );
  }, 240_000);
});
