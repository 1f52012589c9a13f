/**
 * Text and colour for values on screen. Pure: components only place what these return.
 * One unit per quantity everywhere in the tail (milliseconds, megabytes, dollars), so a
 * column can be read down without converting.
 */
import { cellWidth, glyphsOf, padEndCells, padStartCells, takeCells } from '../../collectors/kernel/index.ts';
import type { InvocationStatus, LogLevel } from '../../collectors/model.ts';
import type { GlyphSet } from './glyphs.ts';
import { sanitize } from './sanitize.ts';
import type { RowView } from './types.ts';

/** The terminal's basic colours, which statuses, levels and highlights use. */
export type BasicColour = 'green' | 'yellow' | 'red' | 'magenta' | 'cyan' | 'blue' | 'gray' | 'white';
/** Colours of the 256-colour palette that only function names use, so none reads as a status. */
export type PaletteColour = 'orange' | 'violet' | 'sky' | 'pink' | 'tan' | 'teal' | 'lavender';
export type Colour = BasicColour | PaletteColour;

export const STATUS_STYLE: Record<InvocationStatus | 'live', { colour: Colour; label: string }> = {
  success: { colour: 'green', label: 'ok' },
  timeout: { colour: 'yellow', label: 'timeout' },
  oom: { colour: 'magenta', label: 'oom' },
  crash: { colour: 'red', label: 'crash' },
  error: { colour: 'red', label: 'error' },
  incomplete: { colour: 'gray', label: 'partial' },
  live: { colour: 'blue', label: 'running' },
};

export const LEVEL_COLOUR: Record<LogLevel, Colour> = {
  TRACE: 'gray',
  DEBUG: 'gray',
  INFO: 'white',
  WARN: 'yellow',
  ERROR: 'red',
  FATAL: 'red',
};

export function statusKey(row: Pick<RowView, 'live' | 'status'>): InvocationStatus | 'live' {
  return row.live ? 'live' : row.status;
}

/** `✓ ok`-style text and colour of a row's status in a glyph set. */
export function statusText(
  row: Pick<RowView, 'live' | 'status'>,
  glyphs: GlyphSet,
): { text: string; colour: Colour } {
  const key = statusKey(row);
  return { text: `${glyphs.status[key]} ${STATUS_STYLE[key].label}`, colour: STATUS_STYLE[key].colour };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS.mmm` in UTC (the zone Lambda logs in), with `MM-DD ` before it when `withDate`. */
export function formatClock(ms: number | null, withDate = false): string {
  if (ms === null || !Number.isFinite(ms)) return withDate ? '--:-- --:--:--.---' : '--:--:--.---';
  const d = new Date(ms);
  const milli = String(d.getUTCMilliseconds()).padStart(3, '0');
  const clock = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${milli}`;
  return withDate ? `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${clock}` : clock;
}

/** `2026-10-01 21:18:52.816Z`: the full time, for the detail view. */
export function formatTimestamp(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '(no time)';
  return new Date(ms).toISOString().replace('T', ' ');
}

/** True when the rows' start times fall on more than one UTC day. */
export function spansDays(span: { min: number; max: number } | null): boolean {
  if (span === null || !Number.isFinite(span.min) || !Number.isFinite(span.max)) return false;
  return Math.floor(span.min / 86_400_000) !== Math.floor(span.max / 86_400_000);
}

/** Milliseconds with two decimals, as Lambda reports them: `39.25`, `300100.00`. */
export function formatMsValue(ms: number | null): string {
  return ms === null ? '-' : ms.toFixed(2);
}

/** Milliseconds with the unit, for prose: `39.25 ms`. */
export function formatMs(ms: number | null): string {
  return ms === null ? '-' : `${ms.toFixed(2)} ms`;
}

/** Whole milliseconds (billed durations, spans): `300000 ms`. */
export function formatWholeMs(ms: number | null): string {
  return ms === null ? '-' : `${Math.round(ms)} ms`;
}

/** `28/128` (MB used of size). */
export function formatMemory(used: number | null, size: number | null): string {
  if (used === null && size === null) return '-';
  return `${used ?? '?'}/${size ?? '?'}`;
}

/** Dollars with enough digits to tell one invocation from another: always 8 decimals below $1. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return '-';
  if (usd >= 100) return `$${usd.toFixed(2)}`;
  if (usd >= 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(8)}`;
}

/** Totals: cents are enough above a dollar, and small sums keep their digits. */
export function formatTotalUsd(usd: number): string {
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  // A cost too small for six decimals is still a cost: "$0.000000" would read as free.
  if (usd > 0 && usd < 0.0000005) return '<$0.000001';
  return `$${usd.toFixed(6)}`;
}

/**
 * A total, said to be at least that when some of what it sums could not be priced
 * (`≥$0.0202`, `>=` in ASCII), so it never reads as complete. A partial total too small for
 * six decimals is more than nothing and no more is known: `>$0`, not "at least less than
 * $0.000001".
 */
export function formatSumUsd(usd: number, partial: boolean, atLeast: string): string {
  if (!partial) return formatTotalUsd(usd);
  return usd > 0 && usd < 0.0000005 ? '>$0' : `${atLeast}${formatTotalUsd(usd)}`;
}

/** A lag or an age, compact: `120 ms`, `4.2 s`, `3m 05s`, `2h 10m`, `400 d`. */
export function formatAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)} d`;
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10_000 ? `${(perSecond / 1000).toFixed(1)}k` : String(perSecond);
}

export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '-';
  const p = (part / whole) * 100;
  if (p === 0) return '0%';
  if (p < 0.1) return '<0.1%';
  // Not all is never "100%": 645 of 646 priced read as every one priced.
  if (part < whole && p >= 99.5) return `${(Math.floor(p * 10) / 10).toFixed(1)}%`;
  return `${p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/**
 * A cell of `width` columns, cut with `ellipsis`; control characters shown as ^X, so it is
 * measured as drawn. Columns, not characters: a double-width name (a file's 注文-api.log)
 * takes two a character, a combining mark none.
 */
export function padCell(raw: string, width: number, ellipsis = '…'): string {
  const text = sanitize(raw);
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return padEndCells(text, width);
  if (width <= 1) return padEndCells(takeCells(text, width), width);
  return padEndCells(`${takeCells(text, width - 1)}${ellipsis}`, width);
}

/** The last glyphs of `text` that fit in `columns` columns. */
function lastCells(text: string, columns: number): string {
  const glyphs = [...glyphsOf(text)];
  let at = glyphs.length;
  let used = 0;
  while (at > 0 && used + (glyphs[at - 1]?.width ?? 0) <= columns) used += glyphs[--at]?.width ?? 0;
  return glyphs
    .slice(at)
    .map((g) => g.text)
    .join('');
}

/**
 * A cell of `width` columns cut in the middle: names that share their start (a stack's or a
 * team's prefix: orders-api-prod-handler, orders-api-prod-worker) differ at the end, and cut
 * at the end every one of them read the same ("orders-ap…").
 */
export function padMiddle(raw: string, width: number, ellipsis = '…'): string {
  const text = sanitize(raw);
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return padEndCells(text, width);
  if (width <= 2) return padCell(raw, width, ellipsis);
  // The start takes its half; the end, whatever the start's wide characters left.
  const head = takeCells(text, Math.ceil((width - 1) / 2));
  return padEndCells(`${head}${ellipsis}${lastCells(text, width - 1 - cellWidth(head))}`, width);
}

export function fitRight(raw: string, width: number): string {
  const text = sanitize(raw);
  return cellWidth(text) > width ? padEndCells(takeCells(text, width), width) : padStartCells(text, width);
}
