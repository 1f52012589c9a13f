/**
 * Text and colour for values on screen. Pure: components only place what these return.
 * Glyphs are single-column so rows line up in every terminal.
 */
import type { InvocationStatus, LogLevel } from '../../collectors/model.ts';
import type { RowView } from './types.ts';

export type Colour = 'green' | 'yellow' | 'red' | 'magenta' | 'cyan' | 'blue' | 'gray' | 'white';

export const STATUS_STYLE: Record<
  InvocationStatus | 'live',
  { glyph: string; colour: Colour; label: string }
> = {
  success: { glyph: '✔', colour: 'green', label: 'ok' },
  timeout: { glyph: '⧗', colour: 'yellow', label: 'timeout' },
  oom: { glyph: '▲', colour: 'magenta', label: 'oom' },
  crash: { glyph: '✖', colour: 'red', label: 'crash' },
  error: { glyph: '✖', colour: 'red', label: 'error' },
  incomplete: { glyph: '◌', colour: 'gray', label: 'partial' },
  live: { glyph: '●', colour: 'blue', label: 'running' },
};

export const LEVEL_COLOUR: Record<LogLevel, Colour> = {
  TRACE: 'gray',
  DEBUG: 'gray',
  INFO: 'white',
  WARN: 'yellow',
  ERROR: 'red',
  FATAL: 'red',
};

export const COLD_MARK = '❄';
export const TRACE_MARK = '◆';
export const TRACE_ID_MARK = '◇';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS.mmm` in UTC, the zone Lambda logs in. */
export function formatClock(ms: number | null): string {
  if (ms === null) return '--:--:--.---';
  const d = new Date(ms);
  const milli = String(d.getUTCMilliseconds()).padStart(3, '0');
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${milli}`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '-';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)}s`;
  return Number.isInteger(ms) ? `${ms}ms` : `${ms.toFixed(2)}ms`;
}

export function formatMemory(used: number | null, size: number | null): string {
  if (used === null && size === null) return '-';
  return `${used ?? '?'}/${size ?? '?'}MB`;
}

/** Dollars with enough digits to tell one invocation from another. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '-';
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(8).replace(/0+$/, '')}`;
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10_000 ? `${(perSecond / 1000).toFixed(1)}k` : String(perSecond);
}

export function padCell(text: string, width: number): string {
  if (text.length > width) return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
  return text.padEnd(width);
}

export function fitRight(text: string, width: number): string {
  return text.length > width ? text.slice(0, width) : text.padStart(width);
}

/** Column widths of the list; the header and every row share them. */
export const COLUMNS = {
  time: 12,
  fn: 24,
  status: 9,
  cold: 1,
  duration: 10,
  billed: 9,
  memory: 12,
  cost: 12,
  trace: 1,
  request: 36,
} as const;

export function statusStyle(
  row: Pick<RowView, 'live' | 'status'>,
): (typeof STATUS_STYLE)[keyof typeof STATUS_STYLE] {
  return row.live ? STATUS_STYLE.live : STATUS_STYLE[row.status];
}

/** The cells of one list row, already padded to their columns. */
export function rowCells(row: RowView): {
  time: string;
  fn: string;
  status: string;
  cold: string;
  duration: string;
  billed: string;
  memory: string;
  cost: string;
  trace: string;
  request: string;
} {
  const style = statusStyle(row);
  return {
    time: padCell(formatClock(row.startMs), COLUMNS.time),
    fn: padCell(row.functionName ?? '?', COLUMNS.fn),
    status: padCell(`${style.glyph} ${style.label}`, COLUMNS.status),
    cold: row.coldStart ? COLD_MARK : ' ',
    duration: fitRight(formatMs(row.durationMs), COLUMNS.duration),
    billed: fitRight(formatMs(row.billedDurationMs), COLUMNS.billed),
    memory: fitRight(formatMemory(row.maxMemoryUsedMB, row.memorySizeMB), COLUMNS.memory),
    cost: fitRight(formatUsd(row.costUsd), COLUMNS.cost),
    trace: row.hasTrace ? TRACE_MARK : row.traceId ? TRACE_ID_MARK : ' ',
    request: row.requestId,
  };
}

export const HEADER_CELLS = {
  time: padCell('TIME (UTC)', COLUMNS.time),
  fn: padCell('FUNCTION', COLUMNS.fn),
  status: padCell('STATUS', COLUMNS.status),
  cold: 'C',
  duration: fitRight('DURATION', COLUMNS.duration),
  billed: fitRight('BILLED', COLUMNS.billed),
  memory: fitRight('MEM USED', COLUMNS.memory),
  cost: fitRight('COST', COLUMNS.cost),
  trace: 'T',
  request: 'REQUEST ID',
};
