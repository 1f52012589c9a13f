/**
 * The list's TIME column carries the date when the rows it draws fall on more than one UTC
 * day. The real samples file holds invocations logged from 2014 to 2026, several of them
 * opened by a START line with no time of its own (a console copy): those rows keep the place
 * they arrived at, yet they draw the time their later lines give, and the date is decided
 * by the times drawn.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, type TmuxSession } from './tmux.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLES = 'test/fixtures/lambda-log-samples.txt';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe('tail on a terminal over rows of many days', () => {
  it('draws each row with its date when the first row began with a line without a time', async () => {
    session = startSession(`node bin/lambdalens.mjs tail --region us-east-1 ${SAMPLES}`, ROOT, 160, 45);
    const screen = await session.waitFor((s) => s.includes('input ended'));
    const rowOf = (requestId: string): string => screen.split('\n').find((l) => l.endsWith(requestId)) ?? '';
    // Its START has no time; its next line says 2014-11-21T03:22:30.438Z.
    expect(rowOf('a0537bcb-712d-11e4-8c97-af075a3c0929')).toMatch(
      /^ {3}11-21 03:22:30\.438 lambda-log-samples /,
    );
    // 2026-10-08, a JSON-format record's time, twelve years after the first row.
    expect(rowOf('79b5e81f-9cdd-4145-b1f6-7c50ef8a2a36')).toMatch(
      /^ {3}10-08 07:30:27\.768 tenner-notifier /,
    );
    // A row with no time at all says so in the dated column's form.
    expect(rowOf('c793869b-ee49-115b-a5b6-4fd21e8dedac')).toMatch(
      /^ {3}--:-- --:--:--\.--- lambda-log-samples /,
    );
    expect(screen).toContain('   TIME (UTC)         FUNCTION');
  });
});

describe('t (jump to a time) over rows whose START had no time', () => {
  it('lands on the row drawn at or after the time typed', async () => {
    session = startSession(`node bin/lambdalens.mjs tail --region us-east-1 ${SAMPLES}`, ROOT, 160, 45);
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended'));
    const cursorRow = (s: string): string => s.split('\n').find((l) => l.startsWith('›')) ?? '';
    // Drawn 06-09 15:02:26.150 (2020); its START, copied from a console, has no time.
    tty.keys('t');
    await tty.waitFor((s) => s.includes('jump to'));
    tty.type('2020-06-09 15:00');
    tty.keys('Enter');
    const at = await tty.waitFor((s) => !s.includes('jump to') && cursorRow(s).includes('06-09 15:02'));
    expect(cursorRow(at)).toMatch(
      /^› {2}06-09 15:02:26\.150 lambda-log-samples .* 7c9567b5-107b-4a6c-8798-0157ac21db52$/,
    );
    // 2026-10-08 07:30:27.768, listed among rows of 2024 after it.
    tty.keys('t');
    await tty.waitFor((s) => s.includes('jump to'));
    tty.type('2026-10-08 07:30');
    tty.keys('Enter');
    const later = await tty.waitFor((s) => !s.includes('jump to') && cursorRow(s).includes('10-08 07:30'));
    expect(cursorRow(later)).toMatch(
      /^› {2}10-08 07:30:27\.768 tenner-notifier .* 79b5e81f-9cdd-4145-b1f6-7c50ef8a2a36$/,
    );
  });
});
