/**
 * Lays out the detail view as a list of display lines (header, REPORT metrics, cost,
 * trace waterfall, log lines with JSON pretty-printed or folded). The component only
 * windows this list, so scrolling and folding are plain index arithmetic.
 */
import type { Invocation, InvocationLine } from '../../collectors/model.ts';
import type { Search } from './filter.ts';
import {
  COLD_MARK,
  type Colour,
  formatClock,
  formatMs,
  formatUsd,
  LEVEL_COLOUR,
  STATUS_STYLE,
} from './format.ts';
import type { InvocationDetail } from './store.ts';
import type { TraceView } from './types.ts';
import { barGeometry } from './waterfall.ts';

export interface Piece {
  text: string;
  colour?: Colour;
  bold?: boolean;
  inverse?: boolean;
  dim?: boolean;
}

export interface DisplayLine {
  pieces: Piece[];
  /** Index of the log line this display line belongs to (for folding and search jumps). */
  logLine?: number;
  /** True when the line holds a search match. */
  match?: boolean;
}

export interface DetailLayoutOptions {
  folded: ReadonlySet<number>;
  search: Search | null;
  width: number;
  /** Pretty-printed lines kept per JSON message. */
  maxJsonLines?: number;
}

const plain = (text: string, extra: Omit<Piece, 'text'> = {}): Piece => ({ text, ...extra });
const heading = (text: string): DisplayLine => ({ pieces: [plain(text, { bold: true, colour: 'cyan' })] });

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

function highlight(
  text: string,
  search: Search | null,
  base: Omit<Piece, 'text'>,
): { pieces: Piece[]; hit: boolean } {
  const ranges = search ? search.ranges(text) : [];
  if (ranges.length === 0) return { pieces: [plain(text, base)], hit: false };
  const pieces: Piece[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    if (from > at) pieces.push(plain(text.slice(at, from), base));
    pieces.push(plain(text.slice(from, to), { ...base, inverse: true }));
    at = to;
  }
  if (at < text.length) pieces.push(plain(text.slice(at), base));
  return { pieces, hit: true };
}

function metricLines(inv: Invocation): DisplayLine[] {
  const metric = (label: string, value: string): Piece[] => [
    plain(`${label} `, { dim: true }),
    plain(`${value}   `),
  ];
  const first = [
    ...metric('Duration', formatMs(inv.durationMs)),
    ...metric('Billed', formatMs(inv.billedDurationMs)),
    ...metric('Memory', inv.memorySizeMB === null ? '-' : `${inv.memorySizeMB} MB`),
    ...metric('Max used', inv.maxMemoryUsedMB === null ? '-' : `${inv.maxMemoryUsedMB} MB`),
  ];
  const second: Piece[] = [];
  if (inv.initDurationMs !== null) second.push(...metric('Init', formatMs(inv.initDurationMs)));
  if (inv.restoreDurationMs !== null) second.push(...metric('Restore', formatMs(inv.restoreDurationMs)));
  if (inv.billedRestoreDurationMs !== null)
    second.push(...metric('Billed restore', formatMs(inv.billedRestoreDurationMs)));
  if (inv.traceId !== null) second.push(...metric('XRAY TraceId', inv.traceId));
  return second.length > 0 ? [{ pieces: first }, { pieces: second }] : [{ pieces: first }];
}

function traceLines(trace: TraceView, width: number): DisplayLine[] {
  const nameWidth = 34;
  const barWidth = Math.max(10, width - nameWidth - 26);
  const out: DisplayLine[] = [
    heading(`X-Ray trace ${trace.traceId}  ${formatMs(trace.endMs - trace.startMs)}`),
  ];
  for (const span of trace.spans) {
    const { offset, length } = barGeometry(span, trace, barWidth);
    const bad = span.error || span.fault;
    const colour: Colour = bad ? 'red' : span.throttle ? 'yellow' : span.depth === 0 ? 'cyan' : 'green';
    const mark = span.fault ? ' ✖ fault' : span.error ? ' ✖ error' : span.throttle ? ' ! throttle' : '';
    const label = `${'  '.repeat(span.depth)}${span.name}`;
    const name = label.length > nameWidth ? `${label.slice(0, nameWidth - 1)}…` : label.padEnd(nameWidth);
    const duration = span.endMs === null ? 'running' : formatMs(span.endMs - span.startMs);
    out.push({
      pieces: [
        plain(name, bad ? { colour: 'red' } : {}),
        plain(' '.repeat(offset)),
        plain('█'.repeat(length), { colour }),
        plain(' '.repeat(barWidth - offset - length)),
        plain(` ${duration.padStart(9)}`),
        plain(mark, { colour: bad ? 'red' : 'yellow', bold: true }),
      ],
    });
  }
  return out;
}

function logLines(lines: readonly InvocationLine[], options: DetailLayoutOptions): DisplayLine[] {
  const maxJson = options.maxJsonLines ?? 200;
  const out: DisplayLine[] = [];
  lines.forEach((line, index) => {
    const time = plain(`${formatClock(line.timestamp === null ? null : Date.parse(line.timestamp))} `, {
      dim: true,
    });
    const level = line.level;
    const levelPiece = plain(
      `${(level ?? '').padEnd(5)} `,
      level ? { colour: LEVEL_COLOUR[level], bold: true } : {},
    );
    const colour: Omit<Piece, 'text'> = level === 'ERROR' || level === 'FATAL' ? { colour: 'red' } : {};
    const json = jsonOf(line.message);
    const indent = plain(' '.repeat(19));
    if (json && options.folded.has(index)) {
      const keys = Object.keys(json.value).length;
      const text = `${json.prefix.replace(/\t/g, ' ')}{…} ${keys} keys (space to unfold)`;
      const { pieces, hit } = highlight(text, options.search, colour);
      out.push({ pieces: [time, levelPiece, ...pieces], logLine: index, match: hit });
      return;
    }
    const body = json
      ? [
          ...(json.prefix.trim() ? [json.prefix.replace(/\t/g, ' ').trimEnd()] : []),
          ...JSON.stringify(json.value, null, 2).split('\n'),
        ]
      : line.message.replace(/\t/g, ' ').split('\n');
    const kept = body.slice(0, maxJson);
    if (body.length > kept.length) kept.push(`… ${body.length - kept.length} more lines`);
    kept.forEach((text, i) => {
      const { pieces, hit } = highlight(text, options.search, json ? { colour: 'cyan' } : colour);
      out.push({
        pieces: i === 0 ? [time, levelPiece, ...pieces] : [indent, ...pieces],
        logLine: index,
        match: hit,
      });
    });
  });
  return out;
}

/** Every display line of the detail view for one invocation. */
export function layoutDetail(detail: InvocationDetail, options: DetailLayoutOptions): DisplayLine[] {
  const inv = detail.invocation;
  const style = detail.live ? STATUS_STYLE.live : STATUS_STYLE[inv.status];
  const out: DisplayLine[] = [];
  out.push({
    pieces: [
      plain(`${style.glyph} ${inv.status === 'success' && !detail.live ? 'success' : style.label}`, {
        colour: style.colour,
        bold: true,
      }),
      ...(inv.errorType ? [plain(`  ${inv.errorType}`, { colour: 'red' })] : []),
      plain(`  ${inv.functionName ?? '?'}`, { bold: true }),
      ...(inv.version ? [plain(` (${inv.version})`, { dim: true })] : []),
      plain(`  ${inv.requestId}`),
      ...(inv.coldStart ? [plain(`  ${COLD_MARK} cold start`, { colour: 'cyan' })] : []),
    ],
  });
  out.push({
    pieces: [
      plain(
        `${formatClock(inv.start ? Date.parse(inv.start) : null)} → ${formatClock(inv.end ? Date.parse(inv.end) : null)}`,
        {
          dim: true,
        },
      ),
      ...(inv.logStream ? [plain(`  ${inv.logStream}`, { dim: true })] : []),
    ],
  });
  out.push(heading('REPORT'));
  out.push(...metricLines(inv));
  out.push(heading('Cost'));
  if (detail.cost) {
    const parts = detail.cost.parts.map((p) => `${p.label} ${formatUsd(p.usd)}`).join('   ');
    out.push({
      pieces: [plain(`${parts}   `), plain(`total ${formatUsd(detail.cost.totalUsd)}`, { bold: true })],
    });
  } else {
    out.push({ pieces: [plain('not priced (no Billed Duration or no price table)', { dim: true })] });
  }
  if (detail.trace) out.push(...traceLines(detail.trace, options.width));
  else {
    out.push(heading('X-Ray trace'));
    const text = inv.traceId ? `${inv.traceId} (not fetched)` : 'none';
    out.push({ pieces: [plain(text, { dim: true })] });
  }
  const dropped = inv.droppedLines > 0 ? ` (${inv.droppedLines} more not kept)` : '';
  out.push(heading(`Lines ${inv.lines.length}${dropped}`));
  out.push(...logLines(inv.lines, options));
  return out;
}
