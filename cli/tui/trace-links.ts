/**
 * Where traces wait for their invocations. A trace can come before its invocation (a
 * `--traces` file, or an invocation that left and came back), and an invocation names its
 * trace ID only at REPORT in the text format, so both sides look each other up: by the
 * trace ID the logs named, and by the request IDs the trace's Lambda segments carry, by the
 * rule `logs --traces` joins them by (collectors/xray/trace-of-request.ts: by request ID
 * only where the logs name no trace and one trace names the request). That rule counts
 * every trace the screen has been given, waiting or shown, wherever it came from: a trace
 * fetched from X-Ray for the ID another row's logs named may name a request already joined
 * to another trace, and then neither is that request's by its ID. Whether a found trace
 * really is the invocation's is decided by the collectors' `matchTrace`, the same
 * request-ID check `logs --traces` makes.
 *
 * Traces from a file (`--traces-file`) are not parked: the file is bounded input, read
 * whole before the first event, so its traces are indexed by trace ID and by request ID for
 * the whole run, never dropped, as `logs` holds them. A queue bounded at a thousand lost
 * all but the last thousand of a larger file before any invocation came.
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
  /** Counts a trace given to the screen among those naming its requests, before it is offered. */
  learn(trace: Trace): void;
  /**
   * Request IDs a trace may belong to: whoever named its ID, and the requests its Lambda
   * segments name that no other trace known here names.
   */
  candidates(trace: Trace): string[];
  /** Requests the trace's Lambda segments name that another trace known here names too. */
  contested(trace: Trace): string[];
  /**
   * Keeps a trace until its invocation comes (bounded: the oldest parked trace leaves first);
   * a trace of the file needs no keeping: it stays where every invocation finds it.
   */
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

/**
 * `maxKnown`: traces counted by the requests they name, the oldest forgotten first. Enough
 * for every parked trace and one per row the screen holds, the traces a held row may meet.
 * `fileTraces`: the traces of a file, held and counted for the whole run, outside both bounds.
 */
export function createTraceLinks(
  maxParked = 1000,
  maxKnown = maxParked + 2000,
  fileTraces: readonly Trace[] = [],
): TraceLinks {
  /** Trace ID → the request whose logs named it. */
  const named = new Map<string, string>();
  const parked = new Map<string, Trace>();
  /** Traces given to the screen, parked or joined, oldest first; and by the requests they name. */
  const known = new Map<string, Trace>();
  const knownByRequest = new TracesByRequest();
  /** The file's traces by ID; they are counted in `knownByRequest` too, and never leave it. */
  const inFile = new Map<string, Trace>();
  // As `logs` reads the file (trace-file.ts): a trace listed twice is found as it last reads.
  for (const trace of fileTraces) {
    inFile.set(trace.traceId, trace);
    knownByRequest.add(trace);
  }
  let dropped = 0;

  const unpark = (traceId: string): Trace | null => {
    const trace = parked.get(traceId);
    if (!trace) return null;
    parked.delete(traceId);
    return trace;
  };

  return {
    note(requestId, traceId) {
      if (traceId) named.set(traceId, requestId);
    },
    forget(requestId, traceId) {
      if (traceId && named.get(traceId) === requestId) named.delete(traceId);
    },
    learn(trace) {
      // Counted from the start, for good: counting it again would let it go with the bounded ones.
      if (inFile.has(trace.traceId)) return;
      const before = known.get(trace.traceId);
      if (before) {
        // Given again (fetched anew): it counts once, as it now reads, and as the newest.
        known.delete(trace.traceId);
        knownByRequest.remove(before);
      }
      known.set(trace.traceId, trace);
      knownByRequest.add(trace);
      while (known.size > maxKnown) {
        const oldest = known.keys().next().value;
        if (oldest === undefined) break;
        knownByRequest.remove(known.get(oldest) as Trace);
        known.delete(oldest);
        // A waiting trace no longer counted could be taken by a request it shares: it goes too.
        if (unpark(oldest)) dropped++;
      }
    },
    candidates(trace) {
      const ids = new Set(
        lambdaRequestIds(trace).filter((id) => knownByRequest.onlyNames(id, trace.traceId)),
      );
      const byName = named.get(trace.traceId);
      if (byName) ids.add(byName);
      return [...ids];
    },
    contested: (trace) => lambdaRequestIds(trace).filter((id) => knownByRequest.count(id) > 1),
    park(trace) {
      if (inFile.get(trace.traceId) === trace) return;
      unpark(trace.traceId);
      parked.set(trace.traceId, trace);
      while (parked.size > maxParked) {
        const oldest = parked.keys().next().value;
        if (oldest === undefined) break;
        unpark(oldest);
        dropped++;
      }
    },
    claim(requestId, traceId) {
      const key = traceIdOf({ requestId, traceId }, knownByRequest);
      return key === undefined ? null : (unpark(key) ?? inFile.get(key) ?? null);
    },
    rivals: (requestId, traceId) => rivalTraces({ requestId, traceId }, knownByRequest),
    dropped: () => dropped,
  };
}
