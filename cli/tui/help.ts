/**
 * The help screen's content as plain lines, so the view only windows and scrolls it and
 * it reads the same at 80x16 as at 200x50. Descriptions are kept under 60 columns.
 */
import type { GlyphSet } from './glyphs.ts';

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
      ['/', 'search function, request ID, lines (text or /re/)'],
      ['Esc', 'back; in the list, clear the search'],
      ['Tab', 'health summary per function'],
    ],
  ],
  [
    'Reading an invocation',
    [
      ['↑ ↓  j k', 'move the cursor; g G first / last line'],
      ['space Enter', 'fold / unfold the JSON line under the cursor'],
      ['z', 'fold / unfold every JSON line'],
      ['J', 'JSON pretty or compact (one line)'],
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

export function helpLines(glyphs: GlyphSet): HelpLine[] {
  const out: HelpLine[] = [];
  for (const [title, keys] of SECTIONS) {
    out.push({ kind: 'section', text: title });
    for (const [k, text] of keys) {
      const shown = glyphs.name === 'ascii' ? k.replace('↑ ↓', 'Up Dn').replace('← →', 'Lt Rt') : k;
      out.push({ kind: 'key', keys: shown.padEnd(KEY_WIDTH), text });
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
  return out;
}
