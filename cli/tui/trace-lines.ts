/**
 * The X-Ray waterfall of the detail view: one line per span, its name indented by depth,
 * a bar placed on the trace's time axis, its duration, and errors, faults and throttles
 * marked in words as well as colour (so they survive NO_COLOR).
 */
import type { TraceMatch } from '../../collectors/xray/attach.ts';
import { UNVERIFIED_NOTE } from '../output/trace-words.ts';
import { type Colour, formatMs } from './format.ts';
import type { GlyphSet } from './glyphs.ts';
import type { Piece } from './paint.ts';
import type { TraceView } from './types.ts';
import { barGeometry } from './waterfall.ts';

const NAME_WIDTH = 34;

export function traceLines(
  trace: TraceView,
  width: number,
  glyphs: GlyphSet,
  match: TraceMatch | null,
): Piece[][] {
  const barWidth = Math.max(10, width - NAME_WIDTH - 30);
  const note = match === 'attached-unverified' ? `  (${UNVERIFIED_NOTE})` : '';
  const out: Piece[][] = [
    [
      {
        text: `X-Ray trace ${trace.traceId}  ${formatMs(trace.endMs - trace.startMs)}`,
        bold: true,
        colour: 'cyan',
      },
      ...(note ? [{ text: note, dim: true }] : []),
    ],
  ];
  for (const span of trace.spans) {
    const { offset, length } = barGeometry(span, trace, barWidth);
    const bad = span.error || span.fault;
    const colour: Colour = bad ? 'red' : span.throttle ? 'yellow' : span.depth === 0 ? 'cyan' : 'green';
    const mark = span.fault ? ' fault' : span.error ? ' error' : span.throttle ? ' throttle' : '';
    const label = `${'  '.repeat(span.depth)}${span.name}`;
    const name =
      label.length > NAME_WIDTH
        ? `${label.slice(0, NAME_WIDTH - 1)}${glyphs.ellipsis}`
        : label.padEnd(NAME_WIDTH);
    const duration = span.endMs === null ? 'running' : formatMs(span.endMs - span.startMs);
    out.push([
      { text: name, ...(bad ? { colour: 'red' as const } : {}) },
      { text: ' '.repeat(offset) },
      { text: glyphs.bar.repeat(length), colour },
      { text: ' '.repeat(Math.max(0, barWidth - offset - length)) },
      { text: ` ${duration.padStart(12)}` },
      { text: mark, colour: bad ? 'red' : 'yellow', bold: true },
    ]);
  }
  return out;
}
