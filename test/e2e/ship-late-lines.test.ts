/**
 * `lambdalens ship` from live input, against the real Elasticsearch, when a stream's lines
 * come out of order across reads: a request whose END and REPORT are read after the whole
 * next request of its stream, and a line tagged with a request whose invocation document
 * was already written. Each request must have one invocation document, whole (its REPORT
 * figures), and each line one line document: met on a pipe that stays open (`ship -`) and
 * following CloudWatch (`ship --follow`, moto), each part of the stream in its own poll.
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
import { FAKE_AWS } from '../support/cli.ts';
import {
  asTailCopy,
  infoLine,
  invocationEvents,
  type LiveCli,
  requestIdOf,
  startCli,
} from '../support/live-cli.ts';
import { count, search, useShipperEs } from '../support/shipper-es.ts';

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

interface InvocationDoc {
  '@timestamp': string;
  faas: { execution: string };
  lambdalens: {
    invocation: { status: string; line_count: number; billed_duration_ms: number | null; start: string };
  };
}

/** Request A's events: START and a line, then END and REPORT 500 ms later. */
function requestA(a: string, t: number) {
  return [
    { timestamp: t, message: `START RequestId: ${a} Version: $LATEST\n` },
    infoLine(t + 1, a, 'A working'),
    { timestamp: t + 500, message: `END RequestId: ${a}\n` },
    {
      timestamp: t + 500,
      message: `REPORT RequestId: ${a}\tDuration: 499.00 ms\tBilled Duration: 500 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\t\n`,
    },
  ];
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ship from live input, lines read out of order (real CLI, real Elasticsearch)', () => {
  const es = useShipperEs();
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const stream = `${day}/[$LATEST]0123456789abcdef`;

  /** Waits until `index` holds `n` documents matching `query`, failing if the CLI ends first. */
  async function waitCount(
    index: string,
    query: Record<string, unknown> | undefined,
    n: number,
    run: LiveCli,
  ) {
    const giveUp = Date.now() + 60_000;
    while ((await count(es.client, index, query)) !== n) {
      expect(run.running()).toBe(true);
      if (Date.now() > giveUp)
        throw new Error(`not ${n} in ${index}; stderr:\n${run.stderr.map((l) => l.text).join('\n')}`);
      await pause(200);
    }
  }

  /** Each invocation document as [request, status, line count, billed ms], oldest first. */
  async function invocations(prefix: string) {
    const docs = await search<InvocationDoc>(es.client, `${prefix}-invocations`, {
      size: 100,
      sort: [{ '@timestamp': 'asc' }],
    });
    return docs.map((d) => [
      d.faas.execution,
      d.lambdalens.invocation.status,
      d.lambdalens.invocation.line_count,
      d.lambdalens.invocation.billed_duration_ms,
    ]);
  }

  const byRequest = (id: string) => ({ term: { 'faas.execution': id } });
  const shipTo = (prefix: string) => ['--to', esUrl(), '--index-prefix', prefix];

  it('ship -: a request whose END and REPORT come after the whole next request is stored once, whole', async () => {
    const prefix = await es.fresh('ship-late-end');
    cli = startCli(['ship', '-', ...shipTo(prefix), '--function-name', 'late-fn']);
    const run = cli;
    const [a, b] = [requestIdOf(1, 93), requestIdOf(2, 93)];
    const t = Date.now() - 60_000;
    const aEvents = requestA(a, t);
    run.child.stdin.write(asTailCopy(aEvents.slice(0, 2), stream));
    await pause(1500);
    run.child.stdin.write(asTailCopy(invocationEvents(b, t + 1000, 'B working'), stream));
    await waitCount(`${prefix}-invocations`, byRequest(b), 1, run);
    await pause(1500);
    run.child.stdin.write(asTailCopy(aEvents.slice(2), stream));
    await waitCount(`${prefix}-invocations`, byRequest(a), 1, run);
    run.child.stdin.end();
    expect((await run.exited).code).toBe(0);

    // A's document was not written `incomplete` when B reported, then replaced by its END and REPORT alone.
    expect(run.stderr.map((l) => l.text)).toContain(
      'lambdalens: 10 documents: 10 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
    );
    expect(await invocations(prefix)).toEqual([
      [a, 'success', 4, 500],
      [b, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`, byRequest(a))).toBe(4);
    expect(await count(es.client, `${prefix}-logs`)).toBe(8);
  }, 120_000);

  it('ship -: a line of a request already stored is stored at once as its line; the invocation stays whole', async () => {
    const prefix = await es.fresh('ship-late-line');
    cli = startCli(['ship', '-', ...shipTo(prefix), '--function-name', 'late-fn']);
    const run = cli;
    const [c, d] = [requestIdOf(3, 93), requestIdOf(4, 93)];
    const t = Date.now() - 60_000;
    run.child.stdin.write(asTailCopy(invocationEvents(c, t, 'C working'), stream));
    await waitCount(`${prefix}-invocations`, byRequest(c), 1, run);
    // Written while C ran, read after its document: stored while the pipe is still open.
    run.child.stdin.write(asTailCopy([infoLine(t + 2, c, 'C flushed late')], stream));
    await waitCount(`${prefix}-logs`, byRequest(c), 5, run);
    run.child.stdin.write(asTailCopy(invocationEvents(d, t + 1000, 'D working'), stream));
    await waitCount(`${prefix}-invocations`, byRequest(d), 1, run);
    run.child.stdin.end();
    expect((await run.exited).code).toBe(0);

    // No second build of C's document, refused as already present at the end of input.
    expect(run.stderr.map((l) => l.text)).toContain(
      'lambdalens: 11 documents: 11 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
    );
    expect(await invocations(prefix)).toEqual([
      [c, 'success', 4, 2],
      [d, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`)).toBe(9);
  }, 120_000);

  it('ship -: a REPORT read after its request was let go `incomplete` still stores its figures', async () => {
    const prefix = await es.fresh('ship-late-report');
    cli = startCli(['ship', '-', ...shipTo(prefix), '--function-name', 'late-fn']);
    const run = cli;
    const [a, b, e] = [requestIdOf(8, 93), requestIdOf(9, 93), requestIdOf(10, 93)];
    const t = Date.now() - 60_000;
    const aEvents = requestA(a, t);
    run.child.stdin.write(asTailCopy(aEvents.slice(0, 2), stream));
    await pause(1500);
    run.child.stdin.write(asTailCopy(invocationEvents(b, t + 1000, 'B working'), stream));
    await waitCount(`${prefix}-invocations`, byRequest(b), 1, run);
    // The stream's next START after B: A waited long enough, and is stored `incomplete`.
    run.child.stdin.write(asTailCopy(invocationEvents(e, t + 2000, 'E working').slice(0, 2), stream));
    await waitCount(`${prefix}-invocations`, byRequest(a), 1, run);
    run.child.stdin.write(asTailCopy(aEvents.slice(2), stream));
    await waitCount(`${prefix}-logs`, byRequest(a), 4, run);
    await pause(1500);
    run.child.stdin.end();
    expect((await run.exited).code).toBe(0);

    // A's END and REPORT are its lines; the whole request replaces the `incomplete` document.
    expect(run.stderr.map((l) => l.text)).toContain(
      'lambdalens: 14 documents: 13 written, 1 replaced by a more complete version, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
    );
    expect(await invocations(prefix)).toEqual([
      [a, 'success', 4, 500],
      [b, 'success', 4, 2],
      [e, 'incomplete', 2, null],
    ]);
    // Placed and started at its START, as before its REPORT came.
    const [stored] = await search<InvocationDoc>(es.client, `${prefix}-invocations`, { query: byRequest(a) });
    expect([stored?.['@timestamp'], stored?.lambdalens.invocation.start]).toEqual([
      new Date(t).toISOString(),
      new Date(t).toISOString(),
    ]);
    expect(await count(es.client, `${prefix}-logs`)).toBe(10);
  }, 120_000);

  it('ship --follow: both, each part of the stream read by its own poll', async () => {
    const prefix = await es.fresh('ship-follow-late');
    const name = uniqueName('ship-follow-late');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s-main', 's-marker']);
    cli = startCli(['ship', '--function', name, '--follow', '--since', '2m', ...shipTo(prefix)], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    const run = cli;
    const put = (s: string, events: { timestamp: number; message: string }[]) =>
      putEvents(logs, group, s, events);
    const [a, b, marker] = [requestIdOf(5, 93), requestIdOf(6, 93), requestIdOf(7, 93)];
    const t = Date.now();
    const aEvents = requestA(a, t);
    // Poll 1: A starts (a whole invocation in another stream says when a poll read it).
    await put('s-main', aEvents.slice(0, 2));
    await put('s-marker', invocationEvents(marker, t - 100));
    await waitCount(`${prefix}-invocations`, byRequest(marker), 1, run);
    // Poll 2: the whole next request of the stream.
    await put('s-main', invocationEvents(b, t + 1000, 'B working'));
    await waitCount(`${prefix}-invocations`, byRequest(b), 1, run);
    // A later poll: A's END and REPORT, ingested late.
    await put('s-main', aEvents.slice(2));
    await waitCount(`${prefix}-invocations`, byRequest(a), 1, run);
    await waitCount(`${prefix}-logs`, byRequest(a), 4, run);
    // Later still: a line of A, whose document is stored.
    await put('s-main', [infoLine(t + 2, a, 'A flushed late')]);
    await waitCount(`${prefix}-logs`, byRequest(a), 5, run);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);

    expect(run.stderr.map((l) => l.text)).toContain(
      'lambdalens: 16 documents: 16 written, 0 already present, 0 dead-lettered, 0 re-sent, 0 not delivered',
    );
    expect(await invocations(prefix)).toEqual([
      [marker, 'success', 4, 2],
      [a, 'success', 4, 500],
      [b, 'success', 4, 2],
    ]);
    expect(await count(es.client, `${prefix}-logs`)).toBe(13);
  }, 240_000);
});
