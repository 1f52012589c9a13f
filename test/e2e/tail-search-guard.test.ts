/**
 * A search pattern whose matching can take exponential time, typed into `lambdalens tail` in
 * a real terminal: refused with its reason when its shape says so, given up after its time
 * budget when only running it tells, and the screen and its keys keep working either way.
 * Run on the thread that draws, it held that thread and the keys for good; Ctrl-C could not end it.
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

/** One invocation whose one line is `line`. */
function oneLineFile(line: string): string {
  const id = '11111111-1111-4111-8111-111111111111';
  const file = join(tempDir(), 'fn.log');
  writeFileSync(
    file,
    `START RequestId: ${id} Version: $LATEST\n${line}\nEND RequestId: ${id}\n` +
      `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
  );
  return file;
}

/** Starts tail on `file` in a terminal and waits for its input to end; notes its processes. */
async function tailOf(file: string): Promise<TmuxSession> {
  session = openSession(`${TAIL} ${file}`, ROOT, { width: 200, height: 12 });
  const tty = session;
  await tty.waitFor((s) => s.includes('input ended'), 20_000);
  children = execFileSync('pgrep', ['-P', String(tty.panePid())], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number);
  return tty;
}

const lastLine = (screen: string): string | undefined => screen.replace(/\n+$/, '').split('\n').at(-1);

describe('lambdalens tail search', () => {
  it("gives /(a|a)+b/ up on a line of 40 a's, says so, and goes on answering keys: Ctrl-C exits 0", async () => {
    // Overlapping alternatives: no check of the pattern's text refuses it, only running it tells.
    const tty = await tailOf(oneLineFile('a'.repeat(40)));
    tty.keys('/');
    await tty.waitFor((s) => s.includes('search /'));
    tty.type('/(a|a)+b/');
    tty.keys('Enter');
    const gaveUp = await tty.waitFor((s) => s.includes('gave up'), 5_000);
    expect(lastLine(gaveUp)).toBe(
      'search /(a|a)+b/ gave up: too slow on this text (over 250 ms), so it is cleared',
    );
    // The search is cleared: the row is listed again, and the title names no search.
    expect(gaveUp).toContain('11111111-1111-4111-8111-111111111111');
    expect(gaveUp.split('\n')[0]).not.toContain('search:');
    // A pattern that is quick on the same text still searches (on a new thread).
    tty.keys('/');
    await tty.waitFor((s) => lastLine(s)?.startsWith('search /') === true);
    tty.type('/a{40}$/');
    tty.keys('Enter');
    // The new thread holds no line yet: its first frame may say it is still searching.
    const found = await tty.waitFor((s) => s.includes('search: /a{40}$/ ('), 5_000);
    expect(found.split('\n')[0]).toMatch(
      /search: \/a\{40\}\$\/ \((searching, 0 invocations so far|1 invocation)\)/,
    );
    const done = await tty.waitFor((s) => s.includes('search: /a{40}$/ (1 invocation)'), 5_000);
    expect(done.split('\n')[0]).toContain('search: /a{40}$/ (1 invocation)');
    const started = Date.now();
    tty.keys('C-c');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 5_000)).toMatch(/^EXITED 0$/m);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses /(x+x+)+y/ with its reason and keeps answering keys: q quits with 0', async () => {
    const tty = await tailOf(oneLineFile('x'.repeat(40)));
    tty.keys('/');
    await tty.waitFor((s) => s.includes('search /'));
    tty.type('/(x+x+)+y/');
    tty.keys('Enter');
    const refused = await tty.waitFor((s) => s.includes('regular expression refused'), 5_000);
    expect(lastLine(refused)).toBe(
      'regular expression refused: (x+x+)+ repeats a group that repeats inside, which can take exponential time on a long line; write it without the nesting',
    );
    tty.keys('Escape', 'q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });
});
