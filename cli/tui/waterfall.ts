/**
 * X-Ray segment documents → a flat waterfall (segments, then their subsegments, in
 * time order with depth), and the bar geometry the detail view draws.
 */
import type { SpanView, TraceView } from './types.ts';

type Doc = Record<string, unknown>;

function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function spanOf(doc: Doc, depth: number): SpanView | null {
  const start = num(doc.start_time);
  if (start === null) return null;
  const end = num(doc.end_time);
  return {
    id: typeof doc.id === 'string' ? doc.id : '',
    name: typeof doc.name === 'string' ? doc.name : '?',
    depth,
    startMs: start * 1000,
    endMs: end === null ? null : end * 1000,
    error: doc.error === true,
    fault: doc.fault === true,
    throttle: doc.throttle === true,
    origin: typeof doc.origin === 'string' ? doc.origin : null,
  };
}

function subsegmentsOf(doc: Doc): Doc[] {
  return Array.isArray(doc.subsegments) ? doc.subsegments.filter(isDoc) : [];
}

function collectIds(doc: Doc, into: Set<string>): void {
  if (typeof doc.id === 'string') into.add(doc.id);
  for (const sub of subsegmentsOf(doc)) collectIds(sub, into);
}

/**
 * Segment documents of one trace (parsed JSON) → waterfall; at most `maxSpans` rows.
 * A segment sits under the segment or subsegment its `parent_id` names (a Lambda function
 * segment under its service segment, an inferred DynamoDB segment under the call).
 */
export function buildTraceView(
  traceId: string,
  documents: readonly unknown[],
  maxSpans = 200,
): TraceView | null {
  const docs = documents.filter(isDoc);
  const ids = new Set<string>();
  for (const doc of docs) collectIds(doc, ids);
  const attached = new Map<string, Doc[]>();
  const roots: Doc[] = [];
  for (const doc of docs) {
    const parent = typeof doc.parent_id === 'string' && ids.has(doc.parent_id) ? doc.parent_id : null;
    if (parent === null) roots.push(doc);
    else attached.set(parent, [...(attached.get(parent) ?? []), doc]);
  }
  const byStart = (a: Doc, b: Doc): number => (num(a.start_time) ?? 0) - (num(b.start_time) ?? 0);
  const spans: SpanView[] = [];
  const emit = (doc: Doc, depth: number): void => {
    if (spans.length >= maxSpans) return;
    const span = spanOf(doc, depth);
    if (!span) return;
    spans.push(span);
    const children = [...subsegmentsOf(doc), ...(attached.get(span.id) ?? [])].sort(byStart);
    for (const child of children) emit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) emit(root, 0);
  if (spans.length === 0) return null;
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.endMs ?? s.startMs));
  return { traceId, startMs, endMs, spans };
}

/** The Lambda request ID an X-Ray trace carries on its `AWS::Lambda` segment, if any. */
export function lambdaRequestId(documents: readonly unknown[]): string | null {
  for (const doc of documents.filter(isDoc)) {
    if (doc.origin !== 'AWS::Lambda') continue;
    const aws = doc.aws;
    if (isDoc(aws) && typeof aws.request_id === 'string') return aws.request_id;
  }
  return null;
}

/** `BatchGetTraces` output (`{ Traces: [{ Id, Segments: [{ Document }] }] }`) → traces with request IDs. */
export function tracesFromBatchGetTraces(output: unknown): { trace: TraceView; requestId: string | null }[] {
  if (!isDoc(output) || !Array.isArray(output.Traces)) return [];
  const out: { trace: TraceView; requestId: string | null }[] = [];
  for (const t of output.Traces.filter(isDoc)) {
    if (typeof t.Id !== 'string' || !Array.isArray(t.Segments)) continue;
    const docs: unknown[] = [];
    for (const seg of t.Segments.filter(isDoc)) {
      if (typeof seg.Document !== 'string') continue;
      try {
        docs.push(JSON.parse(seg.Document));
      } catch {
        // a malformed segment is skipped; the rest of the trace still draws
      }
    }
    const trace = buildTraceView(t.Id, docs);
    if (trace) out.push({ trace, requestId: lambdaRequestId(docs) });
  }
  return out;
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
