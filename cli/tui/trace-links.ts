/**
 * Where traces wait for their invocations. A trace can come before its invocation (a
 * `--traces` file, or an invocation that left and came back), and an invocation names its
 * trace ID only at REPORT in the text format, so both sides look each other up: by the
 * trace ID the logs named, and by the request IDs the trace's Lambda segments carry.
 * Whether a found trace really is the invocation's is decided by the collectors'
 * `matchTrace`, the same request-ID check `logs --traces` makes.
 */
import type { Trace } from '../../collectors/xray/types.ts';

export interface TraceLinks {
  /** Remembers that an invocation's logs named a trace ID, so its trace finds it when fetched. */
  note(requestId: string, traceId: string | null): void;
  /** Forgets an invocation that left the ring. */
  forget(requestId: string, traceId: string | null): void;
  /** Request IDs a trace may belong to: whoever named its ID, and the requests its Lambda segments name. */
  candidates(trace: Trace): string[];
  /** Keeps a trace until its invocation comes (bounded: the oldest parked trace leaves first). */
  park(trace: Trace): void;
  /** Takes a parked trace for this invocation, by its trace ID or by its request ID. */
  claim(requestId: string, traceId: string | null): Trace | null;
  /** Parked traces dropped to stay within the bound. */
  dropped(): number;
}

/** Request IDs of a trace's AWS::Lambda segments. */
function lambdaRequestIds(trace: Trace): string[] {
  const out: string[] = [];
  for (const part of trace.lambdas) if (part.requestId) out.push(part.requestId);
  return out;
}

export function createTraceLinks(maxParked = 1000): TraceLinks {
  /** Trace ID → the request whose logs named it. */
  const named = new Map<string, string>();
  const parked = new Map<string, Trace>();
  /** Request ID (from a parked trace's Lambda segment) → that trace's ID. */
  const parkedByRequest = new Map<string, string>();
  let dropped = 0;

  const unpark = (traceId: string): Trace | null => {
    const trace = parked.get(traceId);
    if (!trace) return null;
    parked.delete(traceId);
    for (const id of lambdaRequestIds(trace)) {
      if (parkedByRequest.get(id) === traceId) parkedByRequest.delete(id);
    }
    return trace;
  };

  return {
    note(requestId, traceId) {
      if (traceId) named.set(traceId, requestId);
    },
    forget(requestId, traceId) {
      if (traceId && named.get(traceId) === requestId) named.delete(traceId);
    },
    candidates(trace) {
      const ids = new Set(lambdaRequestIds(trace));
      const byName = named.get(trace.traceId);
      if (byName) ids.add(byName);
      return [...ids];
    },
    park(trace) {
      unpark(trace.traceId);
      parked.set(trace.traceId, trace);
      for (const id of lambdaRequestIds(trace)) parkedByRequest.set(id, trace.traceId);
      while (parked.size > maxParked) {
        const oldest = parked.keys().next().value;
        if (oldest === undefined) break;
        unpark(oldest);
        dropped++;
      }
    },
    claim(requestId, traceId) {
      const key = traceId && parked.has(traceId) ? traceId : parkedByRequest.get(requestId);
      return key === undefined ? null : unpark(key);
    },
    dropped: () => dropped,
  };
}
