/**
 * `lambdalens tail --function F --since S --until U` on a real terminal replays a window of
 * history onto the screen, and applies the rule `logs` and piped `tail` apply to it: an
 * invocation begun before S, whose START the window lacks, is `incomplete` (partial), not a
 * success, and its detail view says why; once the screen is gone the run says how many began
 * before --since, as `logs` does. Against the moto server.
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
import { FAKE_AWS, runCli } from '../support/cli.ts';
import { invocationEvents, requestIdOf } from '../support/live-cli.ts';
import { ROOT } from './tail-fixtures.ts';
import { isDetail, openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe('tail on a terminal over a window of history whose start cuts an invocation', () => {
  it('shows it partial with why in its detail view, and says after the screen how many, as logs does', async () => {
    const name = uniqueName('tail-screen-window');
    await createFunction(name);
    const group = `/aws/lambda/${name}`;
    const logs = logsClient();
    await createGroup(logs, group, ['s1']);
    const t = Date.now() - 30 * 60_000;
    const [cut, whole] = [1, 2].map((n) => requestIdOf(n, 9)) as [string, string];
    // `cut` began at t; the window begins at t + 1, after its START.
    await putEvents(logs, group, 's1', [...invocationEvents(cut, t), ...invocationEvents(whole, t + 1000)]);
    const since = new Date(t + 1).toISOString();
    const until = new Date(t + 2000).toISOString();
    const window = `--function ${name} --since ${since} --until ${until} --no-traces`;

    const env = `AWS_ENDPOINT_URL=${endpoint()} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1`;
    session = openSession(`env ${env} node bin/lambdalens.mjs tail ${window}`, ROOT, {
      width: 160,
      height: 40,
    });
    const tty = session;
    const list = await tty.waitFor((s) => s.includes('input ended') && s.includes(whole), 30_000);
    const rowOf = (id: string) => list.split('\n').find((l) => l.endsWith(id)) ?? '';
    expect(rowOf(cut)).toMatch(/ ○ partial /);
    expect(rowOf(whole)).toMatch(/ √ ok /);
    // The oldest row first: the invocation the window's start cut.
    tty.keys('g', 'Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes(cut));
    expect(detail.replace(/\n /g, ' ')).toContain(
      `began before --since ${since}: its START and first lines are before the window, so it is shown incomplete unless its lines in it show a failure (an earlier --since shows them)`,
    );
    tty.keys('q');
    const after = await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000);
    expect(after).toMatch(/^EXITED 0$/m);
    const logsRun = runCli(['logs', '--function', name, '--since', since, '--until', until, '--no-traces'], {
      ...FAKE_AWS,
      AWS_ENDPOINT_URL: endpoint(),
    });
    const [summary, note] = logsRun.stderr.split('\n');
    expect(note).toContain('1 invocation had started before --since');
    // What the screen's run says once the screen is gone: the same two lines as logs.
    expect(after.replace(/\n(?!lambdalens:|EXITED)/g, '')).toContain(`${summary}\n${note}\n`);
  }, 60_000);
});
