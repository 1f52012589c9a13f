/**
 * X-Ray traces → a flat waterfall (segments, then their subsegments, in time order with
 * depth), and the bar geometry the detail view draws. The tree itself is the collectors'
 * (segments placed by `parent_id`, Lambda parts by `origin`); this only lays it out.
 */
import type { Trace, TraceSegment } from '../../collectors/xray/types.ts';
import type { SpanView, TraceView } from './types.ts';

function spanOf(seg: TraceSegment, depth: number): SpanView {
  return {
    id: seg.id,
    name: seg.name,
    depth,
    startMs: seg.startTime,
    endMs: seg.endTime,
    error: seg.error,
    fault: seg.fault,
    throttle: seg.throttle,
    origin: seg.origin,
  };
}

/** A trace's tree, depth first in time order; at most `maxSpans` rows. */
export function traceView(trace: Trace, maxSpans = 200): TraceView | null {
  const spans: SpanView[] = [];
  // buildTrace sorts roots and children by start time.
  const emit = (seg: TraceSegment, depth: number): void => {
    if (spans.length >= maxSpans) return;
    spans.push(spanOf(seg, depth));
    for (const child of seg.children) emit(child, depth + 1);
  };
  for (const root of trace.roots) emit(root, 0);
  if (spans.length === 0) return null;
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.endMs ?? s.startMs));
  return { traceId: trace.traceId, startMs, endMs, spans };
}

/** Bar offset and length in cells for one span on a `width`-cell axis. */
export function barGeometry(
  span: SpanView,
  trace: TraceView,
  width: number,
): { offset: number; length: number } {
  const total = Math.max(1, trace.endMs - trace.startMs);
  const offset = Math.min(width - 1, Math.floor(((span.startMs - trace.startMs) / total) * width));
  const end = span.endMs ?? trace.endMs;
  const length = Math.max(1, Math.min(width - offset, Math.round(((end - span.startMs) / total) * width)));
  return { offset, length };
}
