/**
 * `lambdalens ship --function F --since S`, then again with an earlier --since: every line
 * the second window shares with the first lands on the document the first run wrote, the
 * first line of each stream in the first window too. A window of CloudWatch history (and a
 * follower's) holds every event of each stream from its start time, so the stream's first
 * millisecond there is whole and its lines are named by content, as any later window names
 * them; named by event ID, they were stored a second time. Two identical lines of one
 * millisecond at the window's start stay two documents. Real CLI, moto and the real
 * Elasticsearch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFunction,
  createGroup,
  endpoint,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { esUrl } from '../services/clients.ts';
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';
import { count, search, useShipperEs } from '../support/shipper-es.ts';

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const env = () => ({ ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() });

describe('ship: a window, then an earlier window holding it, stores each line once (real CLI, moto, real Elasticsearch)', () => {
  const es = useShipperEs();
  const shipTo = (prefix: string) => ['--to', esUrl(), '--index-prefix', prefix];

  /**
   * A function with two streams, each serving one request begun at `t`: s1 logs one INFO line
   * at t + 1, s2 the same line twice in that millisecond (a loop). 9 lines, 2 invocations.
   */
  async function twoStreams(name: string) {
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1', 's2']);
    const t = Date.now() - 5 * 60_000;
    const [one, loop] = [1, 2].map((n) => requestIdOf(n, 48)) as [string, string];
    await putEvents(logs, group, 's1', invocationEvents(one, t));
    const [start, polling, ...rest] = invocationEvents(loop, t, 'polling');
    await putEvents(logs, group, 's2', [start!, polling!, polling!, ...rest]);
    return { t, later: new Date(t + 1).toISOString(), earlier: new Date(t - 1000).toISOString() };
  }

  /** The stored lines' messages, sorted, and how many there are. */
  async function lines(prefix: string) {
    const docs = await search<{ message: string }>(es.client, `${prefix}-logs`, { size: 100 });
    return docs.map((d) => d.message.replace(/^\S+\t\S+\t/, '')).sort();
  }

  const LINES = [
    'END RequestId: 00000048-0000-4000-8000-000000000001',
    'END RequestId: 00000048-0000-4000-8000-000000000002',
    'INFO\thello',
    'INFO\tpolling',
    'INFO\tpolling',
    expect.stringMatching(/^REPORT RequestId: 00000048-0000-4000-8000-000000000001\t/),
    expect.stringMatching(/^REPORT RequestId: 00000048-0000-4000-8000-000000000002\t/),
    'START RequestId: 00000048-0000-4000-8000-000000000001 Version: $LATEST',
    'START RequestId: 00000048-0000-4000-8000-000000000002 Version: $LATEST',
  ];

  /**
   * Ships the earlier window over what the first run stored: it writes the two STARTs alone,
   * and the invocations, read whole, replace the cut ones.
   */
  async function shipEarlierWindow(name: string, prefix: string, earlier: string) {
    const again = runCli(['ship', '--function', name, '--since', earlier, ...shipTo(prefix)], env());
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      'lambdalens: 11 documents: 2 written, 2 replaced by a more complete version, 7 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n',
    );
    expect(await count(es.client, `${prefix}-logs`)).toBe(9);
    expect(await lines(prefix)).toEqual(LINES);
  }

  it('ship --since S, then --since before S: the lines of S that begin each stream are already there', async () => {
    const prefix = await es.fresh('ship-window-line-ids');
    const name = uniqueName('ship-window-line-ids');
    const w = await twoStreams(name);
    const first = runCli(['ship', '--function', name, '--since', w.later, ...shipTo(prefix)], env());
    expect(first.code).toBe(0);
    // 7 lines (each stream from its INFO line on) and 2 invocations, cut by the window.
    expect(first.stderr).toContain(
      'lambdalens: 9 documents: 9 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered\n',
    );
    expect(await count(es.client, `${prefix}-logs`)).toBe(7);

    await shipEarlierWindow(name, prefix, w.earlier);
  }, 180_000);

  it('ship --follow --since S, stopped, then ship --since before S: the lines of S that begin each stream are already there', async () => {
    const prefix = await es.fresh('ship-follow-line-ids');
    const name = uniqueName('ship-follow-line-ids');
    const w = await twoStreams(name);
    cli = startCli(['ship', '--function', name, '--follow', '--since', w.later, ...shipTo(prefix)], env());
    const run = cli;
    const giveUp = Date.now() + 60_000;
    while ((await count(es.client, `${prefix}-invocations`)) !== 2) {
      expect(run.running()).toBe(true);
      if (Date.now() > giveUp)
        throw new Error(`not 2 invocations; stderr:\n${run.stderr.map((l) => l.text).join('\n')}`);
      await pause(200);
    }
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
    expect(run.stderr.map((l) => l.text)).toContain(
      'lambdalens: 9 documents: 9 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
    );
    expect(await count(es.client, `${prefix}-logs`)).toBe(7);

    await shipEarlierWindow(name, prefix, w.earlier);
  }, 180_000);
});
