/**
 * `lambdalens tail --function F --since S --until U` on a real terminal replays a window of
 * history onto the screen, and applies the rule `logs` and piped `tail` apply to it: an
 * invocation begun before S, whose START the window lacks, is `incomplete` (partial), not a
 * success, and its detail view says why; once the screen is gone the run says how many began
 * before --since, as `logs` does. Against the moto server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { invocationEvents, requestIdOf } from '../support/live-cli.ts';
import {
  detailAt,
  historyFunction,
  motoEnv,
  quitScreen,
  rowsWhenEnded,
  tailOnScreen,
} from './history-window.ts';
import type { TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe('tail on a terminal over a window of history whose start cuts an invocation', () => {
  it('shows it partial with why in its detail view, and says after the screen how many, as logs does', async () => {
    const fn = await historyFunction('tail-screen-window', ['s1']);
    const t = fn.t;
    const [cut, whole] = [1, 2].map((n) => requestIdOf(n, 9)) as [string, string];
    // `cut` began at t; the window begins at t + 1, after its START.
    await fn.put('s1', [...invocationEvents(cut, t), ...invocationEvents(whole, t + 1000)]);
    const since = new Date(t + 1).toISOString();
    const until = new Date(t + 2000).toISOString();
    const window = ['--function', fn.name, '--since', since, '--until', until, '--no-traces'];

    session = tailOnScreen(window);
    const tty = session;
    const rows = await rowsWhenEnded(tty, [cut, whole]);
    const rowOf = (id: string) => rows.find((l) => l.endsWith(id)) ?? '';
    expect(rowOf(cut)).toMatch(/ ○ partial /);
    expect(rowOf(whole)).toMatch(/ √ ok /);
    // The oldest row first: the invocation the window's start cut.
    expect(await detailAt(tty, 0, cut)).toContain(
      `began before --since ${since}: its START and first lines are before the window, so it is shown incomplete unless its lines in it show a failure (an earlier --since shows them)`,
    );
    const after = await quitScreen(tty);
    expect(after).toMatch(/^EXITED 0$/m);
    const logsRun = runCli(['logs', ...window], motoEnv());
    const [summary, note] = logsRun.stderr.split('\n');
    expect(note).toContain('1 invocation had started before --since');
    // What the screen's run says once the screen is gone: the same two lines as logs.
    expect(after.replace(/\n(?!lambdalens:|EXITED)/g, '')).toContain(`${summary}\n${note}\n`);
  }, 60_000);
});
