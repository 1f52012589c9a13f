/**
 * Lays out the detail view as a list of display lines (header, links, REPORT metrics,
 * cost, trace waterfall, log lines), already fitted to the width: long lines wrap, or are
 * cut and scrolled sideways with the time and level kept in place. The component only
 * windows this list, so scrolling, folding and search jumps are plain index arithmetic.
 */
import { cellWidth, cutString, sliceCells } from '../../collectors/kernel/index.ts';
import type { Invocation, InvocationLine } from '../../collectors/model.ts';
import { damagedReportText } from '../output/invocation-text.ts';
import { missingTraceWords } from '../output/trace-words.ts';
import type { Highlight, Search } from './filter.ts';
import { fitParts, type LinePart, piecesWidth } from './fit-parts.ts';
import {
  formatClock,
  formatMs,
  formatTimestamp,
  formatUsd,
  formatWholeMs,
  LEVEL_COLOUR,
  STATUS_STYLE,
  statusKey,
} from './format.ts';
import type { GlyphSet } from './glyphs.ts';
import { invocationLinks } from './links.ts';
import { type Line, type Piece, plain } from './paint.ts';
import { platformSummary } from './platform-summary.ts';
import { sanitize } from './sanitize.ts';
import { windowStart } from './selectors.ts';
import type { InvocationDetail } from './store.ts';
import { traceLines } from './trace-lines.ts';
import type { DetailState } from './ui-state.ts';
import { wrapPieces, wrapProse } from './wrap-rows.ts';

export interface DisplayLine {
  pieces: Piece[];
  /** Index of the log line this display line belongs to (for folding, copying and search jumps). */
  logLine?: number;
  /** True when the line holds a search match. */
  match?: boolean;
}

/** A line before fitting: a gutter that stays put (time, level) and a body that wraps or scrolls. */
export interface LogicalLine {
  gutter: Piece[];
  body: Piece[];
  logLine?: number;
  match?: boolean;
  /**
   * The view's own words (the cost's explanation, a reason, the metrics), wrapped between
   * words. A log line is shown as written, wrapped where the row is full.
   */
  prose?: boolean;
}

export interface DetailLayoutOptions {
  state: DetailState;
  search: Search | null;
  highlights: readonly Highlight[];
  width: number;
  glyphs: GlyphSet;
  /** Region for console links when the logs did not say. */
  region: string | null;
  /** Pretty-printed lines kept per JSON message. */
  maxJsonLines?: number;
}

const heading = (text: string): LogicalLine => ({
  gutter: [],
  body: [plain(text, { bold: true, colour: 'cyan' })],
  prose: true,
});
const line = (...body: Piece[]): LogicalLine => ({ gutter: [], body, prose: true });

/** The JSON object a message carries, from its first `{` to the end; null when it has none. */
export function jsonOf(message: string): { prefix: string; value: Record<string, unknown> } | null {
  const at = message.indexOf('{');
  if (at < 0) return null;
  const body = message.slice(at).trimEnd();
  if (!body.endsWith('}')) return null;
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return { prefix: message.slice(0, at), value: value as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** Splits `text` into pieces marking search matches (inverse) and highlight terms (coloured background). */
export function markTerms(
  text: string,
  search: Search | null,
  highlights: readonly Highlight[],
  base: Omit<Piece, 'text'>,
): { pieces: Piece[]; hit: boolean } {
  return markRanges(
    text,
    search ? search.ranges(text) : [],
    highlights.map((h) => ({ colour: h.colour, ranges: h.ranges(text) })),
    base,
  );
}

/** Where each highlight term lies in one text, in the term's colour. */
interface HighlightRanges {
  colour: Highlight['colour'];
  ranges: readonly [number, number][];
}

/**
 * `markTerms` with the matches found already: the detail view's lines are matched in one
 * pass per term, since a regular expression's pass is a round trip to its thread.
 */
function markRanges(
  text: string,
  searchRanges: readonly [number, number][],
  highlightRanges: readonly HighlightRanges[],
  base: Omit<Piece, 'text'>,
): { pieces: Piece[]; hit: boolean } {
  const marks: { from: number; to: number; style: Omit<Piece, 'text'> }[] = [];
  for (const h of highlightRanges) {
    for (const [from, to] of h.ranges)
      marks.push({ from, to, style: { ...base, background: h.colour, colour: 'white', bold: true } });
  }
  for (const [from, to] of searchRanges) marks.push({ from, to, style: { ...base, inverse: true } });
  if (marks.length === 0) return { pieces: [plain(text, base)], hit: false };
  // Later marks win where they overlap: search over highlights.
  const styleAt: (Omit<Piece, 'text'> | null)[] = new Array(text.length).fill(null);
  for (const m of marks) for (let i = m.from; i < m.to; i++) styleAt[i] = m.style;
  const pieces: Piece[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || styleAt[i] !== styleAt[start]) {
      pieces.push(plain(text.slice(start, i), styleAt[start] ?? base));
      start = i;
    }
  }
  return { pieces, hit: searchRanges.length > 0 };
}

function metricLines(inv: Invocation): LogicalLine[] {
  const metric = (label: string, value: string): Piece[] => [
    plain(`${label} `, { dim: true }),
    plain(`${value}   `),
  ];
  const first = [
    ...metric('Duration', formatMs(inv.durationMs)),
    ...metric('Billed', formatWholeMs(inv.billedDurationMs)),
    ...metric('Memory', inv.memorySizeMB === null ? '-' : `${inv.memorySizeMB} MB`),
    ...metric('Max used', inv.maxMemoryUsedMB === null ? '-' : `${inv.maxMemoryUsedMB} MB`),
  ];
  const second: Piece[] = [];
  if (inv.initDurationMs !== null) second.push(...metric('Init', formatMs(inv.initDurationMs)));
  if (inv.restoreDurationMs !== null) second.push(...metric('Restore', formatMs(inv.restoreDurationMs)));
  if (inv.billedRestoreDurationMs !== null)
    second.push(...metric('Billed restore', formatWholeMs(inv.billedRestoreDurationMs)));
  if (inv.traceId !== null) second.push(...metric('XRAY TraceId', inv.traceId));
  return second.length > 0 ? [line(...first), line(...second)] : [line(...first)];
}

/** The note `logs` prints under such an invocation's header, in the screen's glyphs. */
function damagedLines(inv: Invocation, glyphs: GlyphSet): LogicalLine[] {
  const text = damagedReportText(inv);
  return text === null ? [] : [line(plain(`${glyphs.damaged} ${text}`, { colour: 'yellow' }))];
}

function costLines(detail: InvocationDetail): LogicalLine[] {
  const out = [heading('Cost')];
  const cost = detail.cost;
  // A running invocation is priced when its REPORT comes; until then it has no price table to blame.
  if (detail.live) out.push(line(plain('not priced yet: still running (no REPORT yet)', { dim: true })));
  else if (cost === null) out.push(line(plain('not priced (no price table)', { dim: true })));
  else if (!cost.ok) out.push(line(plain(`not priced: ${cost.reason}`, { colour: 'yellow' })));
  else {
    // The total first: a narrow terminal cuts the line at its right edge.
    const parts = cost.cost.parts.map((p) => `   ${p.label} ${formatUsd(p.usd)}`).join('');
    out.push(line(plain(`total ${formatUsd(cost.cost.totalUsd)}`, { bold: true }), plain(parts)));
    for (const note of cost.cost.notIncluded ?? [])
      out.push(line(plain(`not included: ${note}`, { colour: 'yellow' })));
  }
  return out;
}

function linkLine(inv: Invocation, region: string | null, glyphs: GlyphSet): LogicalLine {
  const links = invocationLinks(inv, region);
  const pieces: Piece[] = [plain('Console ', { dim: true })];
  const add = (label: string, url: string | null): void => {
    if (url === null) return;
    if (pieces.length > 1) pieces.push(plain(` ${glyphs.separator} `, { dim: true }));
    pieces.push(plain(label, { colour: 'blue', link: url }));
  };
  add('log stream', links.logStream);
  add('Logs Insights', links.insights);
  add('X-Ray trace', links.trace);
  add('function', links.function);
  if (pieces.length === 1)
    pieces.push(plain('no links: the region is unknown (pass --region)', { dim: true }));
  return line(...pieces);
}

function traceSection(detail: InvocationDetail, width: number, glyphs: GlyphSet): LogicalLine[] {
  if (detail.trace)
    return traceLines(detail.trace, width, glyphs, detail.traceMatch).map((pieces) => line(...pieces));
  const { traceId } = detail.invocation;
  const file = detail.tracesFile;
  // A traces file is read whole before the first line: a trace it lacks will never come.
  const lacking = file !== null && traceId !== null && !file.hasTrace ? 'not-found' : null;
  const text = missingTraceWords(
    traceId,
    detail.traceMatch ?? detail.traceFetch ?? lacking,
    file ? 'file' : 'xray',
    detail.rivalTraces,
    file?.path ?? null,
  );
  return [heading('X-Ray trace'), line(plain(text, { dim: true }))];
}

/**
 * The most of one log line's text the view lays out: 64 Ki characters, some 550 rows of a
 * wide terminal. The reader keeps lines of up to 16 MiB, and one of 15 MiB took the view
 * 20 seconds and 2.5 GB to wrap into a quarter of a million rows; what is left out is said,
 * and copying the line (c) or exporting the invocation (e) gives it whole.
 */
export const MAX_SHOWN_CHARACTERS = 65_536;

/** `text` cut to MAX_SHOWN_CHARACTERS, and how many characters were left out. */
function shownPart(text: string): { text: string; left: number } {
  const shown = cutString(text, MAX_SHOWN_CHARACTERS);
  return { text: shown, left: text.length - shown.length };
}

function logLines(lines: readonly InvocationLine[], options: DetailLayoutOptions): LogicalLine[] {
  const maxJson = options.maxJsonLines ?? 200;
  const { state } = options;
  /** Lines laid out whose text is still to be marked, with it. */
  const marked: { text: string; style: Omit<Piece, 'text'>; line: LogicalLine }[] = [];
  const out: LogicalLine[] = [];
  for (let index = 0; index < lines.length; index++) {
    const logLine = lines[index] as InvocationLine;
    const time = plain(`${formatClock(logLine.timestamp === null ? null : Date.parse(logLine.timestamp))} `, {
      dim: true,
    });
    const level = logLine.level;
    const gutter = [
      time,
      plain(`${(level ?? '').padEnd(5)} `, level ? { colour: LEVEL_COLOUR[level], bold: true } : {}),
    ];
    const indent = [plain(' '.repeat(19))];
    const base: Omit<Piece, 'text'> = level === 'ERROR' || level === 'FATAL' ? { colour: 'red' } : {};
    // JSON longer than what is laid out is shown as text: parsed and pretty-printed at every
    // layout, one of megabytes would stall each key press.
    const json = logLine.message.length <= MAX_SHOWN_CHARACTERS ? jsonOf(logLine.message) : null;
    const summary = json ? platformSummary(json.value) : null;
    const collapsed = (state.foldAll || summary !== null) !== state.folded.has(index);
    const emit = (texts: string[], style: Omit<Piece, 'text'>): void => {
      for (let i = 0; i < texts.length; i++) {
        const line: LogicalLine = { gutter: i === 0 ? gutter : indent, body: [], logLine: index };
        out.push(line);
        marked.push({ text: sanitize(texts[i] ?? ''), style, line });
      }
    };
    if (!json) {
      const part = shownPart(logLine.message);
      emit(part.text.split('\n'), base);
      if (part.left > 0) {
        const more = `${options.glyphs.ellipsis} ${part.left.toLocaleString('en-US')} more characters of this line not shown: c copies it whole`;
        out.push({ gutter: indent, body: [plain(more, { dim: true })], logLine: index, prose: true });
      }
      continue;
    }
    const prefix = json.prefix.replace(/\t/g, ' ').trim();
    if (collapsed) {
      const folded =
        summary ??
        `${prefix ? `${prefix} ` : ''}{${options.glyphs.ellipsis}} ${Object.keys(json.value).length} keys`;
      emit([folded], summary ? { dim: true } : base);
      continue;
    }
    if (state.json === 'compact') {
      emit([`${prefix ? `${prefix} ` : ''}${JSON.stringify(json.value)}`], { colour: 'cyan' });
      continue;
    }
    const body = [...(prefix ? [prefix] : []), ...JSON.stringify(json.value, null, 2).split('\n')];
    const kept = body.slice(0, maxJson);
    // The rest is a key away: J shows the line compact and whole, as copying and exporting give it.
    if (body.length > kept.length)
      kept.push(`${options.glyphs.ellipsis} ${body.length - kept.length} more lines (J: compact, whole)`);
    emit(kept, { colour: 'cyan' });
  }
  const texts = marked.map((m) => m.text);
  const searchRanges = options.search?.rangesIn(texts) ?? [];
  const highlightRanges = options.highlights.map((h) => ({ colour: h.colour, all: h.rangesIn(texts) }));
  marked.forEach(({ text, style, line }, i) => {
    const termRanges = highlightRanges.map((h) => ({ colour: h.colour, ranges: h.all[i] ?? [] }));
    const { pieces, hit } = markRanges(text, searchRanges[i] ?? [], termRanges, style);
    line.body = pieces;
    line.match = hit;
  });
  return out;
}

/**
 * When the invocation ran. Its START and REPORT lines bound it; when either has no time
 * (plain lines on stdin) the times known are only those of lines within, and showing them
 * as the span drew a run of 1,002 ms as 0 ms. Then the end is said to be untimed, with the
 * REPORT's Duration, the one measure there is.
 */
function spanText(inv: Invocation, startMs: number | null, endMs: number | null, arrow: string): string {
  const first = inv.lines[0];
  const last = inv.lines[inv.lines.length - 1];
  const bounded =
    first !== undefined && last !== undefined && first.timestamp !== null && last.timestamp !== null;
  if (bounded || inv.lines.length === 0)
    return `${formatTimestamp(startMs)} ${arrow} ${formatTimestamp(endMs)}`;
  const duration = inv.durationMs === null ? '' : ` (REPORT Duration ${formatMs(inv.durationMs)})`;
  return `${formatTimestamp(startMs)} ${arrow} untimed${duration}`;
}

/**
 * The header's parts, in the order drawn, each with how much it is needed at a narrow width:
 * the status and what the invocation cost (what the row was opened for) stay; the function's
 * name is cut short before it goes; the request ID (in its START line, and `y` copies it),
 * the cold start (the REPORT's Init says it) and the version give way first.
 */
function headerParts(detail: InvocationDetail, options: DetailLayoutOptions): LinePart[] {
  const inv = detail.invocation;
  const key = statusKey({ live: detail.live, status: inv.status });
  const style = STATUS_STYLE[key];
  const { glyphs, search, highlights } = options;
  const marked = (text: string, base: Omit<Piece, 'text'>): Piece[] =>
    markTerms(text, search, highlights, base).pieces;
  const shortId = `${inv.requestId.slice(0, 8)}${glyphs.ellipsis}`;
  const parts: LinePart[] = [
    {
      keep: 10,
      forms: [
        [
          plain(`${glyphs.status[key]} ${key === 'success' ? 'success' : style.label}`, {
            colour: style.colour,
            bold: true,
          }),
        ],
      ],
    },
  ];
  if (inv.errorType) parts.push({ keep: 6, forms: [[plain(inv.errorType, { colour: 'red' })], []], cut: {} });
  parts.push({ keep: 8, forms: [marked(inv.functionName ?? '?', { bold: true })], cut: {} });
  if (inv.version)
    parts.push({ keep: 1, joined: true, forms: [[plain(` (${inv.version})`, { dim: true })], []] });
  parts.push({
    keep: 3,
    forms: [
      marked(inv.requestId, {}),
      ...(inv.requestId.length > shortId.length ? [marked(shortId, {})] : []),
      [],
    ],
  });
  if (inv.coldStart)
    parts.push({ keep: 5, forms: [[plain(`${glyphs.cold} cold start`, { colour: 'cyan' })], []] });
  const cost = detail.cost;
  // Running, the status says why there is no price yet; without a price table, nothing is said.
  if (!detail.live && cost !== null) {
    parts.push(
      cost.ok
        ? { keep: 9, forms: [[plain(formatUsd(cost.cost.totalUsd), { colour: 'green', bold: true })]] }
        : { keep: 7, forms: [[plain('not priced', { colour: 'yellow' })], []] },
    );
  }
  return parts;
}

/**
 * The header's parts in rows of at most `width` columns, each row broken between parts:
 * broken where the row was full, the request ID and the cost were split over two rows
 * ("…-4bdb-8" / "618-…", "$" / "0.00000033"). A part wider than a row alone still wraps.
 */
function wrappedHeader(parts: readonly LinePart[], width: number): LogicalLine[] {
  const rows: Piece[][] = [[]];
  let used = 0;
  for (const part of parts) {
    const form = part.forms[0] ?? [];
    if (form.length === 0) continue;
    const row = rows[rows.length - 1] as Piece[];
    const gap = row.length > 0 && !part.joined ? 2 : 0;
    const formWidth = piecesWidth(form);
    if (used > 0 && used + gap + formWidth > width) {
      // A remark joined to the part before (its version) opens its row without its space.
      const [first, ...rest] = form;
      rows.push(first ? [{ ...first, text: first.text.trimStart() }, ...rest] : []);
      used = piecesWidth(rows[rows.length - 1] as Piece[]);
      continue;
    }
    if (gap > 0) row.push(plain('  '));
    row.push(...form);
    used += gap + formWidth;
  }
  return rows.map((row) => line(...row));
}

/** The logical lines of the detail view for one invocation, before fitting to the width. */
export function detailLogicalLines(detail: InvocationDetail, options: DetailLayoutOptions): LogicalLine[] {
  const inv = detail.invocation;
  const { glyphs } = options;
  const startMs = inv.start ? Date.parse(inv.start) : null;
  const endMs = inv.end ? Date.parse(inv.end) : null;
  const parts = headerParts(detail, options);
  // Wrapped, the header says all of itself over as many rows as it takes. Cut at the edge,
  // it lost the cost; so it is laid out for the width, the least needed giving way first,
  // and stays put in the gutter when the lines below scroll sideways.
  const header: LogicalLine[] = options.state.wrap
    ? wrappedHeader(parts, options.width)
    : [{ gutter: fitParts(parts, options.width, plain('  '), glyphs.ellipsis), body: [] }];
  const out: LogicalLine[] = [
    ...header,
    line(
      plain(spanText(inv, startMs, endMs, glyphs.arrow), { dim: true }),
      ...(inv.logGroup ? [plain(`  ${inv.logGroup}`, { dim: true })] : []),
      ...(inv.logStream ? [plain(`  ${inv.logStream}`, { dim: true })] : []),
    ),
    ...(detail.startCut ? [line(plain(detail.startCut, { colour: 'yellow' }))] : []),
    ...(detail.endCut ? [line(plain(detail.endCut, { colour: 'yellow' }))] : []),
    linkLine(inv, options.region, glyphs),
    heading('REPORT'),
    ...metricLines(inv),
    ...damagedLines(inv, glyphs),
    ...costLines(detail),
    ...traceSection(detail, options.width, glyphs),
    heading(`Lines ${inv.lines.length}${inv.droppedLines > 0 ? ` (${inv.droppedLines} more not kept)` : ''}`),
    ...logLines(inv.lines, options),
  ];
  return out;
}

const shown = (piece: Piece): Piece => ({ ...piece, text: sanitize(piece.text) });
/** Columns the pieces take on a terminal (a CJK character or an emoji two, a combining mark none). */
const widthOf = (pieces: readonly Piece[]): number => pieces.reduce((n, p) => n + cellWidth(p.text), 0);

/** Cuts pieces to the columns [from, to), never inside a character. */
function slicePieces(pieces: readonly Piece[], from: number, to: number): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const piece of pieces) {
    const width = cellWidth(piece.text);
    const end = at + width;
    if (end > from && at < to) {
      const text = sliceCells(piece.text, Math.max(0, from - at), to - at);
      if (text !== '') out.push({ ...piece, text });
    }
    at = end;
    if (at >= to) break;
  }
  return out;
}

/**
 * The body's columns [scrollX, scrollX + room) when it does not wrap. A body that goes on
 * past the edge ends with `ellipsis` in the last columns, so a cut line is never taken for
 * a whole one; a wide character that would straddle the marker gives way to a space.
 */
function cutBody(body: readonly Piece[], scrollX: number, room: number, ellipsis: string): Piece[] {
  if (widthOf(body) <= scrollX + room) return slicePieces(body, scrollX, scrollX + room);
  const markWidth = cellWidth(ellipsis);
  const kept = slicePieces(body, scrollX, scrollX + room - markWidth);
  const gap = room - markWidth - widthOf(kept);
  return [...kept, plain(`${' '.repeat(Math.max(0, gap))}${ellipsis}`, { dim: true })];
}

/** Fits logical lines to `width` columns: wrapped (continuations indented under the body) or cut at `scrollX`. */
export function fitLines(
  lines: readonly LogicalLine[],
  width: number,
  wrap: boolean,
  scrollX: number,
  ellipsis = '…',
): DisplayLine[] {
  const out: DisplayLine[] = [];
  for (const raw of lines) {
    // Measured as painted: a control character in a name or a trace takes two columns (^X).
    const l = { ...raw, gutter: raw.gutter.map(shown), body: raw.body.map(shown) };
    const gutterWidth = widthOf(l.gutter);
    const room = Math.max(10, width - gutterWidth);
    const bodyWidth = widthOf(l.body);
    const extra = {
      ...(l.logLine === undefined ? {} : { logLine: l.logLine }),
      ...(l.match ? { match: true } : {}),
    };
    if (!wrap) {
      out.push({ pieces: [...l.gutter, ...cutBody(l.body, scrollX, room, ellipsis)], ...extra });
      continue;
    }
    if (bodyWidth <= room) {
      out.push({ pieces: [...l.gutter, ...l.body], ...extra });
      continue;
    }
    const pad = plain(' '.repeat(gutterWidth));
    (l.prose ? wrapProse(l.body, room) : wrapPieces(l.body, room)).forEach((row, i) => {
      out.push({ pieces: [...(i === 0 ? l.gutter : [pad]), ...row], ...extra });
    });
  }
  return out;
}

/** The display lines that fit `height`, the cursor's line marked. */
export function detailScreen(
  lines: readonly DisplayLine[],
  cursor: number,
  height: number,
  glyphs: GlyphSet,
): Line[] {
  const start = windowStart(lines.length, cursor, height);
  return lines
    .slice(start, start + height)
    .map(
      (line, i): Line => [
        plain(start + i === cursor ? glyphs.cursor : ' ', { colour: 'cyan' }),
        ...line.pieces,
      ],
    );
}

/** How far the longest line can be scrolled sideways: until its end is at the right edge. */
export function maxScrollOf(lines: readonly LogicalLine[], width: number): number {
  let most = 0;
  for (const l of lines) {
    const room = Math.max(10, width - widthOf(l.gutter.map(shown)));
    most = Math.max(most, widthOf(l.body.map(shown)) - room);
  }
  return most;
}

export interface DetailLayout {
  lines: DisplayLine[];
  /** The largest sideways scroll that still shows some of the longest line. */
  maxScrollX: number;
}

/** Every display line of the detail view for one invocation, fitted to the width, and how far it scrolls sideways. */
export function detailLayout(detail: InvocationDetail, options: DetailLayoutOptions): DetailLayout {
  const logical = detailLogicalLines(detail, options);
  const maxScrollX = maxScrollOf(logical, options.width);
  // A scroll past the longest line (it was longer, or the JSON was compacted) shows its end.
  const scrollX = Math.min(options.state.scrollX, maxScrollX);
  return {
    lines: fitLines(logical, options.width, options.state.wrap, scrollX, options.glyphs.ellipsis),
    maxScrollX,
  };
}

/** Every display line of the detail view for one invocation, fitted to the width. */
export function layoutDetail(detail: InvocationDetail, options: DetailLayoutOptions): DisplayLine[] {
  return detailLayout(detail, options).lines;
}
