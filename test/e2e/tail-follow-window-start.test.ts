/**
 * `tail --function F --follow --since S`, piped, where an invocation began before S: tail
 * piped prints what `logs` prints, so its first window, from S to when following began, is
 * read whole as `logs --follow` reads it. A request whose lines are in it and whose START is
 * not began before S: shown `incomplete` with its REPORT's figures, a failure its lines show
 * stays that failure, a request first seen after following began is shown as read, and the
 * run says when it stops how many began before --since. Run as the user runs them, `tail`
 * and `logs` side by side against the moto server, stopped by SIGINT.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { endpoint } from '../integration/aws/helpers.ts';
import { FAKE_AWS } from '../support/cli.ts';
import { type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';
import { followedPastFirstWindow, followPastFirstWindow, windowCutting } from './window-cutting.ts';

const runs: LiveCli[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.kill();
});

interface Printed {
  requestId: string;
  status: string;
  durationMs: number | null;
  lines: { message: string }[];
}

describe('tail --follow piped: an invocation begun before --since, its lines in the first window', () => {
  it('is shown incomplete and the run says it began before --since, as logs --follow prints the same run', async () => {
    const window = await windowCutting('tail-follow-window-start', 10);
    const { name, since } = window;
    const after = requestIdOf(4, 10);
    const env = { ...FAKE_AWS, AWS_ENDPOINT_URL: endpoint() };
    // Traces are not asked of X-Ray: logs does not ask them unless told, tail does.
    const tail = startCli(
      ['tail', '--function', name, '--follow', '--since', since, '-o', 'ndjson', '--no-traces'],
      env,
    );
    const follow = startCli(['logs', '--function', name, '--follow', '--since', since, '-o', 'ndjson'], env);
    runs.push(tail, follow);
    const a = await followPastFirstWindow([tail, follow], window, after);

    const printed = tail.stdout.map((l) => JSON.parse(l.text) as Printed);
    expect(printed.map((p) => [p.requestId, p.status, p.durationMs, p.lines.length]).sort()).toEqual(
      followedPastFirstWindow(window, after),
    );
    expect(tail.stderr.map((l) => l.text)).toEqual([
      `lambdalens: 4 invocations (2 success, 1 error, 1 incomplete) from 1 function, 0 cold starts, ${since} → ${new Date(a + 3).toISOString()}`,
      `lambdalens: 2 invocations had started before --since ${since}: shown as incomplete unless their lines in the window show a failure; their START and first lines are before the window (an earlier --since shows them)`,
    ]);
    // What logs --follow prints of the same run, line for line (the order invocations
    // complete in may differ between two followers' polls).
    expect(tail.stdout.map((l) => l.text).sort()).toEqual(follow.stdout.map((l) => l.text).sort());
    expect(tail.stderr.map((l) => l.text)).toEqual(follow.stderr.map((l) => l.text));
  }, 180_000);
});
