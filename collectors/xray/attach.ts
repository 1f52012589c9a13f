/**
 * Joins traces to invocations. The request ID is the join key (the AWS::Lambda segment's
 * `aws.request_id`); the trace ID from the logs is how the trace is found (or, in a file of
 * traces, the one trace naming the request when the logs name none: trace-of-request.ts)
 * and is checked against the trace, so a wrong pairing is reported instead of shown.
 */

import { type Clock, isAbortError, sleep as kernelSleep, type Sleep, systemClock } from '../kernel/index.ts';
import type { Invocation } from '../model.ts';
import type { TraceFetcher } from './fetcher.ts';
import { indexedBy, mayStillAppear } from './indexing.ts';
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
  /** The trace was not found: not in X-Ray (or the file) once it could have been indexed. */
  | 'not-found'
  /** The trace's Lambda segments belong to other request IDs: not attached. */
  | 'mismatch'
  /**
   * The run stopped before X-Ray answered for the trace (not asked yet, or asked while it
   * could still be indexed): nothing is known of it, least of all that it does not exist.
   */
  | 'stopped';

export interface InvocationWithTrace {
  invocation: Invocation;
  trace: Trace | null;
  /** The part of the trace for this invocation (service/function segments, phases, calls). */
  lambda: LambdaTraceParts | null;
  match: TraceMatch;
  /** Where the trace was looked for (absent: X-Ray). */
  source?: 'xray' | 'file' | undefined;
  /**
   * With `no-trace-id`: how many of the source's traces name this request in their Lambda
   * segments, when more than one does, which is why none was joined (trace-of-request.ts).
   */
  rivalTraces?: number | undefined;
}

export interface AttachOptions {
  fetcher?: TraceFetcher | undefined;
  /** Traced invocations fetched together, default 25 (five BatchGetTraces calls). */
  batchSize?: number | undefined;
  /** The longest a traced invocation waits for others to share its round, default 1 s. */
  flushAfterMs?: number | undefined;
  /** Pause between rounds for traces that may still be indexed, default 2 s. */
  retryIntervalMs?: number | undefined;
  clock?: Clock | undefined;
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

/** An invocation on its way out: its answer once known, and until when its trace may still appear. */
interface Held {
  invocation: Invocation;
  traceId: string;
  result: InvocationWithTrace | null;
  /** Epoch ms after which a missing trace is not asked for again (see indexing.ts). */
  until: number | null;
}

/**
 * Yields every invocation, in input order, with its trace. A missing trace is asked for
 * again only while it may still be indexed (its invocation ended within the fetcher's
 * `indexingMs`), so history is one round and only young invocations are waited for. An
 * invocation without a trace ID, or whose trace is answered, waits only behind one that
 * is still unanswered: at most `flushAfterMs`, or until a young one's trace is due.
 */
export async function* attachTraces(
  invocations: AsyncIterable<Invocation>,
  options: AttachOptions = {},
): AsyncGenerator<InvocationWithTrace> {
  const { fetcher } = options;
  const source = fetcher?.source ?? 'xray';
  const batchSize = options.batchSize ?? 25;
  const flushAfterMs = options.flushAfterMs ?? 1000;
  const retryIntervalMs = options.retryIntervalMs ?? 2000;
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? kernelSleep;
  const queue: Held[] = [];
  /** Traced invocations not asked for yet, and since when the first of them waits. */
  let unasked: Held[] = [];
  let unaskedSince = 0;
  /** Asked, missing, and young enough to be asked again at `retryAt`. */
  let waiting: Held[] = [];
  let retryAt = 0;
  let stopped = false;

  async function round(entries: Held[]): Promise<void> {
    let found = new Map<string, Trace>();
    try {
      if (fetcher && !stopped) found = (await fetcher.fetch(entries.map((h) => h.traceId))).found;
    } catch (err) {
      // Stopped while fetching: the invocations still come out, without their traces.
      if (!isAbortError(err)) throw err;
      stopped = true;
    }
    const now = clock.now();
    const again: Held[] = [];
    for (const h of entries) {
      const trace = found.get(h.traceId);
      // A stopped round asked X-Ray nothing: a trace it did not give is unknown, not missing.
      if (!trace && stopped)
        h.result = { invocation: h.invocation, trace: null, lambda: null, match: 'stopped', source };
      else if (trace || !mayStillAppear(h.until, now))
        h.result = { ...matchTrace(h.invocation, trace), source };
      else again.push(h);
    }
    if (again.length === 0) return;
    if (waiting.length === 0) retryAt = now + retryIntervalMs;
    waiting.push(...again);
    // The last ask is when the youngest-due trace stops being young, not a step past it.
    for (const h of again) retryAt = Math.min(retryAt, h.until as number);
  }

  const it = invocations[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<Invocation>> | null = it.next();
  for (;;) {
    while (queue[0]?.result) yield (queue.shift() as Held).result as InvocationWithTrace;
    if (next === null && queue.length === 0) return;
    const now = clock.now();
    const due: Held[] = [];
    if (waiting.length > 0 && now >= retryAt) {
      due.push(...waiting, ...unasked);
      waiting = [];
      unasked = [];
    } else if (
      unasked.length > 0 &&
      (next === null || unasked.length >= batchSize || now >= unaskedSince + flushAfterMs)
    ) {
      due.push(...unasked);
      unasked = [];
    }
    if (due.length > 0) {
      await round(due);
      continue;
    }
    const wakeAt = Math.min(
      unasked.length > 0 ? unaskedSince + flushAfterMs : Number.POSITIVE_INFINITY,
      waiting.length > 0 ? retryAt : Number.POSITIVE_INFINITY,
    );
    let r: IteratorResult<Invocation> | typeof TIMEOUT;
    if (wakeAt === Number.POSITIVE_INFINITY) {
      r = await (next as Promise<IteratorResult<Invocation>>);
    } else {
      const timer = new AbortController();
      const timeout = sleep(wakeAt - now, timer.signal).then(
        (): typeof TIMEOUT => TIMEOUT,
        (): typeof TIMEOUT => TIMEOUT,
      );
      r = await (next ? Promise.race([next, timeout]) : timeout);
      timer.abort();
    }
    if (r === TIMEOUT) continue;
    if (r.done) {
      next = null;
      continue;
    }
    next = it.next();
    const invocation = r.value;
    const traceId = fetcher?.traceIdOf ? fetcher.traceIdOf(invocation) : invocation.traceId;
    if (!traceId) {
      const rivals = fetcher?.rivalTraces?.(invocation) ?? 0;
      queue.push({
        invocation,
        traceId: '',
        result: {
          invocation,
          trace: null,
          lambda: null,
          match: 'no-trace-id',
          source,
          ...(rivals > 0 ? { rivalTraces: rivals } : {}),
        },
        until: null,
      });
      continue;
    }
    const held: Held = {
      invocation,
      traceId,
      result: null,
      until: fetcher ? indexedBy(invocation, fetcher.indexingMs) : null,
    };
    queue.push(held);
    if (unasked.length === 0) unaskedSince = clock.now();
    unasked.push(held);
  }
}
