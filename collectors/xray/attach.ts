/**
 * Joins traces to invocations. The request ID is the join key (the AWS::Lambda segment's
 * `aws.request_id`); the trace ID from the logs is how the trace is found and is checked
 * against the trace, so a wrong pairing is reported instead of shown.
 */

import { isAbortError, sleep as kernelSleep, type Sleep } from '../kernel/index.ts';
import type { Invocation } from '../model.ts';
import type { TraceFetcher } from './fetcher.ts';
import { lambdaPartFor } from './segments.ts';
import type { LambdaTraceParts, Trace } from './types.ts';

/** Why an invocation has, or lacks, a trace. */
export type TraceMatch =
  /** Found, and its AWS::Lambda segment carries this request ID. */
  | 'attached'
  /** Found by trace ID; the trace has no AWS::Lambda segment to check the request ID against. */
  | 'attached-unverified'
  /** The logs gave no trace ID. */
  | 'no-trace-id'
  /** X-Ray did not return the trace within the wait. */
  | 'not-found'
  /** The trace's Lambda segments belong to other request IDs: not attached. */
  | 'mismatch';

export interface InvocationWithTrace {
  invocation: Invocation;
  trace: Trace | null;
  /** The part of the trace for this invocation (service/function segments, phases, calls). */
  lambda: LambdaTraceParts | null;
  match: TraceMatch;
}

export interface AttachOptions {
  fetcher?: TraceFetcher | undefined;
  /** Traced invocations fetched together, default 25 (five BatchGetTraces calls). */
  batchSize?: number | undefined;
  /** A partial batch is fetched after this long without new input, default 1 s. */
  flushAfterMs?: number | undefined;
  sleep?: Sleep | undefined;
}

/** Pairs one invocation with a trace found for its trace ID (or not). */
export function matchTrace(invocation: Invocation, trace: Trace | undefined): InvocationWithTrace {
  if (!trace) return { invocation, trace: null, lambda: null, match: 'not-found' };
  const lambda = lambdaPartFor(trace, invocation.requestId);
  if (lambda) return { invocation, trace, lambda, match: 'attached' };
  if (trace.lambdas.length === 0) return { invocation, trace, lambda: null, match: 'attached-unverified' };
  return { invocation, trace: null, lambda: null, match: 'mismatch' };
}

const TIMEOUT: unique symbol = Symbol('timeout');

/**
 * Yields every invocation, in input order, with its trace. Invocations are held only until
 * their batch is fetched: at most `batchSize` traced ones, or `flushAfterMs` of quiet.
 */
export async function* attachTraces(
  invocations: AsyncIterable<Invocation>,
  options: AttachOptions = {},
): AsyncGenerator<InvocationWithTrace> {
  const batchSize = options.batchSize ?? 25;
  const flushAfterMs = options.flushAfterMs ?? 1000;
  const sleep = options.sleep ?? kernelSleep;
  const held: Invocation[] = [];
  let traced = 0;

  async function* flush(): AsyncGenerator<InvocationWithTrace> {
    const ids = held.filter((i) => i.traceId).map((i) => i.traceId!);
    let found = new Map<string, Trace>();
    try {
      if (ids.length > 0 && options.fetcher) found = (await options.fetcher.fetch(ids)).found;
    } catch (err) {
      // Stopped while fetching: the invocations still come out, without their traces.
      if (!isAbortError(err)) throw err;
    }
    for (const inv of held.splice(0)) {
      if (!inv.traceId) {
        yield { invocation: inv, trace: null, lambda: null, match: 'no-trace-id' };
      } else {
        yield matchTrace(inv, found.get(inv.traceId));
      }
    }
    traced = 0;
  }

  const it = invocations[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    let r: IteratorResult<Invocation> | typeof TIMEOUT;
    if (held.length > 0) {
      const timer = new AbortController();
      r = await Promise.race<IteratorResult<Invocation> | typeof TIMEOUT>([
        next,
        sleep(flushAfterMs, timer.signal).then(
          () => TIMEOUT,
          () => TIMEOUT,
        ),
      ]);
      timer.abort();
    } else {
      r = await next;
    }
    if (r === TIMEOUT) {
      yield* flush();
      continue;
    }
    if (r.done) break;
    next = it.next();
    held.push(r.value);
    if (r.value.traceId) traced++;
    if (traced >= batchSize) yield* flush();
  }
  yield* flush();
}
