/**
 * `lambdalens tail` and the terminal it borrows: colour as the environment asks (a `CI`
 * variable included), the shell's scrollback untouched, help readable at 80x16, Ctrl-Z and
 * `fg`, SIGTERM, input problems shown while running, the clipboard (OSC 52) and export.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE, ROOT, TAIL, TRACES, tempDir } from './tail-fixtures.ts';
import { isDetail, isList, listRows, openSession, type TmuxSession } from './tmux.ts';

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

const ended = (s: string) => s.includes('input ended');
const exited = (s: string) => /^EXITED \d+/m.test(s);
/** SGR sequences that set a foreground colour (not bold, dim or reset). */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[([0-9;]*)m`, 'g');
const colourCodes = (styled: string) =>
  new Set(
    [...styled.matchAll(SGR)]
      .flatMap((m) => (m[1] ?? '').split(';'))
      .filter((c) => /^(3[0-7]|9[0-7]|38)$/.test(c)),
  );

describe('lambdalens tail on the terminal', () => {
  it('draws in colour with TERM=xterm-256color even when CI is set, live, not only a final frame', async () => {
    session = openSession(`${TAIL} --replay 2 ${FIXTURE}`, ROOT, {
      env: { TERM: 'xterm-256color', CI: 'true' },
    });
    const tty = session;
    // rows appear one by one (live frames), before the input has ended
    const early = await tty.waitFor((s) => listRows(s).length >= 2 && !ended(s));
    expect(listRows(early).length).toBeLessThan(8);
    await tty.waitFor(ended, 30_000);
    const codes = colourCodes(tty.styledScreen());
    expect(codes).toContain('32'); // ok: green
    expect(codes).toContain('31'); // crash: red
    expect(codes).toContain('33'); // timeout: yellow
    expect(codes).toContain('35'); // oom: magenta
  });

  it('draws without colour under NO_COLOR, and with --color despite it', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { env: { TERM: 'xterm-256color', NO_COLOR: '1' } });
    await session.waitFor(ended);
    expect(colourCodes(session.styledScreen()).size).toBe(0);
    session.kill();
    session = openSession(`${TAIL} --color ${FIXTURE}`, ROOT, {
      env: { TERM: 'xterm-256color', NO_COLOR: '1' },
    });
    await session.waitFor(ended);
    expect(colourCodes(session.styledScreen())).toContain('31');
  });

  it("leaves the shell's screen and scrollback as they were after quitting", async () => {
    session = openSession(`seq -f 'before %g' 1 60; ${TAIL} ${FIXTURE}`, ROOT, { shell: true });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    tty.keys('q');
    const after = await tty.waitFor(exited, 10_000);
    expect(after).toContain('EXITED 0');
    const history = tty.history();
    for (let i = 1; i <= 60; i++) expect(history).toContain(`before ${i}\n`);
    // nothing of the UI went into the history: it was drawn on the alternate screen
    expect(history).not.toContain('lambdalens tail · invocations');
    expect(history.match(/before 60\n/g)).toHaveLength(1);
  });

  it('redraws in place when the terminal shrinks and grows: title, header, rows and bars where they belong', async () => {
    session = openSession(`${TAIL} examples/data/logs/orders-api.json`, ROOT, { width: 160, height: 45 });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    const clock = /^[› ] {2}(\d\d-\d\d )?\d\d:\d\d:\d\d/;
    /** The list as it must look at this size: nothing left over from the previous one. */
    const drawnFor = (width: number, height: number) => (screen: string) => {
      const lines = screen.replace(/\n$/, '').split('\n');
      const rows = lines.slice(2, height - 3);
      return (
        lines.length === height &&
        isList(screen) &&
        /^ {3}TIME \(UTC\)/.test(lines[1] ?? '') &&
        lines.filter((l) => l.includes('TIME (UTC)')).length === 1 &&
        rows.length === height - 5 &&
        rows.every((r) => clock.test(r)) &&
        rows[rows.length - 1]?.startsWith('›') === true &&
        /ev\/s/.test(lines[height - 3] ?? '') &&
        (lines[height - 1] ?? '').startsWith('Enter open') &&
        lines.every((l) => l.length <= width)
      );
    };
    for (const [width, height] of [
      [60, 15],
      [200, 50],
      [50, 12],
      [120, 30],
    ] as const) {
      tty.resize(width, height);
      const screen = await tty.waitFor(drawnFor(width, height), 10_000);
      const times = screen
        .split('\n')
        .slice(2, height - 3)
        .map((r) => r.slice(3, 21));
      expect([...times].sort()).toEqual(times);
    }
  });

  it("keeps an invocation's cost in the detail header at 60 and 50 columns with lines not wrapped", async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 60, height: 24 });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    // The last row (random-name, a cold start priced at $0.00000745) is the one selected.
    tty.keys('Enter');
    await tty.waitFor((s) => isDetail(s) && s.includes('Lines 4'));
    tty.keys('w');
    const header = (s: string) => s.split('\n')[1] ?? '';
    // A frame reaches tmux in pieces: wait for the header as it must read, then check it.
    const narrow = '›√ success  random-name  * cold start  $0.00000745';
    const at60 = await tty.waitFor(
      (s) => header(s).endsWith('$0.00000745') && !header(s).includes('ac086670'),
    );
    expect(header(at60)).toBe('›√ success  random-name ($LATEST)  * cold start  $0.00000745');
    expect(at60).toMatch(/^ total \$0\.00000745 {3}compute /m);
    tty.resize(50, 24);
    const at50 = await tty.waitFor((s) => s.split('\n').every((l) => l.length <= 50) && header(s) === narrow);
    expect(header(at50)).toBe(narrow);
    // Scrolled sideways, the header stays where it is.
    tty.keys('Right', 'Right', 'Right', 'Right');
    const scrolled = await tty.waitFor(
      (s) => !s.includes('Console log stream') && s.includes('Memory 256 MB'),
    );
    expect(header(scrolled)).toBe(narrow);
  });

  it('wraps the detail header between its parts at 60 and 40 columns: the request ID and the cost whole', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 60, height: 24 });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    tty.keys('Enter');
    const header = (s: string) => s.split('\n').slice(1, 4);
    const at60 = await tty.waitFor((s) => isDetail(s) && header(s)[2] === ' $0.00000745');
    expect(header(at60)).toEqual([
      '›√ success  random-name ($LATEST)',
      ' ac086670-6373-11e7-a174-f31b3397f190  * cold start',
      ' $0.00000745',
    ]);
    tty.resize(40, 24);
    const at40 = await tty.waitFor((s) => header(s)[2] === ' * cold start  $0.00000745');
    expect(header(at40)).toEqual([
      '›√ success  random-name ($LATEST)',
      ' ac086670-6373-11e7-a174-f31b3397f190',
      ' * cold start  $0.00000745',
    ]);
  });

  it("wraps the detail view's own words between words at 60 columns, and log lines where the row is full", async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 60, height: 40 });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    tty.keys('Enter');
    const rows = (s: string, title: string, count: number): string[] => {
      const lines = s.split('\n');
      const at = lines.indexOf(` ${title}`);
      return at < 0 ? [] : lines.slice(at + 1, at + 1 + count);
    };
    const screen = await tty.waitFor((s) => isDetail(s) && rows(s, 'Lines 4', 2).length === 2);
    expect(rows(screen, 'REPORT', 4)).toEqual([
      ' Duration 1740.12 ms   Billed 1741 ms   Memory 256 MB   Max',
      ' used 88 MB',
      ' Init 752.31 ms   XRAY TraceId',
      ' 1-59602603-23fc5b688855d396af79b496',
    ]);
    expect(rows(screen, 'Cost', 2)).toEqual([
      ' total $0.00000745   compute 0.435250 GB-s $0.00000725',
      ' request $0.00000020',
    ]);
    expect(rows(screen, 'Lines 4', 2)).toEqual([
      ' 12:00:08.111       START RequestId: ac086670-6373-11e7-a174',
      '                    -f31b3397f190 Version: $LATEST',
    ]);
    tty.keys('q');
    expect(await tty.waitFor((s) => /^EXITED \d+/m.test(s), 10_000)).toMatch(/^EXITED 0$/m);
  });

  it('keeps a column shown as the window widens: BILLED does not show without MEM at 115 columns and go at 120', async () => {
    // The example month spans days, so the rows have dates.
    session = openSession(`${TAIL} examples/data/logs`, ROOT, { width: 115, height: 12 });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    const header = (s: string) => s.split('\n')[1] ?? '';
    const expected: Record<number, string> = {
      115: '   TIME (UTC)         FUNCTION         STATUS    C    DUR ms      COST $ T REQUEST ID',
      120: '   TIME (UTC)         FUNCTION      STATUS    C    DUR ms      MEM MB      COST $ T REQUEST ID',
      127: '   TIME (UTC)         FUNCTION   STATUS    C    DUR ms BILLED ms      MEM MB      COST $ T REQUEST ID',
    };
    for (const width of [115, 120, 127]) {
      tty.resize(width, 12);
      const screen = await tty.waitFor((s) => header(s) === expected[width]);
      expect(header(screen)).toBe(expected[width]);
    }
    tty.keys('q');
    expect(await tty.waitFor(exited, 10_000)).toMatch(/^EXITED 0$/m);
  });

  it('tells apart functions whose names share their start when FUNCTION is narrow: cut in the middle', async () => {
    const dir = tempDir();
    const names = ['orders-api-production-handler', 'orders-api-production-worker'];
    names.forEach((name, f) => {
      const id = `${f}0000000-1111-4111-8111-111111111111`;
      const lines = [
        `START RequestId: ${id} Version: $LATEST`,
        `END RequestId: ${id}`,
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t`,
      ];
      writeFileSync(join(dir, `${name}.log`), `${lines.join('\n')}\n`);
    });
    // At 111 columns FUNCTION is cut to 10 and nothing is left over to widen it.
    session = openSession(`${TAIL} ${names.map((n) => join(dir, `${n}.log`)).join(' ')}`, ROOT, {
      width: 111,
      height: 12,
    });
    const rows = (s: string) => s.split('\n').filter((l) => l.includes('-1111-4111-8111-'));
    const screen = await session.waitFor((s) => ended(s) && rows(s).length === 2, 20_000);
    expect(rows(screen).map((r) => /order\S*/.exec(r)?.[0])).toEqual(['order…dler', 'order…rker']);
  });

  it('gives FUNCTION the columns a dropped column left over: no name cut beside empty columns', async () => {
    // The fixture's names take 11 columns: all the columns would take 122 at 120; BILLED
    // goes, which frees 10, and random-name is whole, not "rando…name" with 9 columns empty.
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 120, height: 16 });
    const screen = await session.waitFor((s) => ended(s) && listRows(s).length === 8, 20_000);
    expect(screen.split('\n')[1]).toBe(
      '   TIME (UTC)   FUNCTION    STATUS    C    DUR ms      MEM MB      COST $ T REQUEST ID',
    );
    expect(listRows(screen).at(-1)).toBe(
      '›  12:00:08.111 random-name √ ok      *   1740.12      88/256 $0.00000745 ◦ ac086670-6373-11e7-a174-f31b3397f190',
    );
  });

  it('draws a function named in wide characters whole when there is room: 注文サービス.log at 160 columns', async () => {
    const file = join(tempDir(), '注文サービス.log');
    const id = '11111111-1111-4111-8111-111111111111';
    writeFileSync(
      file,
      `START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\n` +
        `REPORT RequestId: ${id}\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n`,
    );
    session = openSession(`${TAIL} ${file}`, ROOT, { width: 160, height: 10 });
    const screen = await session.waitFor((s) => ended(s) && s.includes(id), 20_000);
    expect(screen.split('\n').find((l) => l.includes(id))).toBe(
      `›  --:--:--.--- 注文サービス √ ok            12.50        13      40/128 $0.00000023   ${id}`,
    );
  });

  it('draws whole rows at 40x10: the trace mark gone, no duration or header cut at the edge', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 40, height: 10 });
    const screen = await session.waitFor((s) => ended(s) && s.includes('ran…me'), 20_000);
    expect(screen.split('\n').slice(1, 7)).toEqual([
      '   TIME (U… FUNCT… STATUS    C    DUR ms',
      '   12:00:03 bil…ng ▲ oom        24792.85',
      '   12:00:03 orders √ ok           665.52',
      '   12:00:04 rep…ts √ ok      *    147.16',
      '   12:00:04 bil…ng ◊ timeout *   3016.78',
      '›  12:00:08 ran…me √ ok      *   1740.12',
    ]);
  });

  it('reads the whole help at 80x16 by scrolling it', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 80, height: 16 });
    const tty = session;
    await tty.waitFor((s) => listRows(s).length === 8);
    tty.keys('?');
    const first = await tty.waitFor((s) => s.includes('· help'));
    const lines = first.split('\n');
    expect(lines[1]).toBe('List');
    expect(first).toMatch(/lines 1-11 of \d+/);
    const seen = new Set(lines);
    for (let i = 0; i < 4; i++) {
      tty.keys('PageDown');
      await new Promise((r) => setTimeout(r, 300));
      for (const line of tty.screen().split('\n')) seen.add(line);
    }
    const all = [...seen].join('\n');
    for (const binding of [
      'open the selected invocation',
      'wrap long lines, or scroll them sideways',
      'suspend (fg resumes)',
    ]) {
      expect(all).toContain(binding);
    }
    expect(all).toMatch(/q {2}Ctrl-C +quit/);
  });

  it('wraps the help at 50x12 instead of cutting it, and scrolls to its last line', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { width: 50, height: 12 });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    tty.keys('?');
    let screen = await tty.waitFor((s) => s.includes('· help'));
    const seen: string[] = [];
    const footer = /lines (\d+)-(\d+) of (\d+)/;
    for (let page = 0; page < 20; page++) {
      const [, from, to, of] = footer.exec(screen) ?? [];
      const lines = screen.split('\n');
      seen.push(...lines.slice(1, 1 + Number(to) - Number(from) + 1));
      if (to === of) break;
      tty.keys('PageDown');
      screen = await tty.waitFor((s) => footer.exec(s)?.[1] !== from);
    }
    expect(footer.exec(screen)?.[2]).toBe(footer.exec(screen)?.[3]);
    for (const line of seen) expect(line.length, line).toBeLessThanOrEqual(50);
    expect(seen.join('\n')).not.toContain('…');
    const text = seen.join(' ').replace(/\s+/g, ' ');
    for (const described of [
      'first / newest (G follows new invocations)',
      'filter: fn:NAME status:timeout,oom|errors cold min:MS',
      'fold / unfold the JSON line under the cursor',
      'copy request ID / trace ID / line (OSC 52)',
      'Times are UTC; durations in ms, memory in MB, cost in USD.',
    ]) {
      expect(text).toContain(described);
    }
  });

  it('suspends with Ctrl-Z, gives the shell back, and resumes with fg', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { shell: true });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    tty.keys('j', 'C-z');
    const stopped = await tty.waitFor((s) => /Stopped/.test(s) && /^\$ ?$/m.test(s), 10_000);
    expect(listRows(stopped)).toHaveLength(0);
    tty.type('fg');
    tty.keys('Enter');
    const back = await tty.waitFor((s) => isList(s) && listRows(s).length === 8, 10_000);
    expect(back).toContain('shown 8 of 8');
    tty.keys('q');
    // the shell already ran the rest of the command line when the job stopped: ask it now
    await tty.waitFor((s) => !isList(s) && /^\$ ?$/m.test(s), 10_000);
    tty.type('echo "AFTER $?"');
    tty.keys('Enter');
    expect(await tty.waitFor((s) => /^AFTER \d+/m.test(s), 10_000)).toMatch(/^AFTER 0$/m);
  });

  it('gives the terminal back and exits 0 on SIGTERM', async () => {
    session = openSession(`${TAIL} ${FIXTURE}`, ROOT, { shell: true });
    const tty = session;
    await tty.waitFor(ended, 30_000);
    const node = execFileSync('pgrep', ['-P', String(tty.panePid()), '-f', 'lambdalens.mjs tail'], {
      encoding: 'utf8',
    }).trim();
    process.kill(Number(node), 'SIGTERM');
    const after = await tty.waitFor(exited, 10_000);
    expect(after).toContain('EXITED 0');
    expect(after).not.toContain('lambdalens tail · invocations');
  });

  it('shows an input that cannot be read while running, not only after quitting', async () => {
    session = openSession(`${TAIL} missing.log ${FIXTURE}`, ROOT);
    const screen = await session.waitFor((s) => s.includes('! input: 1 unreadable'));
    expect(screen).toMatch(/! input: 1 unreadable, 0 warnings \(missing\.log: no such file\)/);
    expect(screen).not.toMatch(/^EXITED/m);
  });

  it('copies the request ID and trace ID to the clipboard (OSC 52) and exports what is listed', async () => {
    const dir = tempDir();
    const paged = join(dir, 'paged.txt');
    session = openSession(`${TAIL} --traces ${TRACES} ${FIXTURE}`, ROOT, {
      env: { PAGER: `cat > ${paged}` },
    });
    const tty = session;
    await tty.waitFor(ended);
    tty.keys('y');
    await tty.waitFor((s) => s.includes('copied request ID'));
    expect(tty.buffer()).toBe('ac086670-6373-11e7-a174-f31b3397f190');
    tty.keys('Y');
    await tty.waitFor((s) => s.includes('copied trace ID'));
    expect(tty.buffer()).toBe('1-59602603-23fc5b688855d396af79b496');
    tty.keys('f');
    tty.type('errors');
    tty.keys('Enter');
    await tty.waitFor((s) => s.includes('shown 4 of 8'));
    tty.keys('E');
    await tty.waitFor((s) => s.includes('export to'));
    const out = join(dir, 'failed.ndjson');
    tty.type(out);
    tty.keys('Enter');
    await tty.waitFor((s) => s.includes(`exported 4 invocation(s) to ${out} (ndjson)`));
    const exported = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string });
    expect(exported.map((i) => i.status)).toEqual(['crash', 'timeout', 'oom', 'timeout']);
    // As text to a file, and to the pager ($PAGER, read through a pipe): the same text.
    const text = join(dir, 'failed.txt');
    tty.keys('E');
    await tty.waitFor((s) => s.includes('export to'));
    tty.type(text);
    tty.keys('Enter');
    await tty.waitFor((s) => s.includes(`exported 4 invocation(s) to ${text} (text)`));
    tty.keys('E');
    await tty.waitFor((s) => s.includes('export to'));
    tty.type('|');
    tty.keys('Enter');
    // The pager has the terminal until it ends; the list, drawn again after, says so.
    await tty.waitFor((s) => s.includes('showed 4 invocation(s) in the pager'));
    const written = readFileSync(text, 'utf8');
    const failed = [
      '5b866fb1-7154-4af6-8078-6ef6ca4c2ddd',
      'dbb585bb-3a54-4d1a-a690-54e5085c55f8',
      '16f8d3a2-26fc-11e8-bca6-73dbc61c39e7',
      '527cb862-4f5e-49a9-9ae4-a7edc90f0fda',
    ];
    const firstSeen = failed.map((id) => written.indexOf(id));
    expect(firstSeen.every((at, i) => at >= 0 && (i === 0 || at > (firstSeen[i - 1] as number)))).toBe(true);
    expect(readFileSync(paged, 'utf8')).toBe(written);
    tty.keys('Enter');
    const detail = await tty.waitFor((s) => isDetail(s) && s.includes('Console log stream'));
    expect(detail).toContain('527cb862-4f5e-49a9-9ae4-a7edc90f0fda');
    expect(detail).toContain('Console log stream · Logs Insights · function');
  });
});
