/**
 * The log group the window-start tests read: a window of history (or a follower's first
 * window) that begins at t + 1 cuts some of its requests and not others, and each command
 * (logs, tail, ship; with and without --follow) must show the same ones cut.
 */

import { expect } from 'vitest';
import {
  createFunction,
  createGroup,
  logsClient,
  putEvents,
  uniqueName,
} from '../integration/aws/helpers.ts';
import { invocationEvents, type LiveCli, requestIdOf } from '../support/live-cli.ts';

type Events = { timestamp: number; message: string }[];

/**
 * A function whose group holds, around `t` (`minutesAgo` before now): `cut`, begun at t,
 * and `whole`, a second later, in stream s1; `failed`, begun at t - 500, whose error line,
 * END and REPORT are after t, in s2. s3 is left to the test (`put`). Request IDs are
 * `requestIdOf(n, idSeed)` for n = 1, 2, 3: a test's own requests take 4 on.
 */
export async function windowCutting(prefix: string, idSeed: number, minutesAgo = 5) {
  const name = uniqueName(prefix);
  await createFunction(name);
  const group = `/aws/lambda/${name}`;
  const logs = logsClient();
  await createGroup(logs, group, ['s1', 's2', 's3']);
  const t = Date.now() - minutesAgo * 60_000;
  const [cut, whole, failed] = [1, 2, 3].map((n) => requestIdOf(n, idSeed)) as [string, string, string];
  await putEvents(logs, group, 's1', [...invocationEvents(cut, t), ...invocationEvents(whole, t + 1000)]);
  // `failed` began before the window too; the window holds the error line that ended it.
  await putEvents(logs, group, 's2', [
    { timestamp: t - 500, message: `START RequestId: ${failed} Version: $LATEST\n` },
    {
      timestamp: t + 10,
      message: `${new Date(t + 10).toISOString()}\t${failed}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"boom"}\n`,
    },
    { timestamp: t + 11, message: `END RequestId: ${failed}\n` },
    {
      timestamp: t + 12,
      message: `REPORT RequestId: ${failed}\tDuration: 512.00 ms\tBilled Duration: 512 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\t\n`,
    },
  ]);
  const put = (stream: string, events: Events) => putEvents(logs, group, stream, events);
  return { name, t, cut, whole, failed, since: new Date(t + 1).toISOString(), put };
}

/**
 * Follows past the first window: waits until each run has printed `failed` and `cut` (read
 * by its first poll), then writes `after` in s3 without its START, as a request whose START
 * was lost after following began, waits until each run prints it and stops each with SIGINT,
 * which must end it with 0. Returns when `after` began.
 */
export async function followPastFirstWindow(
  runs: LiveCli[],
  window: Pick<Awaited<ReturnType<typeof windowCutting>>, 'cut' | 'failed' | 'put'>,
  after: string,
): Promise<number> {
  for (const run of runs) {
    await run.waitForLine((l) => l.includes(window.failed), 60_000);
    await run.waitForLine((l) => l.includes(window.cut), 10_000);
  }
  const a = Date.now();
  await window.put('s3', invocationEvents(after, a).slice(1));
  for (const run of runs) {
    await run.waitForLine((l) => l.includes(after), 60_000);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  }
  return a;
}

/**
 * What a follower of `windowCutting`'s group prints past its first window, as
 * [requestId, status, durationMs, lines] sorted: `cut` incomplete with its REPORT's figures
 * and without its START, `after` shown as read (only the first window is read whole from
 * --since).
 */
export function followedPastFirstWindow(
  window: Pick<Awaited<ReturnType<typeof windowCutting>>, 'cut' | 'whole' | 'failed'>,
  after: string,
): (string | number)[][] {
  return [
    [window.cut, 'incomplete', 2, 3],
    [window.whole, 'success', 2, 4],
    [window.failed, 'error', 512, 3],
    [after, 'success', 2, 3],
  ].sort();
}
