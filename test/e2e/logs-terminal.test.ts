/**
 * `logs` on a real terminal (tmux) shows a log's escape sequences as ^X and never runs them
 * (no new pane title, no colour the log asked for); written to a file it keeps the log's text.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './tail-fixtures.ts';
import { openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ID = '11111111-2222-4333-8444-555555555556';
const HOSTILE = `x ${ESC}]0;PWNED${BEL} ${ESC}[41mred`;

describe('lambdalens logs with escape sequences in a message', () => {
  it('shows them on a terminal, and writes them as they are to a file', async () => {
    const dir = tempDir();
    const file = join(dir, 'esc-fn.log');
    writeFileSync(
      file,
      [
        `START RequestId: ${ID} Version: $LATEST`,
        `2026-10-01T10:00:00.100Z\t${ID}\tINFO\t${HOSTILE}`,
        `END RequestId: ${ID}`,
        '',
      ].join('\n'),
    );
    session = openSession(`node bin/lambdalens.mjs logs ${file}`, ROOT, { env: { TERM: 'tmux-256color' } });
    const screen = await session.waitFor((s) => /EXITED \d+/.test(s));
    expect(screen).toContain('x ^[]0;PWNED^G ^[[41mred');
    expect(session.title()).not.toContain('PWNED');
    expect(session.styledScreen()).not.toMatch(new RegExp(`${ESC}\\[(?:[0-9;]*;)?41(?:;[0-9;]*)?m`));
    // Piped or redirected, the text is the log's own.
    const piped = spawnSync(process.execPath, ['bin/lambdalens.mjs', 'logs', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(piped.stdout).toContain(HOSTILE);
  });
});
