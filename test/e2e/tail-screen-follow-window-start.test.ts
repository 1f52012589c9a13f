/**
 * `lambdalens tail --function F --follow --since S` on a real terminal, where an invocation
 * began before S: the screen applies the rule `logs --follow` and piped `tail` apply to a
 * follower's first window, from S to when following began, which its first poll reads whole.
 * A request whose lines are in it and whose START is not began before S: listed `partial`,
 * not a success, its detail view saying why; one first seen after following began is shown
 * as read; once the screen is gone the run says how many began before --since, in the words
 * `logs --follow` uses for the same run. Against the moto server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { invocationEvents, type LiveCli, requestIdOf, startCli } from '../support/live-cli.ts';
import { detailAt, historyFunction, motoEnv, quitScreen, tailOnScreen } from './history-window.ts';
import { listRows, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
let follow: LiveCli | null = null;
afterEach(() => {
  session?.kill();
  session = null;
  follow?.kill();
  follow = null;
});

describe('tail --follow on a terminal: an invocation begun before --since, its lines in the first window', () => {
  it('lists it partial with why in its detail view, and says after the screen how many, as logs --follow does', async () => {
    const fn = await historyFunction('tail-screen-follow-window', ['s1', 's2']);
    const t = fn.t;
    const [cut, whole, after] = [1, 2, 3].map((n) => requestIdOf(n, 11)) as [string, string, string];
    // `cut` began at t; the window begins at t + 1, after its START.
    await fn.put('s1', [...invocationEvents(cut, t), ...invocationEvents(whole, t + 1000)]);
    const since = new Date(t + 1).toISOString();
    const flags = ['--function', fn.name, '--follow', '--since', since];

    session = tailOnScreen([...flags, '--no-traces']);
    const tty = session;
    follow = startCli(['logs', ...flags, '-o', 'ndjson'], motoEnv());
    const logs = follow;
    const rowOf = (rows: string[], id: string) => rows.find((l) => l.endsWith(id)) ?? '';
    // Both rows, ended (either way): the first window's poll is behind the screen.
    const ended = (id: string) => (s: string) => / (√ ok|○ partial) /.test(rowOf(listRows(s), id));
    const first = listRows(await tty.waitFor((s) => ended(cut)(s) && ended(whole)(s), 60_000));
    expect(rowOf(first, cut)).toMatch(/ ○ partial /);
    expect(rowOf(first, whole)).toMatch(/ √ ok /);
    // The oldest row first: the invocation the window's start cut.
    expect(await detailAt(tty, 0, cut)).toContain(
      `began before --since ${since}: its START and first lines are before the window, so it is shown incomplete unless its lines in it show a failure (an earlier --since shows them)`,
    );
    await logs.waitForLine((l) => l.includes(cut), 60_000);

    // After following began: a request whose START is not among what was read is not taken
    // as begun before --since (only the first window is read whole from --since).
    const a = Date.now();
    await fn.put('s2', invocationEvents(after, a).slice(1));
    const rows = listRows(await tty.waitFor(ended(after), 60_000));
    expect(rowOf(rows, after)).toMatch(/ √ ok /);
    expect(rowOf(rows, cut)).toMatch(/ ○ partial /);
    await logs.waitForLine((l) => l.includes(after), 60_000);
    logs.child.kill('SIGINT');
    expect((await logs.exited).code).toBe(0);

    const screenGone = await quitScreen(tty);
    expect(screenGone).toMatch(/^EXITED 0$/m);
    const closing = [
      `lambdalens: 3 invocations (2 success, 1 incomplete) from 1 function, 0 cold starts, ${since} → ${new Date(a + 3).toISOString()}`,
      `lambdalens: 1 invocation had started before --since ${since}: shown as incomplete unless its lines in the window show a failure; its START and first lines are before the window (an earlier --since shows them)`,
    ];
    expect(logs.stderr.map((l) => l.text)).toEqual(closing);
    // What the screen's run says once the screen is gone: the same two lines as logs --follow.
    expect(screenGone.replace(/\n(?!lambdalens:|EXITED)/g, '')).toContain(`${closing.join('\n')}\n`);
  }, 180_000);
});
