/**
 * Where traces wait for their invocations. A trace can come before its invocation (a
 * `--traces` file, or an invocation that left and came back), and an invocation names its
 * trace ID only at REPORT in the text format, so both sides look each other up: by the
 * trace ID the logs named, and by the request IDs the trace's Lambda segments carry, by the
 * rule `logs --traces` joins them by (collectors/xray/trace-of-request.ts: by request ID
 * only where the logs name no trace and one trace names the request). Whether a found trace
 * really is the invocation's is decided by the collectors' `matchTrace`, the same
 * request-ID check `logs --traces` makes.
 */
import {
  lambdaRequestIds,
  rivalTraces,
  TracesByRequest,
  traceIdOf,
} from '../../collectors/xray/trace-of-request.ts';
import type { Trace } from '../../collectors/xray/types.ts';

export interface TraceLinks {
  /** Remembers that an invocation's logs named a trace ID, so its trace finds it when fetched. */
  note(requestId: string, traceId: string | null): void;
  /** Forgets an invocation that left the ring. */
  forget(requestId: string, traceId: string | null): void;
  /**
   * Request IDs a trace may belong to: whoever named its ID, and the requests its Lambda
   * segments name that no other trace waiting here names.
   */
  candidates(trace: Trace): string[];
  /** Keeps a trace until its invocation comes (bounded: the oldest parked trace leaves first). */
  park(trace: Trace): void;
  /** Takes a parked trace for this invocation, by its trace ID or by its request ID. */
  claim(requestId: string, traceId: string | null): Trace | null;
  /**
   * How many traces name this request when its logs name no trace ID and more than one
   * does, so it can take none of them (0 otherwise): what its detail view says.
   */
  rivals(requestId: string, traceId: string | null): number;
  /** Parked traces dropped to stay within the bound. */
  dropped(): number;
}

export function createTraceLinks(maxParked = 1000): TraceLinks {
  /** Trace ID → the request whose logs named it. */
  const named = new Map<string, string>();
  const parked = new Map<string, Trace>();
  /** The parked traces by the requests their Lambda segments name. */
  const parkedByRequest = new TracesByRequest();
  let dropped = 0;

  const unpark = (traceId: string): Trace | null => {
    const trace = parked.get(traceId);
    if (!trace) return null;
    parked.delete(traceId);
    parkedByRequest.remove(trace);
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
      const ids = new Set(
        lambdaRequestIds(trace).filter((id) => parkedByRequest.onlyNames(id, trace.traceId)),
      );
      const byName = named.get(trace.traceId);
      if (byName) ids.add(byName);
      return [...ids];
    },
    park(trace) {
      unpark(trace.traceId);
      parked.set(trace.traceId, trace);
      parkedByRequest.add(trace);
      while (parked.size > maxParked) {
        const oldest = parked.keys().next().value;
        if (oldest === undefined) break;
        unpark(oldest);
        dropped++;
      }
    },
    claim(requestId, traceId) {
      const key = traceIdOf({ requestId, traceId }, parkedByRequest);
      return key === undefined ? null : unpark(key);
    },
    rivals: (requestId, traceId) => rivalTraces({ requestId, traceId }, parkedByRequest),
    dropped: () => dropped,
  };
}
