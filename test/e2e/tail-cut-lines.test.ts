/**
 * What a terminal shows of lines the detail view cannot show whole: with wrap off a cut
 * line ends with … at the screen's edge (CJK and emoji included), and characters that draw
 * nothing (zero-width, bidi controls) reach the screen as <U+XXXX>, never as themselves.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cellWidth } from '../../collectors/kernel/index.ts';
import { ROOT, TAIL, tempDir } from './tail-fixtures.ts';
import { isDetail, openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

const ID = '0000000a-aaaa-4bbb-8ccc-000000000003';
const WIDTH = 80;

function input(): string {
  const t = Date.UTC(2026, 9, 1, 12);
  const messages = [
    `START RequestId: ${ID} Version: $LATEST\n`,
    `LONG-ASCII ${'x'.repeat(150)} END-ASCII\n`,
    `LONG-CJK: ${'漢字'.repeat(40)} END-CJK\n`,
    `LONG-EMOJI ${'😀'.repeat(60)} END-EMOJI\n`,
    'TROJAN if (user != "admin\u202e \u2066// check\u2069 \u2066") { pay\u200bment\n',
    `END RequestId: ${ID}\n`,
    `REPORT RequestId: ${ID}\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
  ];
  const file = join(tempDir(), 'cut.ndjson');
  writeFileSync(
    file,
    messages
      .map((message, i) =>
        JSON.stringify({ timestamp: t + i, message, logGroup: '/aws/lambda/orders', logStream: 's' }),
      )
      .join('\n'),
  );
  return file;
}

const lineWith = (screen: string, marker: string): string =>
  screen.split('\n').find((l) => l.includes(marker)) ?? '';

describe('lambdalens tail, detail view, in a real terminal', () => {
  it('ends a line cut by wrap off with … in the last column, and shows invisible characters', async () => {
    session = openSession(`${TAIL} ${input()}`, ROOT, { width: WIDTH, height: 30 });
    const tty = session;
    await tty.waitFor((s) => s.includes('input ended') && s.includes('shown 1 of 1'));
    tty.keys('Enter');
    await tty.waitFor((s) => isDetail(s) && s.includes('END-ASCII'));
    tty.keys('w');
    const cut = await tty.waitFor((s) => isDetail(s) && !s.includes('END-ASCII') && s.includes('LONG-EMOJI'));
    for (const marker of ['LONG-ASCII', 'LONG-CJK', 'LONG-EMOJI']) {
      const line = lineWith(cut, marker).trimEnd();
      expect(line.endsWith('…'), line).toBe(true);
      expect(cellWidth(line), line).toBe(WIDTH);
    }
    expect(lineWith(cut, 'LONG-ASCII')).toBe(` 12:00:00.001       LONG-ASCII ${'x'.repeat(48)}…`);
    // the wide characters stop short of the marker rather than straddle it
    expect(lineWith(cut, 'LONG-CJK').trimEnd()).toBe(` 12:00:00.002       LONG-CJK: ${'漢字'.repeat(12)} …`);
    const trojan = lineWith(cut, 'TROJAN');
    expect(trojan).toBe(' 12:00:00.004       TROJAN if (user != "admin<U+202E> <U+2066>// check<U+2069> …');
    expect(cut).not.toMatch(/[\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]/);
    // scrolled to the end, the longest line shows its end and no marker
    tty.keys(
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
      'Right',
    );
    const end = await tty.waitFor((s) => s.includes('END-EMOJI'));
    expect(lineWith(end, 'END-EMOJI').trimEnd().endsWith('END-EMOJI')).toBe(true);
  });
});
