/**
 * Lines of a request that a follower reads after the request was, or could have been,
 * printed, met where a user meets them: `logs --follow` against CloudWatch (moto), each
 * part of a stream put in its own poll. A request whose END and REPORT come after the whole
 * next request of its stream is printed once, whole.
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
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';

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
const infoLine = (at: number, requestId: string, text: string) => ({
  timestamp: at,
  message: `${new Date(at).toISOString()}\t${requestId}\tINFO\t${text}\n`,
});

/** Follows a new function's group with streams `s-main` and `s-marker`; returns what it needs. */
async function follow(prefix: string, output: 'ndjson' | 'text') {
  const name = uniqueName(prefix);
  await createFunction(name);
  const group = `/aws/lambda/${name}`;
  const logs = logsClient();
  await createGroup(logs, group, ['s-main', 's-marker']);
  const run = startCli(['logs', '--function', name, '--follow', '--since', '2m', '-o', output], {
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
