/**
 * `logs --follow --since S` where an invocation began before S: its first window, from S to
 * when following began, is read as a window of history is, whole, so a request whose lines
 * are in it and whose START is not began before S. What was read of it cannot show a success
 * (its error line may be before the window): shown `incomplete`, as `logs --since S` without
 * `--follow` shows it, and the run says why when it stops. A failure its lines show stays that
 * failure. A request first seen after following began is shown as read. Run as the user runs
 * it, against the moto server, stopped by SIGINT.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { endpoint } from '../integration/aws/helpers.ts';
import { FAKE_AWS } from '../support/cli.ts';
import { type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';
import { followedPastFirstWindow, followPastFirstWindow, windowCutting } from './window-cutting.ts';

let cli: LiveCli | null = null;
afterEach(() => {
  cli?.kill();
  cli = null;
});

interface Printed {
  requestId: string;
  status: string;
  durationMs: number | null;
  lines: { message: string }[];
}

describe('logs --follow: an invocation begun before --since, its lines in the first window', () => {
  it('is shown incomplete with what was read of it, as without --follow, and the run says it began before --since', async () => {
    const window = await windowCutting('follow-window-start', 8);
    const { name, t, since } = window;
    const after = requestIdOf(4, 8);
    cli = startCli(['logs', '--function', name, '--follow', '--since', since, '-o', 'ndjson'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    const run = cli;
    const a = await followPastFirstWindow([run], window, after);

    const printed = run.stdout.map((l) => JSON.parse(l.text) as Printed);
    expect(printed.map((p) => [p.requestId, p.status, p.durationMs, p.lines.length]).sort()).toEqual(
      followedPastFirstWindow(window, after),
    );
    expect(run.stderr.map((l) => l.text)).toEqual([
      `lambdalens: 4 invocations (2 success, 1 error, 1 incomplete) from 1 function, 0 cold starts, ${new Date(t + 1).toISOString()} → ${new Date(a + 3).toISOString()}`,
      `lambdalens: 2 invocations had started before --since ${since}: shown as incomplete unless their lines in the window show a failure; their START and first lines are before the window (an earlier --since shows them)`,
    ]);
  }, 180_000);
});
