/**
 * Lines of a request that a follower reads after the request was, or could have been,
 * printed, met where a user meets them: `logs --follow` against CloudWatch (moto), each
 * part of a stream put in its own poll. A request whose END and REPORT come after the whole
 * next request of its stream is printed once, whole; a line tagged with a request already
 * printed is shown as a late line of that request, never as a new invocation.
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
import { FAKE_AWS } from '../support/cli.ts';
import { infoLine, invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

interface Record {
  type?: string;
  requestId: string;
  status?: string;
  logStream?: string;
  lines: { message: string }[];
}

const records = (run: LiveCli): Record[] => run.stdout.map((l) => JSON.parse(l.text) as Record);
const messages = (events: { message: string }[]) => events.map((e) => e.message.replace(/\n$/, ''));

/** Follows a new function's group with streams `s-main` and `s-marker`; returns what it needs. */
async function follow(prefix: string, output: 'ndjson' | 'text', more: string[] = []) {
  const name = uniqueName(prefix);
  await createFunction(name);
  const group = `/aws/lambda/${name}`;
  const logs = logsClient();
  await createGroup(logs, group, ['s-main', 's-marker']);
  const run = startCli(['logs', '--function', name, '--follow', '--since', '2m', '-o', output, ...more], {
    ...FAKE_AWS,
    AWS_ENDPOINT_URL: endpoint(),
  });
  cli = run;
  const put = (stream: string, events: { timestamp: number; message: string }[]) =>
    putEvents(logs, group, stream, events);
  return { run, put, name, group };
}

/** Stops the run as a user does and gives its closing summary. */
async function stop(run: LiveCli): Promise<string> {
  run.child.kill('SIGINT');
  expect((await run.exited).code).toBe(0);
  return run.stderr.map((l) => l.text).join('\n');
}

describe('logs --follow: a request whose END and REPORT are read after the whole next request', () => {
  it('prints it once, whole, when its REPORT comes, after the request that followed it', async () => {
    const { run, put } = await follow('follow-late-end', 'ndjson');
    const [a, b, marker] = [requestIdOf(1, 91), requestIdOf(2, 91), requestIdOf(3, 91)];
    const t = Date.now();
    const aEvents = [
      { timestamp: t, message: `START RequestId: ${a} Version: $LATEST\n` },
      infoLine(t + 1, a, 'A working'),
      { timestamp: t + 500, message: `END RequestId: ${a}\n` },
      {
        timestamp: t + 500,
        message: `REPORT RequestId: ${a}\tDuration: 499.00 ms\tBilled Duration: 500 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\t\n`,
      },
    ];
    const bEvents = invocationEvents(b, t + 1000, 'B working');
    // Poll 1: A starts (a whole invocation in another stream says when a poll read it).
    await put('s-main', aEvents.slice(0, 2));
    await put('s-marker', invocationEvents(marker, t));
    await run.waitForLine((l) => l.includes(marker), 60_000);
    // Poll 2: the whole next request of the stream.
    await put('s-main', bEvents);
    await run.waitForLine((l) => l.includes(b), 60_000);
    // A later poll: A's END and REPORT, ingested late.
    await put('s-main', aEvents.slice(2));
    await run
      .waitForLine((l) => l.includes(`REPORT RequestId: ${a}`), 90_000)
      .catch(() => null /* what was printed is asserted below */);
    await new Promise((r) => setTimeout(r, 1500));
    const stderr = await stop(run);

    expect(records(run).map((p) => [p.requestId, p.status, p.lines.length])).toEqual([
      [marker, 'success', 4],
      [b, 'success', 4],
      [a, 'success', 4],
    ]);
    expect(records(run)[2]?.lines.map((l) => l.message)).toEqual(messages(aEvents));
    expect(stderr).toContain('lambdalens: 3 invocations (3 success) from 1 function');
  }, 240_000);
});

describe('logs --follow: a line tagged with a request already printed', () => {
  it('is a record of late lines of that request (NDJSON), not another invocation', async () => {
    const { run, put, name, group } = await follow('follow-late-ndjson', 'ndjson');
    const [c, marker] = [requestIdOf(1, 92), requestIdOf(2, 92)];
    const t = Date.now();
    const cEvents = invocationEvents(c, t, 'C working');
    await put('s-main', cEvents);
    await run.waitForLine((l) => l.includes(c), 60_000);
    // Written while C ran (an extension's line, say), ingested after C was printed.
    const late = infoLine(t + 2, c, 'C flushed late');
    await put('s-main', [late]);
    await run.waitForLine((l) => l.includes('C flushed late'), 45_000).catch(() => null);
    // The follow goes on as before: a later invocation prints as usual.
    await put('s-marker', invocationEvents(marker, Date.now()));
    await run.waitForLine((l) => l.includes(marker), 60_000);
    const stderr = await stop(run);

    const [first, lateRecord, last] = records(run);
    expect([first?.requestId, first?.status, first?.lines.map((l) => l.message)]).toEqual([
      c,
      'success',
      messages(cEvents),
    ]);
    expect(last?.status).toBe('success');
    expect(run.stdout).toHaveLength(3);
    expect(lateRecord).toEqual({
      type: 'late-lines',
      requestId: c,
      functionName: name,
      logGroup: group,
      logStream: 's-main',
      lines: [
        {
          timestamp: new Date(t + 2).toISOString(),
          level: 'INFO',
          message: messages([late])[0],
          eventId: expect.any(String),
        },
      ],
      droppedLines: 0,
    });
    // The record's fields in a fixed order, as an invocation's are.
    expect(Object.keys(lateRecord ?? {})).toEqual([
      'type',
      'requestId',
      'functionName',
      'logGroup',
      'logStream',
      'lines',
      'droppedLines',
    ]);
    expect(stderr).toContain('lambdalens: 2 invocations (2 success) from 1 function');
    expect(stderr).toContain(
      'lambdalens: 1 line was read after its invocation was printed: shown as a late line of it',
    );
  }, 240_000);

  it('is a block headed "late lines of" the request (text), not another invocation', async () => {
    const { run, put, name } = await follow('follow-late-text', 'text');
    const c = requestIdOf(1, 93);
    const t = Date.now();
    await put('s-main', invocationEvents(c, t, 'C working'));
    await run.waitForLine((l) => l.includes('C working'), 60_000);
    await put('s-main', [infoLine(t + 2, c, 'C flushed late')]);
    await run.waitForLine((l) => l.includes('C flushed late'), 45_000).catch(() => null);
    const stderr = await stop(run);

    const text = run.stdout.map((l) => l.text);
    const at = text.findIndex((l) => l.includes('C flushed late'));
    expect(text.slice(at - 1, at + 2)).toEqual([
      `${new Date(t + 2).toISOString()}  ${name}  late lines of ${c}`,
      `  ${new Date(t + 2).toISOString()}\t${c}\tINFO\tC flushed late`,
      '',
    ]);
    expect(text.filter((l) => l.includes(`  ${c}  `))).toHaveLength(1);
    expect(stderr).toContain('lambdalens: 1 invocation (1 success) from 1 function');
  }, 240_000);
});

describe('logs --follow --traces: late lines of an invocation still waiting for its trace', () => {
  it('are printed after that invocation, not before it', async () => {
    const { run, put } = await follow('follow-late-traced', 'ndjson', ['--traces']);
    const p = requestIdOf(1, 94);
    const t = Date.now();
    // Traced, and X-Ray (moto) never has its trace: printed once X-Ray could no longer be
    // indexing it, 30 s after it ended.
    const traced = invocationEvents(p, t, 'P working');
    const report = traced[3] as { timestamp: number; message: string };
    report.message = report.message.replace(
      /\n$/,
      'XRAY TraceId: 1-59602603-0123456789abcdef01234567\tSegmentId: 1fb07842d944e714\tSampled: true\t\n',
    );
    await put('s-main', traced);
    // Read by a later poll than P's REPORT, while P waits for its trace.
    await new Promise((r) => setTimeout(r, 8000));
    await put('s-main', [infoLine(t + 2, p, 'P flushed late')]);
    await run.waitForLine((l) => l.includes('P flushed late'), 60_000);
    await stop(run);

    expect(records(run).map((r) => [r.type ?? 'invocation', r.requestId, r.lines.length])).toEqual([
      ['invocation', p, 4],
      ['late-lines', p, 1],
    ]);
    expect(run.stdout[0]?.text).toContain('"match":"not-found"');
  }, 240_000);
});
