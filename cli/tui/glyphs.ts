/**
 * The symbols the tail draws with. The Unicode set keeps to WGL4 (the repertoire every
 * common monospace font covers: Consolas, Menlo, DejaVu Sans Mono, Cascadia, the Linux
 * console's default font), all one column wide, so rows line up and nothing shows as a
 * box. The ASCII set is for terminals whose locale is not UTF-8, or `--ascii`. One mark
 * is not WGL4: `⚠`, which `logs` prints beside a REPORT figure no function can have, so the
 * two say it with one sign (one column wide: text presentation, as terminals draw it).
 */
import type { InvocationStatus } from '../../collectors/model.ts';

export interface GlyphSet {
  name: 'unicode' | 'ascii';
  status: Record<InvocationStatus | 'live', string>;
  cold: string;
  /** A trace is attached / only its ID is known. */
  trace: string;
  traceId: string;
  bookmark: string;
  /** Marks the selected row or line. */
  cursor: string;
  bar: string;
  ellipsis: string;
  separator: string;
  arrow: string;
  /** A REPORT figure no function can have (see damagedReportText), shown as read. */
  damaged: string;
  /** Before a sum of which some parts are unknown: the cost of invocations not all priced. */
  atLeast: string;
}

export const UNICODE_GLYPHS: GlyphSet = {
  name: 'unicode',
  status: {
    live: '►',
    success: '√',
    timeout: '◊',
    oom: '▲',
    crash: '×',
    error: '×',
    incomplete: '○',
  },
  cold: '*',
  trace: '♦',
  traceId: '◦',
  bookmark: '■',
  cursor: '›',
  bar: '█',
  ellipsis: '…',
  separator: '·',
  arrow: '→',
  damaged: '⚠',
  atLeast: '≥',
};

export const ASCII_GLYPHS: GlyphSet = {
  name: 'ascii',
  status: {
    live: '>',
    success: '+',
    timeout: 'T',
    oom: 'M',
    crash: 'X',
    error: 'E',
    incomplete: '?',
  },
  cold: '*',
  trace: '#',
  traceId: '+',
  bookmark: '@',
  cursor: '>',
  bar: '#',
  ellipsis: '~',
  separator: '|',
  arrow: '->',
  damaged: '!',
  atLeast: '>=',
};

/**
 * Unicode unless asked for ASCII or the locale says the terminal is not UTF-8: the first
 * of LC_ALL, LC_CTYPE, LANG that is set decides, as it does for the C library.
 */
export function chooseGlyphs(env: NodeJS.ProcessEnv, ascii = false): GlyphSet {
  if (ascii) return ASCII_GLYPHS;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (locale === '') return UNICODE_GLYPHS; // most terminals today; --ascii is the way out
  return /utf-?8/i.test(locale) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}
