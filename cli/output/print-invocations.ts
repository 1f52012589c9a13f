/**
 * The print pipeline behind `logs` (and `tail` when its output is not a terminal): events
 * → correlator → optional traces → text blocks or NDJSON on stdout, notes on stderr. The
 * NDJSON form is the public contract, one invocation a line (see invocation-json.ts).
 */
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { LIVE_HOLD_MS, SETTLE, withSettleTicks } from '../../collectors/correlator/live-settle.ts';
import { invocationJson } from '../../collectors/invocation-json.ts';
import { createStreamWriter, untilAborted } from '../../collectors/kernel/index.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';
import type { InvocationWithTrace } from '../../collectors/xray/attach.ts';
import { formatInvocationText } from './invocation-text.ts';
import { createSummaryCounter, type RunSummary } from './run-summary.ts';

export type InvocationFormat = 'text' | 'ndjson';

export interface PrintOptions {
  output: InvocationFormat;
  color: boolean;
  /** Function name for events whose source names none. */
  functionName?: string | undefined;
  maxLines: number;
  maxOpen: number;
  /** Joins traces to the invocations (`logs --traces`); absent, invocations print as they complete. */
  attachTraces?: ((invocations: AsyncIterable<Invocation>) => AsyncIterable<InvocationWithTrace>) | undefined;
  /**
   * The source may go quiet for good at any moment (a pipe, `--follow`): invocations are
   * completed by the wall clock (see live-settle.ts) rather than by the lines that follow.
   */
  live?: boolean | undefined;
  /** Stops reading: what was read is completed (open invocations as `incomplete`) and printed. */
  signal?: AbortSignal | undefined;
}

/** The trace part of `logs --traces` output: the match, the trace's timing and its downstream calls. */
export function traceSummary(x: InvocationWithTrace): Record<string, unknown> {
  const l = x.lambda;
  return {
    match: x.match,
    traceId: x.trace?.traceId ?? null,
    durationMs: x.trace?.durationMs ?? null,
    initializationMs: l?.initialization?.endTime
      ? l.initialization.endTime - l.initialization.startTime
      : null,
    calls: (l?.downstream ?? []).map((s) => ({
      name: s.name,
      operation: s.aws?.operation ?? null,
      status: s.http?.status ?? null,
      ms: s.endTime === null ? null : s.endTime - s.startTime,
      error: s.error,
      fault: s.fault,
      throttle: s.throttle,
    })),
  };
}

const MAX_KEPT_UNATTRIBUTED = 1000;

/** Runs the pipeline over any event source (single events or batches); returns what it saw. */
export async function printInvocations(
  events: AsyncIterable<LogEvent | LogEvent[]>,
  options: PrintOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<RunSummary> {
  // On a terminal every invocation shows at once; elsewhere within 100 ms, or when 64 KiB are ready.
  const writer = createStreamWriter(out as never, { immediate: (out as { isTTY?: boolean }).isTTY === true });
  const style = { color: options.color };
  const counter = createSummaryCounter();
  const correlator = createCorrelator({
    maxLinesPerInvocation: options.maxLines,
    maxOpenInvocations: options.maxOpen,
    functionName: options.functionName,
  });
  const outside: string[] = [];

  const signal = options.signal;
  async function* invocations(): AsyncGenerator<Invocation> {
    const read = untilAborted(events, signal);
    for await (const item of options.live ? withSettleTicks(read) : read) {
      if (item === SETTLE) {
        yield* correlator.expire(LIVE_HOLD_MS);
        continue;
      }
      for (const event of Array.isArray(item) ? item : [item]) {
        const { requestId, completed } = correlator.push(event);
        if (requestId === null && outside.length < MAX_KEPT_UNATTRIBUTED)
          outside.push(event.message.trimEnd());
        yield* completed;
      }
    }
    // The end of input, or a stop: what is still open is printed, unfinished ones as `incomplete`.
    yield* correlator.flush();
  }

  if (options.attachTraces) {
    for await (const x of options.attachTraces(invocations())) {
      counter.add(x.invocation);
      if (options.output === 'ndjson') {
        await writer.write(`${JSON.stringify({ ...x.invocation, trace: traceSummary(x) })}\n`);
      } else {
        const t = traceSummary(x);
        await writer.write(formatInvocationText(x.invocation, style));
        await writer.write(`  trace: ${t.match}${t.traceId ? ` ${t.traceId}` : ''}\n`);
      }
    }
  } else {
    for await (const inv of invocations()) {
      counter.add(inv);
      await writer.write(
        options.output === 'ndjson' ? `${invocationJson(inv)}\n` : formatInvocationText(inv, style),
      );
    }
  }

  const stats = correlator.stats();
  if (stats.unattributed > 0) {
    if (options.output === 'text') {
      await writer.write(`Lines outside any invocation (${stats.unattributed}):\n`);
      for (const line of outside) await writer.write(`  ${line}\n`);
      if (stats.unattributed > outside.length) {
        await writer.write(`  … ${stats.unattributed - outside.length} more\n`);
      }
    } else {
      err.write(
        `lambdalens: ${stats.unattributed} lines belong to no invocation (see them with --output text)\n`,
      );
    }
  }
  if (stats.droppedLines > 0) {
    err.write(`lambdalens: ${stats.droppedLines} lines over --max-lines were counted but not kept\n`);
  }
  if (stats.evicted > 0) {
    err.write(`lambdalens: ${stats.evicted} invocations were closed early at the --max-open bound\n`);
  }
  await writer.end();
  return counter.summary(stats.unattributed);
}
