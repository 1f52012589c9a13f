/**
 * A search pattern whose matching can take exponential time, typed into `lambdalens tail` in
 * a real terminal: it is refused with its reason, and the screen and its keys keep working.
 * Run, it held the thread that draws and reads keys for good; Ctrl-C could not end it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, TAIL, tempDir } from './tail-fixtures.ts';
import { openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
/** Processes of the pane, ended by force after the test: a tail stuck in a match ignores signals. */
let children: number[] = [];
afterEach(() => {
  session?.kill();
  session = null;
  for (const pid of children) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children = [];
});

describe('lambdalens tail search', () => {
  it('refuses /(x+x+)+y/ with its reason and keeps answering keys: q quits with 0', async () => {
    const id = '11111111-1111-4111-8111-111111111111';
    const file = join(tempDir(), 'fn.log');
    writeFileSync(
      file,
      `START RequestId: ${id} Version: $LATEST\n${'x'.repeat(40)}\nEND RequestId: ${id}\n` +
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    );
    session = openSession(`${TAIL} ${file}`, ROOT, { width: 200, height: 12 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'), 20_000);
    children = execFileSync('pgrep', ['-P', String(tty.panePid())], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    tty.keys('/');
    await tty.waitFor((s) => s.includes('search /'));
    tty.type('/(x+x+)+y/');
    tty.keys('Enter');
    const refused = await tty.waitFor((s) => s.includes('regular expression refused'), 5_000);
    expect(refused.replace(/\n$/, '').split('\n').at(-1)).toBe(
      'regular expression refused: (x+x+)+ repeats a group that repeats inside, which can take exponential time on a long line; write it without the nesting',
    );
    tty.keys('Escape', 'q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });
});
