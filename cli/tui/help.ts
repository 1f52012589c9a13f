/**
 * The help screen's content as plain lines, so the view only windows and scrolls it and
 * it reads the same at 80x16 as at 200x50. Descriptions are kept under 60 columns; on a
 * narrower terminal they wrap at word boundaries under their own column, never cut.
 */
import type { GlyphSet } from './glyphs.ts';
import { type Line, plain } from './paint.ts';

export type HelpLine =
  | { kind: 'section'; text: string }
  | { kind: 'key'; keys: string; text: string }
  | { kind: 'text'; text: string };

const KEY_WIDTH = 13;

const SECTIONS: [string, [string, string][]][] = [
  [
    'List',
    [
      ['↑ ↓  j k', 'move; PgUp PgDn a page'],
      ['g G  Home End', 'first / newest (G follows new invocations)'],
      ['Enter', 'open the selected invocation'],
      ['s', 'sort: time, duration, cost, memory, status'],
      ['t', 'jump to a time: 12:30, 10-01 12:30, -5m'],
      ['f', 'filter: fn:NAME status:timeout,oom|errors cold min:MS'],
      [
        '',
        'opens with the current filter and a space: what you type is added (a key given again replaces its value)',
      ],
      ['/', 'search function, request ID, lines (text or /re/)'],
      ['Ctrl-U', 'in a prompt, empty the line; Enter on an empty line clears that filter or search'],
      [
        'Esc',
        'in a prompt, cancel (the filter or search stays); in the list, clear the filter and the search; elsewhere, back',
      ],
      ['Tab', 'health summary per function'],
    ],
  ],
  [
    'Reading an invocation',
    [
      ['↑ ↓  j k', 'move the cursor; g G first / last line'],
      ['space Enter', 'fold / unfold the JSON line under the cursor'],
      ['z', 'fold / unfold every JSON line'],
      ['J', 'JSON pretty (first 200 lines) or compact (one line, whole)'],
      ['w  ← →  0', 'wrap long lines, or scroll them sideways'],
      ['n N', 'next / previous search match'],
      ['[ ]', 'previous / next invocation'],
    ],
  ],
  [
    'Everywhere',
    [
      ['h  H', 'highlight a term in colour (up to 5) / clear'],
      ['p', 'pause: the screen and what it shows stay put'],
      ['m  b B', 'bookmark the invocation / next / previous mark'],
      ['y  Y  c', 'copy request ID / trace ID / line (OSC 52)'],
      ['e  E', 'export this one / the listed ones (file or |)'],
      ['Ctrl-Z', 'suspend (fg resumes)'],
      ['?', 'this help (j k scroll, Esc leaves)'],
      ['q  Ctrl-C', 'quit'],
    ],
  ],
];

/** `text` in pieces of at most `width` columns, broken at spaces (a longer word is cut). */
export function wrapWords(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const out: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current === '' ? word : `${current} ${word}`;
    if (next.length <= room) current = next;
    else {
      if (current !== '') out.push(current);
      current = word;
      while (current.length > room) {
        out.push(current.slice(0, room));
        current = current.slice(room);
      }
    }
  }
  if (current !== '' || out.length === 0) out.push(current);
  return out;
}

export function helpLines(glyphs: GlyphSet, width = 80): HelpLine[] {
  const out: HelpLine[] = [];
  const textWidth = width - KEY_WIDTH - 1;
  for (const [title, keys] of SECTIONS) {
    out.push({ kind: 'section', text: title });
    for (const [k, text] of keys) {
      const shown = glyphs.name === 'ascii' ? k.replace('↑ ↓', 'Up Dn').replace('← →', 'Lt Rt') : k;
      wrapWords(text, textWidth).forEach((piece, i) => {
        out.push({ kind: 'key', keys: (i === 0 ? shown : '').padEnd(KEY_WIDTH), text: piece });
      });
    }
  }
  const s = glyphs.status;
  out.push({ kind: 'section', text: 'Symbols' });
  out.push({
    kind: 'text',
    text: `${s.live} running  ${s.success} ok  ${s.timeout} timeout  ${s.oom} out of memory`,
  });
  out.push({
    kind: 'text',
    text: `${s.crash} crash/error  ${s.incomplete} partial (no REPORT)  ${glyphs.cold} cold start`,
  });
  out.push({
    kind: 'text',
    text: `${glyphs.trace} trace attached  ${glyphs.traceId} trace ID only  ${glyphs.bookmark} bookmark`,
  });
  out.push({ kind: 'text', text: 'Times are UTC; durations in ms, memory in MB, cost in USD.' });
  return out.flatMap((line): HelpLine[] =>
    line.kind === 'text'
      ? wrapWords(line.text, width).map((text) => ({ kind: 'text' as const, text }))
      : [line],
  );
}

/** The help lines that fit `height`, from `scroll`, and a last line saying how much there is. */
export function helpScreen(
  lines: readonly HelpLine[],
  scroll: number,
  height: number,
  glyphs: GlyphSet,
): Line[] {
  const sep = ` ${glyphs.separator} `;
  const room = Math.max(1, height - 1);
  const start = Math.max(0, Math.min(scroll, lines.length - room));
  const shown = lines.slice(start, start + room);
  const more = start > 0 || start + shown.length < lines.length;
  const out: Line[] = shown.map((line) => {
    if (line.kind === 'section') return [plain(line.text, { bold: true, colour: 'cyan' })];
    if (line.kind === 'text') return [plain(line.text)];
    return [plain(line.keys, { bold: true }), plain(` ${line.text}`)];
  });
  out.push([
    plain(
      more
        ? `lines ${start + 1}-${start + shown.length} of ${lines.length}${sep}j/k PgUp/PgDn scroll${sep}Esc back`
        : 'Esc back',
      { dim: true },
    ),
  ]);
  return out;
}
