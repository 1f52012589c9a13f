/**
 * The grouped text form of invocations: one block per request, a header with what a person
 * scans for (status, cold start, duration, memory, trace) and its lines beneath.
 */

import { showControls } from '../../collectors/kernel/index.ts';
import { mayPassLongestString } from '../../collectors/longest-string.ts';
import type { Invocation, InvocationLine, InvocationStatus, LogLevel } from '../../collectors/model.ts';
import { describeProblem, type ReportValues, reportValueProblem } from '../../collectors/report-values.ts';
import type { LateLines } from './late-lines.ts';

export interface TextStyle {
  color: boolean;
  /**
   * The text goes to a terminal: a log's control characters are shown, not sent (see
   * control-chars.ts). Written to a file or a pipe it is the log's own text, as `cat` keeps it.
   */
  terminal?: boolean | undefined;
}

/** The data's text as `style` asks: shown safe for a terminal, or as it is. */
function shown(style: TextStyle, text: string): string {
  return style.terminal ? showControls(text) : text;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;

type Color = keyof typeof ANSI;

export const STATUS_GLYPH: Record<InvocationStatus, string> = {
  success: '✔',
  timeout: '⏱',
  oom: '▲',
  crash: '✖',
  error: '✖',
  incomplete: '…',
};

export const STATUS_COLOR: Record<InvocationStatus, Color> = {
  success: 'green',
  timeout: 'yellow',
  oom: 'magenta',
  crash: 'red',
  error: 'red',
  incomplete: 'dim',
};

const LEVEL_COLOR: Partial<Record<LogLevel, Color>> = {
  ERROR: 'red',
  FATAL: 'red',
  WARN: 'yellow',
  DEBUG: 'dim',
  TRACE: 'dim',
};

function paint(style: TextStyle, color: Color, text: string): string {
  return style.color ? `${ANSI[color]}${text}${ANSI.reset}` : text;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  // An infinite figure (a damaged REPORT) is shown as written, in the unit it was written in.
  if (!Number.isFinite(ms)) return `${ms} ms`;
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** The one-line summary of an invocation used as its block header. */
export function invocationHeader(inv: Invocation, style: TextStyle): string {
  const parts = [
    paint(style, 'bold', inv.start ?? '(no time)'),
    paint(style, 'cyan', shown(style, inv.functionName ?? '(unknown function)')),
    shown(style, inv.requestId),
    paint(
      style,
      STATUS_COLOR[inv.status],
      `${STATUS_GLYPH[inv.status]} ${inv.status}${inv.errorType ? ` (${inv.errorType})` : ''}`,
    ),
  ];
  if (inv.coldStart) {
    const init = inv.initDurationMs ?? inv.restoreDurationMs;
    parts.push(paint(style, 'yellow', init === null ? 'cold' : `cold ${formatMs(init)}`));
  }
  if (inv.durationMs !== null) {
    parts.push(
      `${formatMs(inv.durationMs)}${inv.billedDurationMs === null ? '' : ` (billed ${inv.billedDurationMs} ms)`}`,
    );
  }
  if (inv.memorySizeMB !== null) parts.push(`${inv.maxMemoryUsedMB ?? '?'}/${inv.memorySizeMB} MB`);
  if (inv.traceId) parts.push(paint(style, 'dim', `trace ${inv.traceId}`));
  return parts.join('  ');
}

/**
 * A REPORT figure no function can have (`Memory Size: 0 MB`, `Duration: NaN ms`), in cost's
 * words (collectors/report-values.ts): the header shows it as read, and nothing is decided
 * from it (no `oom` from a size of 0). Null when every figure is one Lambda writes.
 */
export function damagedReportNote(inv: Invocation): string | null {
  const text = damagedReportText(inv);
  return text === null ? null : `⚠ ${text}`;
}

/** `damagedReportNote` without its mark, for a view that draws the mark in its own glyphs (tail). */
export function damagedReportText(inv: ReportValues): string | null {
  const problem = reportValueProblem(inv);
  return problem ? `${describeProblem(problem)}: shown as read; cost leaves this invocation unpriced` : null;
}

/**
 * Header, what is known beside the logs (the trace), then the invocation's lines, indented;
 * ends with the blank line that separates blocks.
 */
export function formatInvocationText(
  inv: Invocation,
  style: TextStyle,
  notes: readonly string[] = [],
): string {
  return `${invocationHead(inv, style, notes)}${linesText(inv.lines, inv.droppedLines, style)}\n`;
}

/**
 * Hands `formatInvocationText`'s block to `put`, in one piece but for the longest; returns
 * whether any `put` asked to wait. Shown on a terminal a character can take eight
 * (`<U+2028>`), and a line break in a message five (it is indented): the block of an
 * invocation holding the text the correlator lets it hold could pass V8's longest string
 * (see longest-string.ts), and building it threw. Such a block goes a line at a time.
 */
export function putInvocationText(
  inv: Invocation,
  style: TextStyle,
  put: (text: string) => boolean,
  notes: readonly string[] = [],
): boolean {
  if (!mayPassLongestString(inv.lines, 8)) return put(formatInvocationText(inv, style, notes));
  let wait = put(invocationHead(inv, style, notes));
  for (const line of inv.lines) wait = put(lineText(line, style)) || wait;
  if (inv.droppedLines > 0) wait = put(droppedText(inv.droppedLines, style)) || wait;
  return put('\n') || wait;
}

/** A block's header, with what is known beside the logs beneath it. */
function invocationHead(inv: Invocation, style: TextStyle, notes: readonly string[]): string {
  let out = `${invocationHeader(inv, style)}\n`;
  const damaged = damagedReportNote(inv);
  if (damaged) out += `  ${paint(style, 'yellow', damaged)}\n`;
  for (const note of notes) out += `  ${paint(style, 'dim', shown(style, note))}\n`;
  return out;
}

/**
 * Late lines of a request already printed (see late-lines.ts), as a block of their own:
 * headed by the time of the first, the function and `late lines of <requestId>`, with the
 * lines beneath as an invocation's, so that it reads as part of that request, not as another.
 */
export function formatLateLinesText(block: LateLines, style: TextStyle): string {
  const header = [
    paint(style, 'bold', block.lines[0]?.timestamp ?? '(no time)'),
    paint(style, 'cyan', shown(style, block.functionName ?? '(unknown function)')),
    paint(style, 'yellow', `late lines of ${shown(style, block.requestId)}`),
  ].join('  ');
  return `${header}\n${linesText(block.lines, block.droppedLines, style)}\n`;
}

/** A block's lines, indented, with what the bound on lines left out. */
function linesText(lines: readonly InvocationLine[], droppedLines: number, style: TextStyle): string {
  let out = '';
  for (const line of lines) out += lineText(line, style);
  if (droppedLines > 0) out += droppedText(droppedLines, style);
  return out;
}

/** A line of a block, indented (the lines of its message too), in its level's colour. */
function lineText(line: InvocationLine, style: TextStyle): string {
  const color = line.level ? LEVEL_COLOR[line.level] : undefined;
  const message = shown(style, line.message.replace(/\r?\n/g, '\n    '));
  return `  ${color ? paint(style, color, message) : message}\n`;
}

const droppedText = (droppedLines: number, style: TextStyle) =>
  `  ${paint(style, 'dim', `… ${droppedLines} more lines not kept`)}\n`;
