/**
 * `lambdalens tail --function F --since S --until U` on a real terminal replays a window of
 * history onto the screen; an invocation begun before U whose END and REPORT are after it is
 * shown as read, `partial`, its detail view says it had not ended by --until, and once the
 * screen is gone the run says how many, in the words `logs` and piped `tail` print. Against
 * the moto server.
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

describe('tail on a terminal over a window of history whose end cuts invocations', () => {
  it('shows them partial, says why in their detail view, and after the screen how many, as logs does', async () => {
    const fn = await historyFunction('tail-screen-window-end', ['s1', 's2', 's3']);
    const t = fn.t;
    const [whole, cut, across] = [1, 2, 3].map((n) => requestIdOf(n, 6)) as [string, string, string];
    const since = new Date(t - 100).toISOString();
    const until = new Date(t + 1001).toISOString();
    await fn.put('s1', invocationEvents(whole, t));
    // Its START and first line are in the window, its END and REPORT after --until.
    await fn.put('s2', invocationEvents(cut, t + 1000));
    // Begun before --since and ended after --until: the window holds one line of it.
    await fn.put('s3', [
      { timestamp: t - 500, message: `START RequestId: ${across} Version: $LATEST\n` },
      { timestamp: t + 500, message: `${new Date(t + 500).toISOString()}\t${across}\tINFO\tworking\n` },
      { timestamp: t + 2000, message: `END RequestId: ${across}\n` },
      {
        timestamp: t + 2001,
        message: `REPORT RequestId: ${across}\tDuration: 2501.00 ms\tBilled Duration: 2502 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
      },
    ]);
    const window = ['--function', fn.name, '--since', since, '--until', until, '--no-traces'];

    // What logs and piped tail say of the window: the same, and the notes of both its edges.
    const logsRun = runCli(['logs', ...window], motoEnv());
    expect(logsRun.code).toBe(0);
    const endNote = `lambdalens: 2 invocations had not ended by --until ${until}: shown as incomplete; their END and REPORT, if any, are after the window (a later --until shows them)`;
    const startNote = `lambdalens: 1 invocation had started before --since ${since}:`;
    const [summary, ...notes] = logsRun.stderr.split('\n');
    expect(summary).toMatch(/^lambdalens: 3 invocations \(1 success, 2 incomplete\) /);
    expect(notes[0]).toBe(endNote);
    expect(notes[1]).toContain(startNote);
    expect(runCli(['tail', ...window], motoEnv()).stderr).toBe(logsRun.stderr);

    session = tailOnScreen(window);
    const tty = session;
    const rows = await rowsWhenEnded(tty, [whole, cut, across]);
    const rowOf = (id: string) => rows.find((l) => l.endsWith(id)) ?? '';
    expect(rowOf(whole)).toMatch(/ √ ok /);
    expect(rowOf(cut)).toMatch(/ ○ partial /);
    expect(rowOf(across)).toMatch(/ ○ partial /);

    const endCut = `had not ended by --until ${until}: shown as incomplete; its END and REPORT, if any, are after the window (a later --until shows them)`;
    const openDetail = (id: string) =>
      detailAt(
        tty,
        rows.findIndex((l) => l.endsWith(id)),
        id,
      );
    const cutDetail = await openDetail(cut);
    expect(cutDetail).toContain(endCut);
    expect(cutDetail).not.toContain('began before --since');
    const acrossDetail = await openDetail(across);
    expect(acrossDetail).toContain(`began before --since ${since}`);
    expect(acrossDetail).toContain(endCut);
    expect(await openDetail(whole)).not.toContain('had not ended');

    const after = await quitScreen(tty);
    expect(after).toMatch(/^EXITED 0$/m);
    // Once the screen is gone the run ends as logs does: its summary and both notes.
    expect(after.replace(/\n(?!lambdalens:|EXITED)/g, '')).toContain(logsRun.stderr);
  }, 90_000);
});
