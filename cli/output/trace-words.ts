/**
 * What lambdalens says of an invocation's trace, in words: the `trace` line of the text
 * output and the X-Ray section of the terminal UI's detail view say it the same way.
 */
import type { TraceMatch } from '../../collectors/xray/attach.ts';
import { segmentMs } from '../../collectors/xray/segments.ts';
import type { LambdaTraceParts, Trace, TraceSegment } from '../../collectors/xray/types.ts';

/** How far the pairing got: a match, still being fetched, or not asked (null). */
export type TraceState = TraceMatch | 'fetching' | null;

/** Where a trace was looked for. */
export type TraceSource = 'xray' | 'file';

export const UNVERIFIED_NOTE = 'no Lambda segment to check the request ID against';

/** Downstream calls named in one line; the rest are counted. */
const MAX_CALLS_SHOWN = 5;

const wholeMs = (ms: number): string => `${Math.round(ms).toLocaleString('en-US')} ms`;
const spanMs = (s: TraceSegment | null): number | null => (s ? segmentMs(s) : null);

function callWords(s: TraceSegment): string {
  const operation = typeof s.aws?.operation === 'string' ? ` ${s.aws.operation}` : '';
  const ms = spanMs(s);
  const mark = s.fault ? ' (fault)' : s.error ? ' (error)' : s.throttle ? ' (throttled)' : '';
  return `${s.name}${operation} ${ms === null ? 'running' : wholeMs(ms)}${mark}`;
}

/** A found trace in one line: `1-…: 3,232 ms, init 755 ms; SNS Publish 959 ms`. */
export function foundTraceWords(trace: Trace, lambda: LambdaTraceParts | null, match: TraceMatch): string {
  const timing: string[] = [];
  if (trace.durationMs !== null) timing.push(wholeMs(trace.durationMs));
  const init = spanMs(lambda?.initialization ?? null);
  if (init !== null) timing.push(`init ${wholeMs(init)}`);
  const calls = lambda?.downstream ?? [];
  const shown = calls.slice(0, MAX_CALLS_SHOWN).map(callWords);
  if (calls.length > shown.length) shown.push(`${calls.length - shown.length} more calls`);
  const parts = [timing.join(', '), shown.join(', ')].filter((p) => p !== '');
  const note = match === 'attached-unverified' ? ` (${UNVERIFIED_NOTE})` : '';
  return `${trace.traceId}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}${note}`;
}

/**
 * Why an invocation shows no trace, for every state but a found one. `rivalTraces`: how many
 * traces name its request when its logs name no trace ID and more than one does, for that is
 * why none was joined (collectors/xray/trace-of-request.ts).
 */
export function missingTraceWords(
  traceId: string | null,
  state: TraceState,
  source: TraceSource,
  rivalTraces = 0,
  /** The traces file's name, said where the run's flags are out of sight (tail's detail view). */
  fileName: string | null = null,
): string {
  const file = fileName === null ? 'the traces file' : `the traces file ${fileName}`;
  if (traceId === null || state === 'no-trace-id') {
    if (rivalTraces < 2) return 'no trace ID in its logs';
    const where = source === 'file' ? ` in ${file}` : '';
    return `no trace ID in its logs, and ${rivalTraces.toLocaleString('en-US')} traces${where} name this request: none joined`;
  }
  switch (state) {
    case 'not-found':
      return source === 'file'
        ? `${file} has no trace ${traceId}`
        : `X-Ray has no trace ${traceId} (not sampled, or older than X-Ray keeps)`;
    case 'mismatch':
      return `trace ${traceId} names another request ID in its Lambda segment, so it is not shown`;
    case 'stopped':
      return source === 'file'
        ? `the run stopped before trace ${traceId} was looked up in ${file}`
        : `the run stopped before X-Ray gave trace ${traceId} (X-Ray may take 30 s to index a trace)`;
    case 'fetching':
      return `trace ${traceId} is being fetched from X-Ray`;
    default:
      return source === 'file'
        ? `trace ${traceId} is in ${file} but not attached to this invocation`
        : `trace ${traceId} is not attached: X-Ray was not asked, or could not be read`;
  }
}
