import { describe, expect, it } from 'vitest';
import { fitLines } from '../../../cli/tui/detail-lines.ts';
import { lineText, plain } from '../../../cli/tui/paint.ts';
import { sanitize } from '../../../cli/tui/sanitize.ts';
import { cellWidth } from '../../../collectors/kernel/index.ts';
import type { LogEvent } from '../../../collectors/model.ts';
import { press, recordingHost, renderApp, settle, storeOf, waitForFrame } from './helpers.tsx';

const ID = '0000000a-aaaa-4bbb-8ccc-000000000002';
// What it displays as ("access granted if user is admin") is not what it holds.
const TROJAN = 'if (user != "admin\u202e \u2066// check\u2069 \u2066") {';
const ZERO_WIDTH = 'pay\u200bment\u200f ok\u2028next\u2060\ufeffend';

function events(): LogEvent[] {
  const t = Date.UTC(2026, 9, 1, 12);
  const event = (offset: number, message: string) =>
    ({ timestamp: t + offset, message, logGroup: '/aws/lambda/pay\u200bments', logStream: 's' }) as LogEvent;
  return [
    event(0, `START RequestId: ${ID} Version: $LATEST\n`),
    event(1, `${new Date(t + 1).toISOString()}\t${ID}\tINFO\t${TROJAN}\n`),
    event(2, `${new Date(t + 2).toISOString()}\t${ID}\tINFO\t${ZERO_WIDTH}\n`),
    event(3, `END RequestId: ${ID}\n`),
    event(
      4,
      `REPORT RequestId: ${ID}\tDuration: 2.50 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    ),
  ];
}

describe('invisible format characters', () => {
  it('are shown as <U+XXXX>, as the bidi controls are; a joiner inside an emoji sequence is kept', () => {
    expect(sanitize(ZERO_WIDTH)).toBe('pay<U+200B>ment<U+200F> ok<U+2028>next<U+2060><U+FEFF>end');
    expect(sanitize('\u200c\u200d\u200e\u2061\u2062\u2063\u2064\u2029')).toBe(
      '<U+200C><U+200D><U+200E><U+2061><U+2062><U+2063><U+2064><U+2029>',
    );
    expect(sanitize(TROJAN)).toBe('if (user != "admin<U+202E> <U+2066>// check<U+2069> <U+2066>") {');
    expect(sanitize('family 👨\u200d👩\u200d👧 ok')).toBe('family 👨\u200d👩\u200d👧 ok');
    expect(sanitize('a\u200db')).toBe('a<U+200D>b');
  });

  it('are shown in the list and the detail view, and the copied line keeps them', async () => {
    const host = recordingHost();
    const { lastFrame, stdin, unmount } = renderApp(storeOf(events()), 160, 30, host);
    const list = await waitForFrame(lastFrame, (f) => f.includes('shown 1 of 1'));
    expect(list.split('\n').find((l) => l.includes(ID))).toContain('pay<U+200B>ments');
    await press(stdin, '\r');
    const detail = await waitForFrame(lastFrame, (f) => f.includes('· invocation\n'));
    expect(detail).toContain('INFO if (user != "admin<U+202E> <U+2066>// check<U+2069> <U+2066>") {');
    expect(detail).toContain('INFO pay<U+200B>ment<U+200F> ok<U+2028>next<U+2060><U+FEFF>end');
    expect(detail).not.toMatch(/[\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]/);
    await press(stdin, 'G', 'k', 'k', 'c');
    await settle();
    expect(host.copied).toEqual([`2026-10-01T12:00:00.002Z\t${ID}\tINFO\t${ZERO_WIDTH}`]);
    unmount();
  });
});

describe('a line cut at the edge with wrap off', () => {
  const gutter = [plain('12:00:00.000 INFO  ')];
  const cut = (body: string, width: number, scrollX = 0) =>
    fitLines([{ gutter, body: [plain(body)] }], width, false, scrollX).map((l) => lineText(l.pieces));

  it('ends with … in its last column, and a line that fits has none', () => {
    expect(cut('a'.repeat(30), 19 + 20)).toEqual([`12:00:00.000 INFO  ${'a'.repeat(19)}…`]);
    expect(cut('a'.repeat(20), 19 + 20)).toEqual([`12:00:00.000 INFO  ${'a'.repeat(20)}`]);
    // scrolled to its end: nothing more to the right
    expect(cut('a'.repeat(25) + 'b'.repeat(5), 19 + 20, 10)).toEqual([
      `12:00:00.000 INFO  ${'a'.repeat(15)}bbbbb`,
    ]);
  });

  it('keeps the … in the last column when wide characters meet the edge', () => {
    // 20 columns: 9 CJK characters (18) then the marker; the 10th would straddle it
    const [cjk] = cut('漢'.repeat(15), 19 + 20);
    expect(cjk).toBe(`12:00:00.000 INFO  ${'漢'.repeat(9)} …`);
    expect(cellWidth(cjk ?? '')).toBe(39);
    const [emoji] = cut(`x${'😀'.repeat(12)}`, 19 + 20);
    expect(emoji).toBe(`12:00:00.000 INFO  x${'😀'.repeat(9)}…`);
    expect(cellWidth(emoji ?? '')).toBe(39);
  });
});

describe('a wrapped line', () => {
  const gutter = [plain('12:00:00.000 INFO  ')];
  /** Rows of `body` wrapped to 10 columns after the 19 of the gutter. */
  const wrapped = (body: string) =>
    fitLines([{ gutter, body: [plain(body)] }], 19 + 10, true, 0).map((l) => lineText(l.pieces).trimStart());

  it('never cuts a shown control in two', () => {
    // `^A` would start in the 10th column: it goes whole to the next row.
    expect(wrapped(`${'x'.repeat(9)}\u0001yyy`)).toEqual([`12:00:00.000 INFO  ${'x'.repeat(9)}`, '^Ayyy']);
    expect(wrapped(`${'x'.repeat(5)}\u200byy`)).toEqual([
      `12:00:00.000 INFO  ${'x'.repeat(5)}`,
      '<U+200B>yy',
    ]);
    expect(wrapped(`${'x'.repeat(8)}\u009bz`)).toEqual([`12:00:00.000 INFO  ${'x'.repeat(8)}`, '^[[z']);
    // A caret of the log's own text is a character like any other.
    expect(wrapped(`${'x'.repeat(9)}^yyy`)).toEqual([`12:00:00.000 INFO  ${'x'.repeat(9)}^`, 'yyy']);
  });
});
