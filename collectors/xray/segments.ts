/**
 * Builds a `Trace` from BatchGetTraces output. Segments arrive as JSON strings in no
 * useful order; the tree comes from `parent_id` links (a subsegment's id may be the parent
 * of an inferred segment), and the Lambda parts are found by `origin`, not position.
 */
import type { Trace as ApiTrace } from '@aws-sdk/client-xray';
import type { LambdaTraceParts, Trace, TraceSegment } from './types.ts';

type Doc = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Doc | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : null);

function causes(cause: unknown): string[] {
  if (typeof cause === 'string') return [cause];
  const c = obj(cause);
  const list = Array.isArray(c?.exceptions) ? (c.exceptions as unknown[]) : [];
  return list.map((x) => {
    const e = obj(x) ?? {};
    const type = str(e.type);
    const message = str(e.message) ?? '';
    return type ? `${type}: ${message}` : message;
  });
}

/**
 * Epoch (or elapsed) seconds as milliseconds, to the microsecond X-Ray writes them in: rounded
 * to whole milliseconds, a 97.57 ms function read as 98.00 ms beside its REPORT's 97.57.
 */
function toMs(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}

function toSegment(doc: Doc, kind: TraceSegment['kind'], parentId: string | null): TraceSegment {
  const http = obj(doc.http);
  const req = obj(http?.request);
  const res = obj(http?.response);
  const start = num(doc.start_time);
  const end = num(doc.end_time);
  const seg: TraceSegment = {
    id: str(doc.id) ?? '',
    name: str(doc.name) ?? '',
    kind,
    origin: str(doc.origin),
    parentId: str(doc.parent_id) ?? parentId,
    startTime: start === null ? 0 : toMs(start),
    endTime: end === null ? null : toMs(end),
    inProgress: doc.in_progress === true,
    inferred: doc.inferred === true,
    namespace: str(doc.namespace),
    http: http
      ? {
          method: str(req?.method) ?? undefined,
          url: str(req?.url) ?? undefined,
          status: num(res?.status) ?? undefined,
        }
      : null,
    aws: obj(doc.aws),
    error: doc.error === true,
    fault: doc.fault === true,
    throttle: doc.throttle === true,
    causes: causes(doc.cause),
    annotations: obj(doc.annotations) ?? {},
    resourceArn: str(doc.resource_arn),
    children: [],
  };
  const subs = Array.isArray(doc.subsegments) ? (doc.subsegments as unknown[]) : [];
  for (const s of subs) {
    const d = obj(s);
    if (d) seg.children.push(toSegment(d, 'subsegment', seg.id));
  }
  return seg;
}

function* walk(seg: TraceSegment): Generator<TraceSegment> {
  yield seg;
  for (const c of seg.children) yield* walk(c);
}

function findChild(seg: TraceSegment | null, name: string): TraceSegment | null {
  if (!seg) return null;
  for (const s of walk(seg)) if (s !== seg && s.name === name) return s;
  return null;
}

function lambdaParts(service: TraceSegment, all: TraceSegment[]): LambdaTraceParts {
  const fn = all.find((s) => s.origin === 'AWS::Lambda::Function' && s.parentId === service.id) ?? null;
  const arn = str(fn?.aws?.function_arn) ?? service.resourceArn;
  const downstream: TraceSegment[] = [];
  if (fn) {
    for (const s of walk(fn)) {
      // Inferred segments linked under a subsegment repeat that call: count the call once.
      if (s.kind === 'segment' || ['Initialization', 'Invocation', 'Overhead'].includes(s.name)) continue;
      if (s.http || s.namespace === 'aws' || s.namespace === 'remote') downstream.push(s);
    }
  }
  return {
    requestId: str(service.aws?.request_id),
    functionArn: arn,
    service,
    function: fn,
    initialization: findChild(fn, 'Initialization'),
    invocation: findChild(fn, 'Invocation'),
    overhead: findChild(fn, 'Overhead'),
    downstream,
  };
}

/** How long a segment took, to the microsecond (the difference of two times read to it); null while in progress. */
export function segmentMs(s: Pick<TraceSegment, 'startTime' | 'endTime'>): number | null {
  return s.endTime === null ? null : Math.round((s.endTime - s.startTime) * 1e3) / 1e3;
}

/** Turns one API trace into the tree; unreadable documents are kept as reasons, not thrown. */
export function buildTrace(api: ApiTrace): Trace {
  const traceId = api.Id ?? '';
  const segments: TraceSegment[] = [];
  const unreadable: Trace['unreadable'] = [];
  // A saved file (`--traces-file`) may hold anything where a segment should be: `null`, a
  // number, a Document that is not text. Each is an unreadable segment, never a crash.
  for (const s of api.Segments ?? []) {
    const entry = obj(s);
    try {
      const text = entry?.Document;
      if (typeof text !== 'string') throw new Error('no Document text');
      const doc = obj(JSON.parse(text));
      if (!doc) throw new Error('document is not a JSON object');
      segments.push(toSegment(doc, 'segment', null));
    } catch (err) {
      unreadable.push({
        id: str(entry?.Id) ?? '?',
        reason: err instanceof Error ? err.message : String(err),
      });
    }
  }
  // Every id in the trace, subsegments included: a segment's parent may be a subsegment.
  const byId = new Map<string, TraceSegment>();
  for (const seg of segments) for (const s of walk(seg)) byId.set(s.id, s);
  const roots: TraceSegment[] = [];
  for (const seg of segments) {
    const parent = seg.parentId ? byId.get(seg.parentId) : undefined;
    if (parent && parent !== seg) parent.children.push(seg);
    else roots.push(seg);
  }
  const byStart = (a: TraceSegment, b: TraceSegment) => a.startTime - b.startTime;
  roots.sort(byStart);
  // A Duration that is no number (text in a hand-edited file) is not known, not NaN ms.
  const duration = num(api.Duration);
  for (const s of byId.values()) s.children.sort(byStart);
  const lambdas = segments.filter((s) => s.origin === 'AWS::Lambda').map((s) => lambdaParts(s, segments));
  return {
    traceId,
    durationMs: duration === null ? null : toMs(duration),
    roots,
    lambdas,
    unreadable,
  };
}

/** The Lambda part of a trace for one request ID, if the trace holds it. */
export function lambdaPartFor(trace: Trace, requestId: string): LambdaTraceParts | null {
  return trace.lambdas.find((l) => l.requestId === requestId) ?? null;
}
