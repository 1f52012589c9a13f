/**
 * Escape sequences from the data on a real terminal: names (a log stream CloudWatch allowed,
 * a file's name) in `tail`, a message in `logs`. The terminal shows them as ^X and never runs
 * them (no new pane title, no colour); `logs` written to a pipe keeps the log's own text.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, TAIL, tempDir } from './tail-fixtures.ts';
import { isDetail, isList, listRows, openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const ID = '0000000a-aaaa-4bbb-8ccc-000000000001';
/** An SGR sequence setting a red or blue background, as the names ask for. */
const RED_OR_BLUE_BACKGROUND = new RegExp(`${ESC}\\[(?:[0-9;]*;)?4[14](?:;[0-9;]*)?m`);
const REPORT = `REPORT RequestId: ${ID}\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`;

describe('lambdalens tail with escape sequences in names', () => {
  it('shows a function named by its file and a log stream as ^X, leaving the title and colours alone', async () => {
    const dir = tempDir();
    // A text log named after its function, the name holding a title change and a blue background.
    writeFileSync(
      join(dir, `fn${ESC}]0;FILE-TITLE${BEL}${ESC}[44mX.log`),
      [`START RequestId: ${ID} Version: $LATEST`, `END RequestId: ${ID}`, REPORT, ''].join('\n'),
    );
    const stream = `evil${ESC}]0;PWNED-TITLE${BEL}${ESC}[41mRED`;
    const id = ID.replace('0000000a', '0000000b');
    const t = Date.UTC(2026, 9, 1, 12);
    writeFileSync(
      join(dir, 'stream.ndjson'),
      [`START RequestId: ${id} Version: $LATEST\n`, `END RequestId: ${id}\n`, `${REPORT.replace(ID, id)}\n`]
        .map((message, i) =>
          JSON.stringify({ timestamp: t + i, message, logGroup: '/aws/lambda/orders', logStream: stream }),
        )
        .join('\n'),
    );
    session = openSession(`${TAIL} ${join(dir, 'fn*X.log')} ${join(dir, 'stream.ndjson')}`, ROOT, {
      env: { TERM: 'tmux-256color' },
    });
    const tty = session;
    const list = await tty.waitFor((s) => s.includes('input ended') && s.includes('shown 2 of 2'));
    const titleBefore = tty.title();
    expect(titleBefore).not.toContain('TITLE');
    // (a text log without times: its row has no clock)
    const fileRow = list.split('\n').find((r) => r.includes(ID)) ?? '';
    expect(fileRow).toContain('fn^[]0;FILE-TITLE^G^[[44mX');
    // the columns after the name are where the header puts them
    const header = list.split('\n').find((l) => l.includes('FUNCTION')) ?? '';
    expect(fileRow.indexOf(ID)).toBe(header.indexOf('REQUEST ID'));
    expect(tty.styledScreen()).not.toMatch(RED_OR_BLUE_BACKGROUND);
    expect(list).toContain('(fn^[]0;FILE-TITLE^G^[[44mX <$0.000001  orders <$0.000001)');
    expect((listRows(list).find((r) => r.startsWith('›')) ?? '').includes(id)).toBe(true);
    tty.keys('Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('REPORT'));
    expect(detail).toContain('evil^[]0;PWNED-TITLE^G^[[41mRED');
    expect(tty.title()).toBe(titleBefore);
    expect(tty.styledScreen()).not.toMatch(RED_OR_BLUE_BACKGROUND);
    tty.keys('Escape');
    await tty.waitFor(isList);
    expect(tty.title()).toBe(titleBefore);
  });
});

describe('lambdalens logs with escape sequences in a message', () => {
  it('shows them on a terminal, and writes them as they are to a pipe', async () => {
    const id = ID.replace('0000000a', '0000000c');
    const hostile = `x ${ESC}]0;PWNED${BEL} ${ESC}[41mred`;
    const file = join(tempDir(), 'esc-fn.log');
    writeFileSync(
      file,
      [
        `START RequestId: ${id} Version: $LATEST`,
        `2026-10-01T10:00:00.100Z\t${id}\tINFO\t${hostile}`,
        `END RequestId: ${id}`,
        '',
      ].join('\n'),
    );
    session = openSession(`node bin/lambdalens.mjs logs ${file}`, ROOT, { env: { TERM: 'tmux-256color' } });
    const screen = await session.waitFor((s) => /EXITED \d+/.test(s));
    expect(screen).toContain('x ^[]0;PWNED^G ^[[41mred');
    expect(session.title()).not.toContain('PWNED');
    expect(session.styledScreen()).not.toMatch(RED_OR_BLUE_BACKGROUND);
    // Piped or redirected, the text is the log's own.
    const piped = spawnSync(process.execPath, ['bin/lambdalens.mjs', 'logs', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(piped.stdout).toContain(hostile);
  });
});
