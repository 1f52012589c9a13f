import chalk from 'chalk';
import { describe, expect, it } from 'vitest';
import {
  colourLevel,
  FUNCTION_PALETTE,
  functionColour,
  functionColours,
  terminalColourLevel,
} from '../../../cli/tui/colour.ts';
import {
  headerCells,
  layoutColumns,
  layoutWidth,
  naturalFunctionWidth,
  rowCells,
} from '../../../cli/tui/columns.ts';
import { formatTotalUsd, STATUS_STYLE } from '../../../cli/tui/format.ts';
import { frameUpdate } from '../../../cli/tui/frame-writer.ts';
import { ASCII_GLYPHS, chooseGlyphs, UNICODE_GLYPHS } from '../../../cli/tui/glyphs.ts';
import { helpLines, helpScreen } from '../../../cli/tui/help.ts';
import { parseJumpTime } from '../../../cli/tui/jump.ts';
import { listLines } from '../../../cli/tui/list-lines.ts';
import { lineText, paintLine, plain } from '../../../cli/tui/paint.ts';
import { row } from './helpers.tsx';

describe('colour level', () => {
  it('follows the terminal when nothing says otherwise, and a CI variable changes nothing', () => {
    expect(colourLevel(undefined, { TERM: 'xterm-256color' })).toBe(2);
    expect(colourLevel(undefined, { TERM: 'xterm-256color', CI: 'true' })).toBe(2);
    expect(colourLevel(undefined, { TERM: 'screen' })).toBe(1);
    expect(colourLevel(undefined, { TERM: 'xterm', COLORTERM: 'truecolor' })).toBe(3);
    // A dumb terminal shows none; one we do not know, most likely 16.
    expect(colourLevel(undefined, { TERM: 'dumb' })).toBe(0);
    expect(colourLevel(undefined, { TERM: 'some-new-terminal' })).toBe(1);
  });

  it('NO_COLOR turns it off, FORCE_COLOR turns it on at its level, the flag beats both', () => {
    expect(colourLevel(undefined, { TERM: 'xterm-256color', NO_COLOR: '1' })).toBe(0);
    expect(colourLevel(undefined, { TERM: 'xterm-256color', NO_COLOR: '' })).toBe(2);
    expect(colourLevel(undefined, { TERM: 'dumb', FORCE_COLOR: '1' })).toBe(1);
    expect(colourLevel(undefined, { TERM: 'xterm', FORCE_COLOR: '3' })).toBe(3);
    expect(colourLevel(true, { TERM: 'dumb', NO_COLOR: '1' })).toBe(1);
    expect(colourLevel(false, { TERM: 'xterm-256color', FORCE_COLOR: '3' })).toBe(0);
  });

  it('reads capability from TERM and COLORTERM', () => {
    expect(terminalColourLevel({ TERM: 'tmux-256color' })).toBe(2);
    expect(terminalColourLevel({ TERM: 'linux' })).toBe(1);
    expect(terminalColourLevel({})).toBe(0);
  });

  it('gives each function its own colour, in order of appearance, never a status colour', () => {
    const colourOf = functionColours();
    const names = [
      'orders-api',
      'notifier',
      'etl-nightly',
      'subscription-report-builder',
      'payments-webhook',
      'image-resizer',
    ];
    const colours = names.map(colourOf);
    expect(new Set(colours).size).toBe(names.length);
    expect(colours).toEqual(FUNCTION_PALETTE.slice(0, names.length));
    const statusColours = new Set(Object.values(STATUS_STYLE).map((s) => s.colour));
    for (const c of FUNCTION_PALETTE) expect(statusColours.has(c)).toBe(false);
    // the same name keeps its colour; past the palette a name still gets one of it
    expect(names.map(colourOf)).toEqual(colours);
    for (let i = 0; i < 20; i++) expect(FUNCTION_PALETTE).toContain(colourOf(`fn-${i}`));
    expect(colourOf('fn-19')).toBe(colourOf('fn-19'));
    expect(functionColour('orders')).toBe(functionColour('orders'));
  });

  it('draws the palette colours with 256 colours, and none without colour', () => {
    const level = chalk.level;
    try {
      chalk.level = 2;
      expect(paintLine([plain('orders', { colour: 'orange', bold: true })], 20)).toContain(
        '\u001B[38;5;208m',
      );
      chalk.level = 0;
      expect(paintLine([plain('orders', { colour: 'orange', bold: true })], 20)).toBe('orders');
    } finally {
      chalk.level = level;
    }
  });
});

describe('glyphs', () => {
  it('uses ASCII when the locale is not UTF-8 or when asked', () => {
    expect(chooseGlyphs({ LANG: 'C.UTF-8' })).toBe(UNICODE_GLYPHS);
    expect(chooseGlyphs({ LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' })).toBe(ASCII_GLYPHS);
    expect(chooseGlyphs({ LANG: 'en_US.UTF-8' }, true)).toBe(ASCII_GLYPHS);
  });

  it('keeps every Unicode glyph to one column of WGL4 and every ASCII glyph to ASCII', () => {
    const flat = (g: typeof UNICODE_GLYPHS) => [
      ...Object.values(g.status),
      g.cold,
      g.trace,
      g.traceId,
      g.bookmark,
      g.cursor,
      g.bar,
    ];
    for (const glyph of flat(UNICODE_GLYPHS)) expect([...glyph]).toHaveLength(1);
    // ⧗ and ❄ (missing from common fonts) are gone
    expect(flat(UNICODE_GLYPHS).join('')).not.toMatch(/[⧗❄✔✖]/);
    for (const glyph of [...flat(ASCII_GLYPHS), ASCII_GLYPHS.separator, ASCII_GLYPHS.ellipsis])
      expect(glyph).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('list columns', () => {
  const shown = (width: number, withDate = false) => Object.keys(layoutColumns(width, 24, withDate).widths);

  it('shows everything at 160 columns, with the date when asked', () => {
    expect(shown(160)).toEqual([
      'time',
      'fn',
      'status',
      'cold',
      'duration',
      'billed',
      'memory',
      'cost',
      'trace',
      'request',
    ]);
    expect(layoutColumns(160, 24, true).widths.time).toBe(18);
  });

  it('shrinks FUNCTION before dropping anything, and keeps cost and request ID at 80 columns', () => {
    const at120 = layoutColumns(120, 24, false);
    expect(at120.widths).toMatchObject({ fn: 19, memory: 11, request: 36 });
    expect(at120.widths.billed).toBeUndefined();
    expect(shown(80)).toEqual(['time', 'fn', 'status', 'cold', 'duration', 'cost', 'trace', 'request']);
    expect(layoutWidth(layoutColumns(80, 24, false))).toBeLessThanOrEqual(80);
    expect(layoutWidth(layoutColumns(80, 24, true))).toBeLessThanOrEqual(80);
  });

  it('narrows in the README order: FUNCTION, then BILLED and MEM, then the request ID', () => {
    // 27: subscription-report-builder, the longest name of examples/data/logs (which span days)
    const at = (width: number) => layoutColumns(width, 27, true);
    const full = layoutWidth(at(1000));
    expect(at(full).widths).toMatchObject({ fn: 27, billed: 9, memory: 11, request: 36 });
    expect(at(full - 1).widths).toMatchObject({ fn: 26, billed: 9, memory: 11, request: 36 });
    expect(at(127).widths).toMatchObject({ fn: 10, billed: 9, memory: 11, request: 36 });
    const noBilled = at(120);
    expect(noBilled.widths).toMatchObject({ fn: 13, memory: 11, request: 36 });
    expect(noBilled.widths.billed).toBeUndefined();
    const noMemory = at(105);
    expect(noMemory.widths).toMatchObject({ fn: 10, request: 36 });
    expect(noMemory.widths.memory).toBeUndefined();
    expect(noMemory.widths.billed).toBeUndefined();
    expect(at(90).widths).toMatchObject({ fn: 23, cost: 11, request: 8 });
    for (const width of [130, 127, 120, 105, 90, 80])
      expect(layoutWidth(at(width))).toBeLessThanOrEqual(width);
  });

  it('gives the room a step frees beyond what was missing back to FUNCTION', () => {
    // Dropping BILLED frees 10 columns: 9 were left empty beside names cut to 10.
    expect(layoutColumns(120, 24, false).widths.fn).toBe(19);
    expect(layoutWidth(layoutColumns(120, 24, false))).toBe(120);
    // Shortening the request ID frees 28: FUNCTION takes back what it lacked; BILLED and MEM,
    // gone at 105 columns, stay gone at 100.
    expect(layoutColumns(100, 27, true).widths).toEqual({
      time: 18,
      fn: 27,
      status: 9,
      cold: 1,
      duration: 9,
      cost: 11,
      trace: 1,
      request: 8,
    });
    // A name cut short never sits beside empty columns.
    for (const natural of [8, 16, 24, 28])
      for (const withDate of [false, true])
        for (let width = 40; width <= 200; width++) {
          const layout = layoutColumns(width, natural, withDate);
          expect(layoutWidth(layout), `${width} ${natural} ${withDate}`).toBeLessThanOrEqual(width);
          if ((layout.widths.fn ?? 0) < natural)
            expect(layoutWidth(layout), `${width} ${natural}`).toBe(width);
        }
  });

  it('fits 40 columns whole: the trace mark goes, then the status is its symbol, and no duration is cut', () => {
    const rows = [
      row({
        requestId: 'a',
        functionName: 'billing',
        status: 'timeout',
        coldStart: true,
        durationMs: 300099.78,
      }),
      row({ requestId: 'b', functionName: 'orders', startMs: 86_400_000 + 3_632, durationMs: 24792.85 }),
    ];
    const drawn = (withDate: boolean) =>
      listLines({
        rows,
        selected: 1,
        height: 3,
        layout: layoutColumns(40, 8, withDate),
        glyphs: UNICODE_GLYPHS,
        bookmarks: new Set(),
        highlights: new Map(),
        emptyText: '',
      }).map(lineText);
    expect(drawn(false)).toEqual([
      '   TIME (U… FUNCT… STATUS    C    DUR ms',
      '   00:00:00 bil…ng ◊ timeout * 300099.78',
      '›  00:00:03 orders √ ok         24792.85',
    ]);
    expect(drawn(true)).toEqual([
      '   TIME (UTC)     FUNCTION S C    DUR ms',
      '   01-01 00:00:00 billing  ◊ * 300099.78',
      '›  01-02 00:00:03 orders   √    24792.85',
    ]);
  });

  it('shows a column shown at one width at every wider one, from 40 to 200 columns, with and without dates', () => {
    // examples/data/logs spans days and its longest name is 27: BILLED showed without MEM at
    // 115 columns and MEM without BILLED at 120.
    expect(Object.keys(layoutColumns(115, 27, true).widths)).toEqual([
      'time',
      'fn',
      'status',
      'cold',
      'duration',
      'cost',
      'trace',
      'request',
    ]);
    expect(layoutColumns(120, 27, true).widths).toMatchObject({ memory: 11 });
    expect(layoutColumns(120, 27, true).widths.billed).toBeUndefined();
    for (const natural of [8, 12, 16, 24, 27, 28])
      for (const withDate of [false, true]) {
        let narrower = layoutColumns(40, natural, withDate);
        for (let width = 41; width <= 200; width++) {
          const layout = layoutColumns(width, natural, withDate);
          for (const id of Object.keys(narrower.widths) as (keyof typeof layout.widths)[]) {
            const at = `${id} at ${width - 1} and ${width}, FUNCTION ${natural}${withDate ? ', dates' : ''}`;
            expect(layout.widths[id], at).toBeDefined();
            // Nor does a column shown shrink, but FUNCTION, which takes back what others free.
            if (id !== 'fn')
              expect(layout.widths[id] ?? 0, at).toBeGreaterThanOrEqual(narrower.widths[id] ?? 0);
          }
          if (narrower.seconds === false) expect(layout.seconds, `milliseconds at ${width}`).toBe(false);
          narrower = layout;
        }
      }
  });

  it('measures FUNCTION in the columns names are drawn in: a name of wide characters is whole when there is room', () => {
    const rows = [row({ functionName: '注文サービス' }), row({ functionName: 'orders' })];
    const natural = naturalFunctionWidth(rows);
    expect(natural).toBe(12);
    const layout = layoutColumns(160, natural, false);
    const [wide = row({})] = rows;
    expect(rowCells(wide, layout, UNICODE_GLYPHS).find((c) => c.id === 'fn')?.text).toBe('注文サービス');
  });

  it('fits 50 columns by dropping cost and request ID last', () => {
    const layout = layoutColumns(50, 24, false);
    expect(layoutWidth(layout)).toBeLessThanOrEqual(50);
    expect(Object.keys(layout.widths)).toContain('status');
  });

  it('aligns every cell to its column width', () => {
    const layout = layoutColumns(160, 12, false);
    const cells = rowCells(
      row({ functionName: 'orders', durationMs: 39.25, costUsd: 0.00000028 }),
      layout,
      UNICODE_GLYPHS,
    );
    for (const cell of cells) expect(cell.text).toHaveLength(layout.widths[cell.id] ?? -1);
    expect(cells.find((c) => c.id === 'duration')?.text.trim()).toBe('39.25');
    expect(cells.find((c) => c.id === 'cost')?.text.trim()).toBe('$0.00000028');
  });

  it('cuts a function name too long for its column in the middle: names sharing their start stay apart', () => {
    const layout = layoutColumns(111, 28, false);
    expect(layout.widths.fn).toBe(10);
    const fn = (functionName: string) =>
      rowCells(row({ functionName }), layout, UNICODE_GLYPHS).find((c) => c.id === 'fn')?.text;
    expect(fn('orders-api-production-handler')).toBe('order…dler');
    expect(fn('orders-api-production-worker')).toBe('order…rker');
    expect(fn('lltail20881-fn0')).toBe('lltai…-fn0');
    expect(fn('orders')).toBe('orders    ');
    expect(headerCells(layout, UNICODE_GLYPHS).find((c) => c.id === 'fn')?.text).toBe('FUNCTION  ');
  });
});

describe('help', () => {
  it('scrolls with a last line drawn in the glyphs asked for', () => {
    const last = (glyphs: typeof UNICODE_GLYPHS) =>
      helpScreen(helpLines(glyphs), 0, 10, glyphs)
        .at(-1)
        ?.map((p) => p.text)
        .join('');
    expect(last(ASCII_GLYPHS)).toMatch(/^lines 1-9 of \d+ \| j\/k PgUp\/PgDn scroll \| Esc back$/);
    expect(last(UNICODE_GLYPHS)).toMatch(/^lines 1-9 of \d+ · j\/k PgUp\/PgDn scroll · Esc back$/);
  });

  it('fits 80 columns on every line', () => {
    for (const glyphs of [UNICODE_GLYPHS, ASCII_GLYPHS]) {
      for (const line of helpLines(glyphs)) {
        const text = line.kind === 'key' ? `${line.keys} ${line.text}` : line.text;
        expect(text.length, text).toBeLessThanOrEqual(80);
      }
    }
  });

  it('wraps descriptions under their column on a narrow terminal, losing no word', () => {
    const wide = helpLines(UNICODE_GLYPHS, 200);
    const narrow = helpLines(UNICODE_GLYPHS, 40);
    expect(narrow.length).toBeGreaterThan(wide.length);
    for (const line of narrow) {
      const text = line.kind === 'key' ? `${line.keys} ${line.text}` : line.text;
      expect(text.length, text).toBeLessThanOrEqual(40);
    }
    const words = (lines: typeof wide) =>
      lines.flatMap((l) => `${l.kind === 'key' ? l.keys : ''} ${l.text}`.split(/\s+/).filter(Boolean));
    expect(words(narrow)).toEqual(words(wide));
    const g = narrow.findIndex((l) => l.kind === 'key' && l.keys.startsWith('g G'));
    expect(narrow.slice(g, g + 2)).toEqual([
      { kind: 'key', keys: 'g G  Home End', text: 'first / newest (G follows' },
      { kind: 'key', keys: ' '.repeat(13), text: 'new invocations)' },
    ]);
  });
});

describe('jump to a time', () => {
  const newest = Date.UTC(2026, 9, 1, 21, 18, 52, 816);
  it("reads clock times on the newest row's day, or the day before when later than it", () => {
    expect(parseJumpTime('21:00', newest)).toEqual({ ok: true, value: Date.UTC(2026, 9, 1, 21, 0) });
    expect(parseJumpTime('23:30:05.25', newest)).toEqual({
      ok: true,
      value: Date.UTC(2026, 8, 30, 23, 30, 5, 250),
    });
  });

  it("reads dates, the TIME column's month-day form, ISO and offsets", () => {
    expect(parseJumpTime('2026-09-30 08:15', newest)).toEqual({
      ok: true,
      value: Date.UTC(2026, 8, 30, 8, 15),
    });
    expect(parseJumpTime('09-30 08:15:01', newest)).toEqual({
      ok: true,
      value: Date.UTC(2026, 8, 30, 8, 15, 1),
    });
    expect(parseJumpTime('2026-09-30T08:15:00+02:00', newest)).toEqual({
      ok: true,
      value: Date.UTC(2026, 8, 30, 6, 15),
    });
    expect(parseJumpTime('-1h30m', newest)).toEqual({ ok: true, value: newest - 5_400_000 });
  });

  it('names what it cannot read', () => {
    expect(parseJumpTime('25:00', newest).ok).toBe(false);
    expect(parseJumpTime('soon', newest)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"soon"'),
    });
  });

  it('rejects dates that do not exist instead of rolling them over, naming the bad part', () => {
    expect(parseJumpTime('10-32 00:00', newest)).toEqual({
      ok: false,
      error: 'no day 32 in October 2026: it has 31 days',
    });
    expect(parseJumpTime('09-31 02:00', newest)).toEqual({
      ok: false,
      error: 'no day 31 in September 2026: it has 30 days',
    });
    expect(parseJumpTime('2026-13-01 00:00', newest)).toEqual({
      ok: false,
      error: 'no month 13: months are 1 to 12',
    });
    expect(parseJumpTime('2026-02-29', newest)).toMatchObject({
      ok: false,
      error: expect.stringContaining('February 2026'),
    });
    expect(parseJumpTime('2028-02-29 12:00', newest)).toEqual({ ok: true, value: Date.UTC(2028, 1, 29, 12) });
    expect(parseJumpTime('00-10 12:00', newest)).toMatchObject({
      ok: false,
      error: expect.stringContaining('month 0'),
    });
  });
});

describe('money on the status bar and in the summary', () => {
  it('never shows a cost too small for six decimals as zero', () => {
    expect(formatTotalUsd(0.00000023)).toBe('<$0.000001');
    expect(formatTotalUsd(0.0000006)).toBe('$0.000001');
    expect(formatTotalUsd(0)).toBe('$0.000000');
    expect(formatTotalUsd(0.0123)).toBe('$0.0123');
  });
});

describe('frame updates', () => {
  it('rewrites only the lines that changed, each at its own row', () => {
    expect(frameUpdate(['a', 'b', 'c'], ['a', 'B', 'c'], 24)).toBe('\u001B[2;1H\u001B[0m\u001B[2KB\u001B[0m');
    expect(frameUpdate(['a', 'b'], ['a', 'b'], 24)).toBe('');
  });

  it('clears lines a shorter frame leaves, draws a first frame whole, and never past the last row', () => {
    expect(frameUpdate(['a', 'b'], ['a'], 24)).toBe('\u001B[2;1H\u001B[0m\u001B[2K\u001B[0m');
    expect(frameUpdate(null, ['x'], 24)).toBe('\u001B[H\u001B[2J\u001B[1;1H\u001B[0m\u001B[2Kx\u001B[0m');
    expect(frameUpdate(null, ['1', '2', '3'], 2)).not.toContain('3');
  });
});
