/**
 * Which trace is an invocation's: one rule for `logs`, piped `tail` and tail's screen. The
 * trace its logs name by ID (REPORT's `XRAY TraceId`, a JSON record's `tracing`); when they
 * name none (a REPORT copied without X-Ray's suffix, a log that never carried it), the trace
 * whose AWS::Lambda segment carries its request ID, for a trace that names the request is
 * that request's trace. Only while one trace names it: two that do (a retried or replayed
 * request, a copied trace header) leave no way to tell, so neither is taken. Either way
 * `matchTrace` (attach.ts) then checks the pairing as it checks any other.
 */
import type { Invocation } from '../model.ts';
import type { Trace } from './types.ts';

/** The traces known, by the request IDs their Lambda segments carry. */
export class TracesByRequest {
  /** Request ID → the IDs of the traces whose Lambda segments name it. */
  private readonly named = new Map<string, Set<string>>();

  add(trace: Trace): void {
    for (const requestId of lambdaRequestIds(trace)) {
      const traces = this.named.get(requestId);
      if (traces) traces.add(trace.traceId);
      else this.named.set(requestId, new Set([trace.traceId]));
    }
  }

  remove(trace: Trace): void {
    for (const requestId of lambdaRequestIds(trace)) {
      const traces = this.named.get(requestId);
      traces?.delete(trace.traceId);
      if (traces?.size === 0) this.named.delete(requestId);
    }
  }

  /** The ID of the one trace that names `requestId`; undefined when none does, or several. */
  traceId(requestId: string): string | undefined {
    const traces = this.named.get(requestId);
    if (traces?.size !== 1) return undefined;
    return traces.values().next().value;
  }

  /** How many traces name `requestId`: more than one is why an invocation whose logs name no trace gets none. */
  count(requestId: string): number {
    return this.named.get(requestId)?.size ?? 0;
  }

  /** Whether no trace but `traceId` names `requestId`, so that trace may be taken by it. */
  onlyNames(requestId: string, traceId: string): boolean {
    const traces = this.named.get(requestId);
    return traces === undefined || (traces.size === 1 && traces.has(traceId));
  }
}

/** The ID of the trace to look up for an invocation by the rule above, or undefined for none. */
export function traceIdOf(
  invocation: Pick<Invocation, 'requestId' | 'traceId'>,
  byRequest: TracesByRequest,
): string | undefined {
  return invocation.traceId || byRequest.traceId(invocation.requestId);
}

/**
 * Why an invocation whose logs name no trace ID gets none though traces name its request:
 * how many do, when more than one (0 otherwise, and for one whose logs name a trace).
 */
export function rivalTraces(
  invocation: Pick<Invocation, 'requestId' | 'traceId'>,
  byRequest: TracesByRequest,
): number {
  if (invocation.traceId) return 0;
  const n = byRequest.count(invocation.requestId);
  return n > 1 ? n : 0;
}

/** Request IDs of a trace's AWS::Lambda segments, each once. */
export function lambdaRequestIds(trace: Trace): string[] {
  const ids = new Set<string>();
  for (const part of trace.lambdas) if (part.requestId) ids.add(part.requestId);
  return [...ids];
}
