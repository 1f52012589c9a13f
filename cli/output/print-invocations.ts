/**
 * The print pipeline behind `logs` (and `tail` when its output is not a terminal): events
 * → correlator → optional traces → text blocks or NDJSON on stdout, notes on stderr. The
 * NDJSON form is the public contract, one invocation a line (see invocation-json.ts).
 */
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { DEFAULT_MAX_HELD_BYTES, MIB } from '../../collectors/correlator/held-text.ts';
import { LIVE_HOLD_MS, SETTLE, withSettleTicks } from '../../collectors/correlator/live-settle.ts';
import type { StreamContextTable } from '../../collectors/correlator/stream-context.ts';
import type { CorrelationWatcher, CorrelatorStats } from '../../collectors/correlator/types.ts';
import { followsCut, startsInput } from '../../collectors/files/read-inputs.ts';
import { putInvocationNdjson } from '../../collectors/invocation-json.ts';
import {
  createStreamWriter,
  type StreamWriter,
  showControls,
  untilAborted,
} from '../../collectors/kernel/index.ts';
import type { Invocation, LogEvent } from '../../collectors/model.ts';
import type { InvocationWithTrace } from '../../collectors/xray/attach.ts';
import { segmentMs } from '../../collectors/xray/segments.ts';
import { formatLateLinesText, putInvocationText } from './invocation-text.ts';
import { LateBlocksBehind, LateLineBlocks, type LateLines, lateLinesJson } from './late-lines.ts';
import { OutsideLines } from './outside-lines.ts';
import { createSummaryCounter, type RunSummary, type SummaryState } from './run-summary.ts';
import { sayLine } from './say-line.ts';
import { foundTraceWords, missingTraceWords } from './trace-words.ts';
import { EndCuts } from './window-end.ts';
import { StartCuts, type WholeFromSince } from './window-start.ts';

export type InvocationFormat = 'text' | 'ndjson';

export interface PrintOptions {
  output: InvocationFormat;
  color: boolean;
  /** Text goes to a terminal: a log's control characters are shown, not sent (see TextStyle). */
  terminal?: boolean | undefined;
  /** Function name for events whose source names none. */
  functionName?: string | undefined;
  maxLines: number;
  maxOpen: number;
  /** MiB of line text held at once (`--max-held-mb`); absent: the correlator's default. */
  maxHeldMb?: number | undefined;
  /** Joins traces to the invocations (`logs --traces`); absent, invocations print as they complete. */
  attachTraces?: ((invocations: AsyncIterable<Invocation>) => AsyncIterable<InvocationWithTrace>) | undefined;
  /** Traces were asked for (`--traces`), not only fetched by default: an untraced invocation says so. */
  tracesAsked?: boolean | undefined;
  /**
   * The source may go quiet for good at any moment (a pipe, `--follow`): invocations are
   * completed by the wall clock (see live-settle.ts) rather than by the lines that follow.
   */
  live?: boolean | undefined;
  /**
   * The input is a window of history read whole from where it begins (`logs --since`, no
   * filter pattern): a request whose START was not read began before it (window-start.ts).
   * A time: only what is timestamped before it was read so (a follower's first window,
   * `wholeFromSince`).
   */
  windowStart?: WholeFromSince | undefined;
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
    initializationMs: l?.initialization?.endTime ? segmentMs(l.initialization) : null,
    calls: (l?.downstream ?? []).map((s) => ({
      name: s.name,
      operation: s.aws?.operation ?? null,
      status: s.http?.status ?? null,
      ms: segmentMs(s),
      error: s.error,
      fault: s.fault,
      throttle: s.throttle,
    })),
  };
}

/** The text output's `trace` line: the trace in one line, or why there is none (see trace-words.ts). */
export function traceLine(x: InvocationWithTrace, tracesAsked: boolean): string | null {
  if (x.trace && (x.match === 'attached' || x.match === 'attached-unverified'))
    return `trace ${foundTraceWords(x.trace, x.lambda, x.match)}`;
  // Untraced invocations are the rule where tracing is off: said only when traces were asked for.
  if (x.match === 'no-trace-id' && !tracesAsked) return null;
  return `trace: ${missingTraceWords(x.invocation.traceId, x.match, x.source ?? 'xray', x.rivalTraces)}`;
}

/** What printing one part of the input did, as it crosses threads (see workers/logs-parts.ts). */
export interface PrintedPart {
  summary: SummaryState;
  stats: CorrelatorStats;
  /** The first lines that belong to no invocation, for the text output's closing block (outside-lines.ts). */
  outside: string[];
  /** Invocations written while the input was read; the rest came from closing what was open at its end. */
  body: number;
  /** Of those closed at the end, the ones left `incomplete`: still open where the input ended. */
  openAtEnd: number;
  /** Invocations that began before a window of history (window-start.ts). */
  startedBefore: number;
}

/** Where a part's invocations go, and what else watches them. */
export interface PartSinks {
  /** Invocations completed while the input is read. */
  body: StreamWriter;
  /** Invocations still open when the input ended (the same writer, unless the part is one of several). */
  tail: StreamWriter;
  /** Notes each part's streams, requests and groups, when the input is read in parts. */
  facts?: CorrelationWatcher | undefined;
  /** Receives what the logs say of each stream and group (the part's, for its facts). */
  context?: StreamContextTable | undefined;
  /** Counts but does not write the first `skip` invocations: a part already written by another thread. */
  skip?: number | undefined;
}

/** Runs the pipeline over any event source (single events or batches); returns what it saw. */
export async function printInvocations(
  events: AsyncIterable<LogEvent | LogEvent[]>,
  options: PrintOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<RunSummary> {
  const writer = outputWriter(out);
  const part = await printPart(events, options, { body: writer, tail: writer });
  return finishPrint([part], options, writer, err);
}

/** On a terminal every invocation shows at once; elsewhere within 100 ms, or when 64 KiB are ready. */
export function outputWriter(out: NodeJS.WritableStream): StreamWriter {
  return createStreamWriter(out as never, { immediate: (out as { isTTY?: boolean }).isTTY === true });
}

/** Correlates and writes one part of the input (all of it, unless it is read in parts). */
export async function printPart(
  events: AsyncIterable<LogEvent | LogEvent[]>,
  options: PrintOptions,
  sinks: PartSinks,
): Promise<PrintedPart> {
  const style = { color: options.color, terminal: options.terminal };
  const counter = createSummaryCounter();
  const outside = new OutsideLines();
  const startCuts = new StartCuts(options.windowStart);
  const correlator = createCorrelator({
    maxLinesPerInvocation: options.maxLines,
    maxOpenInvocations: options.maxOpen,
    ...(options.maxHeldMb ? { maxHeldBytes: options.maxHeldMb * MIB } : {}),
    functionName: options.functionName,
    live: options.live,
    ...(sinks.context ? { context: sinks.context } : {}),
    onUnattributed: (line) => {
      outside.add(line.message.trimEnd());
    },
    onUnstarted: startCuts.onUnstarted,
  });
  const facts = sinks.facts;
  let skip = sinks.skip ?? 0;
  let body = 0;
  const endCuts = new EndCuts(startCuts);
  let closing = false;
  const closed = (inv: Invocation): Invocation => {
    endCuts.note(inv);
    return inv;
  };
  const late = new LateLineBlocks(options.maxLines, options.functionName ?? null);
  const lateText = (block: LateLines): string =>
    options.output === 'ndjson' ? lateLinesJson(block) : formatLateLinesText(block, style);

  /**
   * Feeds one item of the source to the correlator; what it completes goes to `done`, and
   * blocks of late lines (live input) to `lateDone`.
   */
  const feed = (
    item: LogEvent | LogEvent[] | typeof SETTLE,
    done: (inv: Invocation) => void,
    lateDone: (block: LateLines) => void,
  ): void => {
    if (item === SETTLE) {
      for (const inv of correlator.expire(LIVE_HOLD_MS)) done(inv);
      const block = late.settled(LIVE_HOLD_MS);
      if (block) lateDone(block);
      return;
    }
    if (Array.isArray(item) && startsInput(item)) correlator.newInput(followsCut(item));
    for (const event of Array.isArray(item) ? item : [item]) {
      const result = correlator.push(event);
      const { completed, parsed } = result;
      facts?.noteEvent(event, parsed.kind === 'report');
      for (let i = 0; i < completed.length; i++) done(completed[i] as Invocation);
      if (result.late) {
        const ended = late.add(result.requestId as string, event, result.late);
        if (ended) lateDone(ended);
      }
    }
  };
  const read = untilAborted(events, options.signal);
  const items = options.live ? withSettleTicks(read) : read;

  if (options.attachTraces) {
    // Invocations come out of the trace attacher in the order they went in, some after waiting
    // for their trace; a block of late lines waits behind every invocation completed before
    // it (the one it is late to among them), and goes out as soon as those are written.
    const lateWaiting = new LateBlocksBehind();
    let handedOut = 0;
    let written = 0;
    async function* invocations(): AsyncGenerator<Invocation> {
      const ready: Invocation[] = [];
      for await (const item of items) {
        feed(
          item,
          (inv) => ready.push(inv),
          (block) => lateWaiting.add(handedOut + ready.length, lateText(block)),
        );
        const due = lateWaiting.due(written);
        if (due) await sinks.body.write(due);
        for (const inv of ready.splice(0)) {
          handedOut++;
          yield inv;
        }
      }
      const block = late.take();
      if (block) lateWaiting.add(handedOut, lateText(block));
      const due = lateWaiting.due(written);
      if (due) await sinks.body.write(due);
      for (const inv of correlator.flush()) yield closed(inv);
    }
    const put = (text: string) => sinks.body.put(text);
    for await (const x of options.attachTraces(invocations())) {
      counter.add(x.invocation);
      let wait: boolean;
      if (options.output === 'ndjson') {
        wait = putInvocationNdjson({ ...x.invocation, trace: traceSummary(x) }, put);
      } else {
        const words = traceLine(x, options.tracesAsked === true);
        wait = putInvocationText(x.invocation, style, put, words === null ? [] : [words]);
      }
      written++;
      const due = lateWaiting.due(written);
      if (due && put(due)) wait = true;
      if (wait) await sinks.body.drained();
    }
  } else {
    // Written without a promise each: the output is waited for once a batch, when it asks.
    let wait = false;
    const putBody = (text: string) => sinks.body.put(text);
    const putTail = (text: string) => sinks.tail.put(text);
    const print = (inv: Invocation): void => {
      counter.add(inv);
      facts?.noteInvocation(inv, closing);
      if (!closing) body++;
      if (skip > 0) {
        skip--;
        return;
      }
      const put = closing ? putTail : putBody;
      const asked =
        options.output === 'ndjson' ? putInvocationNdjson(inv, put) : putInvocationText(inv, style, put);
      if (asked) wait = true;
    };
    const printLate = (block: LateLines): void => {
      if ((closing ? sinks.tail : sinks.body).put(lateText(block))) wait = true;
    };
    const drained = async (): Promise<void> => {
      wait = false;
      await sinks.body.drained();
      await sinks.tail.drained();
    };
    for await (const item of items) {
      feed(item, print, printLate);
      if (wait) await drained();
    }
    // The end of input, or a stop: what is still open is printed, unfinished ones as `incomplete`.
    closing = true;
    const block = late.take();
    if (block) printLate(block);
    for (const inv of correlator.flush()) {
      print(closed(inv));
      if (wait) await drained();
    }
  }
  return {
    summary: counter.state(),
    stats: correlator.stats(),
    outside: outside.lines,
    body,
    openAtEnd: endCuts.count,
    startedBefore: startCuts.count,
  };
}

/**
 * Writes what closes a run (the lines outside any invocation, notes of what was bounded)
 * over the parts it was read in, in input order, and returns its summary.
 */
export async function finishPrint(
  parts: readonly PrintedPart[],
  options: PrintOptions,
  writer: StreamWriter,
  err: NodeJS.WritableStream,
): Promise<RunSummary> {
  const counter = createSummaryCounter();
  const stats = { unattributed: 0, droppedLines: 0, heldDropped: 0, evicted: 0, late: 0 };
  const outside = new OutsideLines();
  const cuts = { openAtEnd: 0, startedBefore: 0 };
  for (const part of parts) {
    cuts.openAtEnd += part.openAtEnd;
    cuts.startedBefore += part.startedBefore;
    counter.absorb(part.summary);
    stats.unattributed += part.stats.unattributed;
    stats.droppedLines += part.stats.droppedLines;
    stats.heldDropped += part.stats.heldDropped;
    stats.evicted += part.stats.evicted;
    stats.late += part.stats.late;
    outside.addPart(part.outside, part.stats.unattributed);
  }
  if (stats.unattributed > 0) {
    if (options.output === 'text') {
      await writer.write(`Lines outside any invocation (${stats.unattributed}):\n`);
      for (const line of outside.lines)
        await writer.write(`  ${options.terminal ? showControls(line) : line}\n`);
      if (stats.unattributed > outside.lines.length) {
        await writer.write(`  … ${stats.unattributed - outside.lines.length} more\n`);
      }
    } else {
      sayLine(
        `${lines(stats.unattributed)} ${stats.unattributed === 1 ? 'belongs' : 'belong'} to no invocation (see them with --output text)`,
        err,
      );
    }
  }
  if (stats.droppedLines > 0) {
    sayLine(
      `${lines(stats.droppedLines)} over --max-lines ${stats.droppedLines === 1 ? 'was' : 'were'} counted but not kept`,
      err,
    );
  }
  if (stats.heldDropped > 0) {
    const mb = options.maxHeldMb ?? DEFAULT_MAX_HELD_BYTES / MIB;
    sayLine(
      `${lines(stats.heldDropped)} over --max-held-mb (${mb} MiB of line text held at once) ${stats.heldDropped === 1 ? 'was' : 'were'} counted but not kept`,
      err,
    );
  }
  if (stats.late > 0) {
    sayLine(
      stats.late === 1
        ? '1 line was read after its invocation was printed: shown as a late line of it'
        : `${lines(stats.late)} were read after their invocation was printed: shown as late lines of it`,
      err,
    );
  }
  if (stats.evicted > 0) {
    sayLine(`${stats.evicted} invocations were closed early at the --max-open bound`, err);
  }
  await writer.end();
  // A reader that left (a terminal closed under a stop) saw nothing from then on: the
  // summary counts what was read, not what was shown.
  if (writer.readerLeft) {
    sayLine(
      "the output's reader is gone (a closed pipe or terminal): what was read after it left was not shown",
      err,
    );
  }
  return counter.summary(stats.unattributed, cuts);
}

/** A count of lines in words: "1 line", "2 lines". */
function lines(n: number): string {
  return `${n} ${n === 1 ? 'line' : 'lines'}`;
}
