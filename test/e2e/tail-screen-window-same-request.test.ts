/**
 * One request ID in three streams of a window of history (Lambda retried the request: each
 * attempt ran in an execution environment, and so a stream, of its own): the first attempt
 * began before --since, the second ran whole inside the window, the third had not ended by
 * --until. Each row's detail view says what the window did to that attempt alone; looked up
 * by the request ID, every row said both. Against the moto server.
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

describe('tail on a terminal over a window of history holding one request ID in three streams', () => {
  it('notes the window’s start or end only in the detail view of the attempt it cut', async () => {
    const fn = await historyFunction('tail-screen-window-retry', ['first', 'second', 'third']);
    const t = fn.t;
    const id = requestIdOf(1, 5);
    const since = new Date(t).toISOString();
    const until = new Date(t + 1001).toISOString();
    const [start, ...rest] = invocationEvents(id, t + 99);
    await fn.put('first', [{ ...start!, timestamp: t - 500 }, ...rest]);
    await fn.put('second', invocationEvents(id, t + 300));
    const running = invocationEvents(id, t + 600).slice(0, 2);
    const ended = invocationEvents(id, t + 1999).slice(2);
    await fn.put('third', [...running, ...ended]);
    const window = ['--function', fn.name, '--since', since, '--until', until, '--no-traces'];

    // logs counts one attempt cut at each edge of the window.
    const logsRun = runCli(['logs', ...window], motoEnv());
    expect(logsRun.code).toBe(0);
    expect(logsRun.stderr).toMatch(/^lambdalens: 3 invocations \(1 success, 2 incomplete\) /);
    expect(logsRun.stderr).toContain(`lambdalens: 1 invocation had not ended by --until ${until}:`);
    expect(logsRun.stderr).toContain(`lambdalens: 1 invocation had started before --since ${since}:`);

    session = tailOnScreen(window);
    const tty = session;
    const rows = await rowsWhenEnded(tty, [id]);
    expect(rows.map((r) => / (○ partial|√ ok) /.exec(r)?.[1])).toEqual(['○ partial', '√ ok', '○ partial']);
    // What the detail header says after the log group: the stream, then the window's notes.
    const headerNotes = async (index: number): Promise<string> => {
      const detail = await detailAt(tty, index, id);
      return detail
        .slice(detail.indexOf(fn.group) + fn.group.length, detail.indexOf(' Console log stream'))
        .trim();
    };
    expect(await headerNotes(0)).toBe(
      `first began before --since ${since}: its START and first lines are before the window, so it is shown incomplete unless its lines in it show a failure (an earlier --since shows them)`,
    );
    expect(await headerNotes(1)).toBe('second');
    expect(await headerNotes(2)).toBe(
      `third had not ended by --until ${until}: shown as incomplete; its END and REPORT, if any, are after the window (a later --until shows them)`,
    );
    const after = await quitScreen(tty);
    expect(after).toMatch(/^EXITED 0$/m);
    expect(after.replace(/\n(?!lambdalens:|EXITED)/g, '')).toContain(logsRun.stderr);
  }, 90_000);
});
