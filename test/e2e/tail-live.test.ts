/**
 * `lambdalens tail` while input arrives, in a real terminal: the selection after following,
 * replay order across files, pausing while the ring keeps evicting, keys after the producer
 * of stdin (a Node process on the same terminal) exits, and quitting a stdin tail.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FIXTURE,
  folderPerFunction,
  invocationLines,
  producer,
  ROOT,
  requestIdOfSeq,
  TAIL,
  tempDir,
} from './tail-fixtures.ts';
import { isDetail, listRows, openSession, requestIdOf, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

const ended = (s: string) => s.includes('input ended');

describe('lambdalens tail with input arriving', () => {
  it('opens the row the cursor is drawn on after G, when rows came in since', async () => {
    // paced: the 8 invocations arrive over about 4 s, after G was pressed
    session = openSession(`${TAIL} --replay 2 ${FIXTURE}`, ROOT);
    const tty = session;
    await tty.waitFor((s) => listRows(s).length >= 1);
    tty.keys('k', 'G');
    const done = await tty.waitFor(ended, 30_000);
    const rows = listRows(done);
    expect(rows).toHaveLength(8);
    const marked = rows.filter((r) => r.startsWith('›'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toBe(rows[7]);
    tty.keys('Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes(requestIdOf(rows[7] ?? '')));
    expect(detail).toContain(requestIdOf(rows[7] ?? ''));
    tty.keys('Escape');
    await tty.waitFor((s) => listRows(s).length > 0);
    tty.keys('k', 'Enter');
    const previous = await tty.waitFor((s) => isDetail(s) && s.includes(requestIdOf(rows[6] ?? '')));
    expect(previous).not.toContain(requestIdOf(rows[7] ?? ''));
  });

  it('replays a folder of one file per function interleaved by time, not file after file', async () => {
    const dir = folderPerFunction();
    session = openSession(`${TAIL} --replay 2 ${dir}`, ROOT);
    const tty = session;
    // billing.ndjson sorts first: played file after file, its three rows would come first
    const early = await tty.waitFor((s) => listRows(s).length >= 3);
    expect(
      listRows(early)
        .slice(0, 3)
        .map((r) => /\.\d{3} (\S+)/.exec(r)?.[1]),
    ).toEqual(['orders', 'billing', 'orders']);
    const done = await tty.waitFor(ended, 30_000);
    const rows = listRows(done);
    expect(rows.map((r) => requestIdOf(r).slice(0, 8))).toEqual([
      'dbda340c',
      '5b866fb1',
      'dbb585bb',
      '16f8d3a2',
      'a719c94f',
      'd661f7cf',
      '527cb862',
      'ac086670',
    ]);
  });

  it('pins what a pause shows: a paused row opens long after the ring moved on', async () => {
    const dir = tempDir();
    const file = join(dir, 'orders.ndjson');
    // 400 invocations 10 ms apart played at their pace (100/s) through a ring of 20
    writeFileSync(file, `${invocationLines('orders', 400, 10).join('\n')}\n`);
    session = openSession(`${TAIL} --replay 1 --max-invocations 20 ${file}`, ROOT);
    const tty = session;
    await tty.waitFor((s) => /dropped [1-9]/.test(s));
    tty.keys('p');
    const paused = await tty.waitFor((s) => s.includes('PAUSED'));
    const frozen = listRows(paused).map(requestIdOf);
    expect(frozen.length).toBeGreaterThan(5);
    const done = await tty.waitFor(ended, 30_000);
    expect(listRows(done).map(requestIdOf)).toEqual(frozen);
    const dropped = Number(/dropped (\d+)/.exec(done)?.[1]);
    expect(dropped).toBeGreaterThan(300);
    expect(done).toMatch(/\(\d+ pinned kept\)/);
    tty.keys('g', 'Enter');
    // A frame reaches tmux in pieces: wait for the detail's lines, not only its title.
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('processing order'));
    expect(detail).toContain(frozen[0]);
    expect(detail).toContain('processing order');
    expect(detail).not.toContain('has left the buffer');
    // resumed, the list shows the newest again and the pins are released
    tty.keys('Escape');
    await tty.waitFor((s) => listRows(s).length > 0);
    tty.keys('p');
    // the row still selected stays pinned; following again lets it go
    await tty.waitFor(
      (s) => !s.includes('PAUSED') && s.includes(requestIdOfSeq(399)) && s.includes('(1 pinned kept)'),
    );
    tty.keys('G');
    await tty.waitFor(
      (s) => s.includes('following') && s.includes('shown 20 of 20') && !s.includes('pinned kept'),
    );
  });

  it('answers keys after the Node program piping into it exits and resets the terminal', async () => {
    const file = join(ROOT, FIXTURE);
    const exit = join(tempDir(), 'exit-now');
    // The producer prints the fixture and exits once the UI is up. At exit Node restores the
    // terminal modes it found at its start (cooked), which turns the UI's raw mode off.
    session = openSession(`${producer(file, 20, exit)} | ${TAIL} -`, ROOT, { shell: true });
    const tty = session;
    await tty.waitFor((s) => listRows(s).length === 8, 30_000);
    writeFileSync(exit, '');
    await tty.waitFor(ended, 10_000);
    tty.keys('?'); // no Enter: only a terminal in raw mode passes it on
    await tty.waitFor((s) => s.includes('· help'), 5000);
    tty.keys('Escape');
    await tty.waitFor((s) => !s.includes('· help'));
    tty.keys('q');
    const after = await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000);
    expect(after).toContain('EXITED 0');
    expect(after).not.toContain('?q');
  });

  it('quits a stdin tail whose producer never ends with exit 0 and no error', async () => {
    const file = join(ROOT, FIXTURE);
    session = openSession(`${producer(file, 20)} | ${TAIL} -`, ROOT, { shell: true });
    const tty = session;
    await tty.waitFor((s) => listRows(s).length === 8, 30_000);
    tty.keys('q');
    const after = await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000);
    // pipefail is off: $? is the tail's status
    expect(after).toContain('EXITED 0');
    expect(after).not.toContain('Premature close');
  });
});

describe('lambdalens tail settles finished invocations by the clock', () => {
  it('shows an invocation done within a second of its REPORT, on stdin and in a paced replay', async () => {
    const dir = tempDir();
    // one short invocation of `quick`, then `busy` keeps logging for 6 s (all rows fit the screen)
    const quick = invocationLines('quick', 1, 10, Date.UTC(2026, 0, 1), 1000);
    const busy = invocationLines('busy', 30, 200, Date.UTC(2026, 0, 1) + 50);
    const lines = [...quick, ...busy].sort(
      (a, b) =>
        (JSON.parse(a) as { timestamp: number }).timestamp -
        (JSON.parse(b) as { timestamp: number }).timestamp,
    );
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    for (const command of [`${TAIL} --replay 1 ${file}`, `${producer(file, 25)} | ${TAIL} -`]) {
      session = openSession(command, ROOT, { shell: true });
      const tty = session;
      const running = await tty.waitFor((s) => listRows(s).some((r) => r.includes(' quick ')), 30_000);
      const seenAt = Date.now();
      const quickRow = (s: string) => listRows(s).find((r) => r.includes(' quick ')) ?? '';
      if (quickRow(running).includes('running')) {
        await tty.waitFor((s) => quickRow(s).includes('ok'), 5000);
        expect(Date.now() - seenAt).toBeLessThan(1500);
      }
      // busy is still logging: the input has not ended
      const now = tty.screen();
      expect(now).not.toContain('input ended');
      expect(quickRow(now)).toContain('√ ok');
      session.kill();
      session = null;
    }
  }, 90_000);
});
