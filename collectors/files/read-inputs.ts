/**
 * Local input: log files and stdin in every form a user has them, detected from their
 * first bytes, read as a stream so memory stays flat whatever the size: text copies,
 * Logs Insights results (tables, CSV, JSON), `aws logs` JSON, subscription payloads and
 * the Firehose and Kinesis records that carry them, S3 export objects, gzip of any of those.
 *
 * A file that cannot be read at all is reported (named, with what was wrong) and skipped;
 * a bad line inside a good file is counted as a warning and kept as a text line.
 */
import { statSync } from 'node:fs';
import { basename, sep } from 'node:path';
import { oddEventCounts } from '../cloudwatch-logs/event-fields.ts';
import { absorbDroppedCopies, type DroppedCopyGroups, noteDroppedCopy } from '../dedupe/dropped-copies.ts';
import { createEventDedupe, type EventDedupe } from '../dedupe/event-dedupe.ts';
import { showControlsInLine } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { chunksOf, endingAtFailure, peek, withPauses } from './byte-lines.ts';
import { asUtf8, byteOrderMark } from './byte-order.ts';
import { crAsLineFeed, endsLinesInCr } from './cr-line-ends.ts';
import { GzipInputError, gunzipChunks } from './gunzip.ts';
import { listInputs, type RepeatedInput } from './input-list.ts';
import { type OpenedInput, openInputStream } from './input-stream.ts';
import { readBase64, readJson } from './json-input.ts';
import { readRows } from './rows-input.ts';
import { sniff } from './sniff.ts';
import { EXPECTED, type InputSummary, type SourceContext, UnreadableInputError } from './source-context.ts';
import { startsWithColour, withoutColour } from './terminal-colour.ts';
import { readText } from './text-input.ts';
import { unmarkedUtf16, utf16Name } from './unmarked-utf16.ts';

export { expandDirectories, type RepeatedInput } from './input-list.ts';
export type { InputFormat, InputSummary } from './source-context.ts';
export { startsAtTimeBound } from './source-context.ts';

/** What reading the inputs found, for the CLI to report and decide its exit code. */
export interface InputReport {
  inputs: InputSummary[];
  /** The first warnings in full (the count is in each summary). */
  messages: string[];
  controlMessages: number;
  /** Events that fell out of the duplicate check's window (a later copy would not be caught). */
  dedupeOverflow: number;
  /** How many events the duplicate check remembers. */
  dedupeWindow: number;
  /** Files named again (see input-list.ts), read once. */
  repeats: RepeatedInput[];
  /** The log groups (and accounts) that events dropped as duplicates named (see dropped-copies.ts). */
  droppedCopyGroups: DroppedCopyGroups;
}

export interface ReadOptions {
  /** Function name for inputs that do not carry a log group; defaults to the file's base name. */
  functionName?: string | undefined;
  report?: InputReport;
  /** Stdin stream to read for `-` (injectable for tests). */
  stdin?: NodeJS.ReadableStream;
  /** The duplicate check (one per run, shared by all inputs), or false to keep duplicates. */
  dedupe?: EventDedupe | false;
  /**
   * How many of the inputs were read already, through this same duplicate check: reading
   * goes on from there, as if it had read them (they are read again only if the check needs
   * to recall them).
   */
  from?: number;
  /** Whether the inputs read before `from` ended with one cut short (see AFTER_CUT). */
  afterCut?: boolean;
}

const MAX_MESSAGES = 50;
/** How much of a file is read before its format is decided. */
const HEAD_BYTES = 64 * 1024;
/**
 * How much a file is read at a time. The first read is at least HEAD_BYTES, so a file's
 * form is decided on its first chunk of this size.
 */
export const READ_CHUNK_BYTES = 1 << 20;

/** Told of an input that could not be read whole, when that is found (see `watchInputFailures`). */
type InputFailureListener = (summary: InputSummary) => void;

const failureListeners = new Set<InputFailureListener>();

/**
 * Tells `listener` of every input this thread finds it cannot read whole, when it finds it,
 * and of those another thread found, when their report is absorbed here: a run that ends
 * early (its reader gone) must still know that an input failed before it ended. Returns
 * the function that stops telling it.
 */
export function watchInputFailures(listener: InputFailureListener): () => void {
  failureListeners.add(listener);
  return () => failureListeners.delete(listener);
}

function tellFailure(summary: InputSummary): void {
  for (const listener of failureListeners) listener(summary);
}

export function createInputReport(): InputReport {
  return {
    inputs: [],
    messages: [],
    controlMessages: 0,
    dedupeOverflow: 0,
    dedupeWindow: 0,
    repeats: [],
    droppedCopyGroups: new Map(),
  };
}

/**
 * Adds what reading later inputs found (a part read by another thread) to `into`, as if
 * one reader had read them after its own.
 */
export function absorbInputReport(into: InputReport, from: InputReport): void {
  into.inputs.push(...from.inputs);
  for (const summary of from.inputs) if (summary.error !== null) tellFailure(summary);
  for (const message of from.messages) if (into.messages.length < MAX_MESSAGES) into.messages.push(message);
  into.controlMessages += from.controlMessages;
  into.dedupeOverflow += from.dedupeOverflow;
  into.dedupeWindow = Math.max(into.dedupeWindow, from.dedupeWindow);
  into.repeats.push(...from.repeats);
  absorbDroppedCopies(into.droppedCopyGroups, from.droppedCopyGroups);
}

/**
 * A date (and time) a copy's name ends in: `-2026-10-01`, `_20261001`, `.2026-10-01T14`.
 * Copies saved a day at a time are one function's logs, not a function a day.
 */
const DATED =
  /[-_.](?:(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?:[T_-]\d{2}(?:[-:]?\d{2}){0,2}Z?)?$/;

/**
 * What a browser or a file manager adds to the name of a second copy of a file:
 * `orders-api (1).json`, `orders-api copy 2.log`, `orders-api - Copy.json`. A function's name
 * holds no space, so such an end is never the function's.
 */
const COPY_MARK = /(?: \(\d+\)| - Copy(?: \(\d+\))?| copy(?: \d+)?)+$/i;

/**
 * `orders-api.log` → `orders-api`: files named after their function, as `sam logs` users save
 * them, a day at a time too (`orders-api-2026-10-01.log`), and their copies (`orders-api
 * (1).log`: the same function's events, which must meet their originals as duplicates
 * rather than count again under a function of their own). A function's name never holds a
 * control character or a line break; one a file's name holds is shown (`^J`), as lambdalens
 * shows them wherever it quotes a name, so that the name printed in a block's header or in
 * a message cannot break its line or drive the terminal.
 */
export function functionNameOfPath(path: string): string | undefined {
  if (path === '-') return undefined;
  const name = showControlsInLine(
    basename(path).replace(/(\.(log|txt|json|ndjson|jsonl|csv|md|gz|b64|base64))+$/i, ''),
  );
  const original = name.replace(COPY_MARK, '') || name;
  return original.replace(DATED, '') || original || undefined;
}

/**
 * The log stream of an object CloudWatch's export to S3 wrote (`…/<task>/<stream>/000000.gz`,
 * the stream's slashes kept as folders), or undefined for any other path.
 */
export function exportObjectStream(path: string): string | undefined {
  if (!/^\d{6}\.gz$/.test(basename(path))) return undefined;
  const parts = path.split(sep === '/' ? '/' : /[\\/]/);
  parts.pop();
  for (let i = parts.length - 4; i >= 0; i--) {
    const [y, m, d, env] = parts.slice(i, i + 4);
    if (
      /^\d{4}$/.test(y ?? '') &&
      /^\d{2}$/.test(m ?? '') &&
      /^\d{2}$/.test(d ?? '') &&
      env?.startsWith('[')
    ) {
      return parts.slice(i, i + 4).join('/');
    }
  }
  return parts.at(-1) || undefined;
}

/**
 * Set on the first batch each input yields: a correlator told of it (`newInput`) closes a
 * file's invocations the same wherever the file comes in the run (see correlator types).
 */
export const INPUT_START: unique symbol = Symbol('input start');

/** Whether `batch` is the first of its input. */
export function startsInput(batch: LogEvent[]): boolean {
  return (batch as { [INPUT_START]?: true })[INPUT_START] === true;
}

/**
 * Set as well on the first batch of the input after one that failed part-way: a correlator
 * told of it (`newInput(true)`) lets no request of the cut input take this one's lines.
 */
const AFTER_CUT: unique symbol = Symbol('after a cut input');

/** Whether `batch` starts an input read after one cut short (see AFTER_CUT). */
export function followsCut(batch: LogEvent[]): boolean {
  return (batch as { [AFTER_CUT]?: true })[AFTER_CUT] === true;
}

/** Whether the next input read after these ones follows one cut short, as AFTER_CUT marks it. */
export function endsCut(inputs: readonly InputSummary[]): boolean {
  let cut = false;
  // An input that gave no events leaves the one before it last.
  for (const input of inputs) if (input.events > 0) cut = input.readInPart !== undefined;
  return cut;
}

/** Reads every input in order and yields its events. */
export async function* readLogEvents(inputs: string[], options: ReadOptions = {}): AsyncGenerator<LogEvent> {
  for await (const batch of readLogEventBatches(inputs, options)) yield* batch;
}

/** Same as `readLogEvents`, a batch at a time: the form for hot paths (one await per batch). */
export async function* readLogEventBatches(
  inputs: string[],
  options: ReadOptions = {},
): AsyncGenerator<LogEvent[]> {
  const report = options.report ?? createInputReport();
  const dedupe = options.dedupe === undefined ? createEventDedupe() : options.dedupe;
  const { files: all, repeats } = listInputs(inputs);
  // A reader going on from inputs read before it (`from`) was given the same list.
  if ((options.from ?? 0) === 0) report.repeats.push(...repeats);
  if (dedupe) {
    report.dedupeWindow = dedupe.capacity;
    // What cannot be read twice is fingerprinted from its first event (see event-dedupe.ts).
    if (all.some((input) => !isRegularFile(input))) dedupe.fingerprintAll();
  }
  // Whether the last input that gave events failed after them (see AFTER_CUT).
  let cut = options.afterCut === true;
  for (const [index, input] of all.entries()) {
    if (index < (options.from ?? 0)) continue;
    const summary = emptySummary(input);
    report.inputs.push(summary);
    const warn = (message: string) => {
      summary.warnings++;
      if (report.messages.length < MAX_MESSAGES) report.messages.push(`${input}: ${message}`);
    };
    const src = sourceContext(input, summary, options, report, warn);
    let opened: OpenedInput | undefined;
    let readHere = 0;
    // The time of the last event read, for saying how far an input cut short was read.
    let lastTime = Number.NaN;
    let first = true;
    try {
      opened =
        input === '-' ? openStdin(options.stdin ?? process.stdin) : openInputStream(input, READ_CHUNK_BYTES);
      // A file's head is read whole for detection; the first chunk of anything else (stdin,
      // a named pipe, `<(aws logs tail …)`) decides, so that a live pipe is not kept waiting.
      const regular = isRegularFile(input);
      const minHead = regular ? HEAD_BYTES : 1;
      // Live input (a pipe, a terminal) also says when it pauses: a line held in case the
      // next one continues it is let go then, not when more input comes.
      const chunks = regular ? opened.chunks : withPauses(opened.chunks);
      for await (const batch of readSource(chunks, src, minHead, false)) {
        const read = batch.length;
        const time = read > 0 ? (batch[read - 1] as LogEvent).timestamp : Number.NaN;
        if (Number.isFinite(time)) lastTime = time;
        if (dedupe) {
          let kept = 0;
          for (let i = 0; i < read; i++) {
            const event = batch[i] as LogEvent;
            // The input's place in the run is its number: copies inside one input are counted, not dropped.
            let verdict = dedupe.check(event, index);
            if (verdict === 'unsure') {
              dedupe.fingerprintAll();
              await recallHistory(dedupe, all.slice(0, index), input, readHere + i, options, report);
              verdict = dedupe.check(event, index);
            }
            if (verdict === 'duplicate') {
              noteDroppedCopy(report.droppedCopyGroups, event);
              continue;
            }
            if (verdict === 'id-reused') summary.reusedIds++;
            batch[kept++] = event;
          }
          batch.length = kept;
          summary.duplicates += read - kept;
          report.dedupeOverflow = dedupe.overflow;
        }
        readHere += read;
        summary.events += batch.length;
        if (batch.length === 0) continue;
        if (first) {
          (batch as { [INPUT_START]?: true })[INPUT_START] = true;
          if (cut) (batch as { [AFTER_CUT]?: true })[AFTER_CUT] = true;
          cut = false;
        }
        first = false;
        yield batch;
      }
    } catch (cause) {
      summary.error = describeFailure(cause);
      if (readHere > 0) {
        summary.readInPart = { events: readHere, lastTime: Number.isFinite(lastTime) ? lastTime : null };
      }
      // Only an input that gave events can have begun requests to close at its cut.
      if (!first) cut = true;
      tellFailure(summary);
    } finally {
      opened?.close();
    }
  }
}

function openStdin(stdin: NodeJS.ReadableStream): OpenedInput {
  return {
    chunks: chunksOf(stdin),
    close: () => {
      if ('destroy' in stdin && typeof stdin.destroy === 'function') stdin.destroy();
    },
  };
}

export function emptySummary(input: string): InputSummary {
  return { input, format: 'unknown', events: 0, duplicates: 0, reusedIds: 0, warnings: 0, error: null };
}

function sourceContext(
  input: string,
  summary: InputSummary,
  options: ReadOptions,
  report: InputReport | null,
  warn: (message: string) => void,
): SourceContext {
  const exported = exportObjectStream(input);
  return {
    summary,
    shape: {
      functionName: options.functionName ?? (exported === undefined ? functionNameOfPath(input) : undefined),
      onControlMessage: () => {
        if (report) report.controlMessages++;
      },
      odd: oddEventCounts(),
    },
    logStream: exported,
    warn,
  };
}

function isRegularFile(input: string): boolean {
  try {
    return input !== '-' && statSync(input).isFile();
  } catch {
    return true; // reading it reports what is wrong
  }
}

/**
 * Reads again what was read before the duplicate check became unsure: every earlier input,
 * and the first `count` events of the current one. Only regular files get here.
 */
async function recallHistory(
  dedupe: EventDedupe,
  before: string[],
  current: string,
  count: number,
  options: ReadOptions,
  report: InputReport,
): Promise<void> {
  const sources: [string, number][] = [
    ...before.map((i): [string, number] => [i, Number.POSITIVE_INFINITY]),
    [current, count],
  ];
  for (const [index, [input, limit]] of sources.entries()) {
    if (limit <= 0) continue;
    const summary = emptySummary(input);
    let opened: OpenedInput | undefined;
    let seen = 0;
    try {
      opened = openInputStream(input, READ_CHUNK_BYTES);
      const src = sourceContext(input, summary, options, null, () => {});
      const events = readSource(opened.chunks, src, HEAD_BYTES, false);
      reading: for await (const batch of events) {
        for (const event of batch) {
          if (seen++ >= limit) break reading;
          dedupe.recall(event, index);
        }
      }
    } catch {
      // It was read once; if it cannot be read again its copies later on are not caught.
      if (report.messages.length < MAX_MESSAGES) {
        report.messages.push(`${input}: could not be read again to check for duplicates`);
      }
    } finally {
      opened?.close();
    }
  }
}

function describeFailure(cause: unknown): string {
  if (cause instanceof GzipInputError || cause instanceof UnreadableInputError) return cause.message;
  const err = cause as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'is a directory, not a log file';
  if (err.code === 'EACCES') return 'permission denied';
  return err.message ?? String(cause);
}

/** Whether bytes start with gzip's magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Why a sample is not text, or null: many NUL, control or undecodable characters. One NUL is
 * not enough: text with a stray NUL (a damaged or zero-filled stretch) is read as text, the
 * line with it named in a warning (`nulLineWarning`). UTF-16 without a byte order mark is
 * half NULs, and is refused here too; `unmarkedUtf16` then tells it from binary content.
 */
export function binaryReason(sample: Buffer): string | null {
  const text = sample.toString('utf8');
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) odd++;
  }
  // A multi-byte character cut at the sample's end decodes as one replacement character.
  if (odd <= 1 || odd / text.length <= 0.05) return null;
  const nul = sample.indexOf(0);
  return nul >= 0
    ? `a NUL byte at offset ${nul}`
    : `${odd} of the first ${text.length} characters are not text`;
}

async function* readSource(
  chunks: AsyncIterable<Buffer>,
  src: SourceContext,
  minHead: number,
  gunzipped: boolean,
): AsyncGenerator<LogEvent[]> {
  // What came before a failure part-way is read as a whole input is; then the failure is
  // the input's error (not what a reader says of the input's sudden end).
  const input = endingAtFailure(chunks);
  try {
    yield* readForm(input.chunks, src, minHead, gunzipped);
  } catch (err) {
    input.rethrow();
    throw err;
  }
  input.rethrow();
}

async function* readForm(
  chunks: AsyncIterable<Buffer>,
  src: SourceContext,
  minHead: number,
  gunzipped: boolean,
): AsyncGenerator<LogEvent[]> {
  const { head, whole, all } = await peek(chunks[Symbol.asyncIterator](), minHead);
  if (head.length === 0) {
    throw new UnreadableInputError(gunzipped ? 'the gzip holds nothing' : `empty input; ${EXPECTED}`);
  }
  if (isGzip(head)) {
    if (gunzipped) throw new UnreadableInputError('gzip inside gzip; decompress the outer layer first');
    src.summary.format = 'gzip';
    try {
      const unzipped = gunzipChunks(all, (bytes) =>
        src.warn(
          `${bytes} byte${bytes === 1 ? '' : 's'} after the gzip data ignored (trailing garbage, as gzip calls it)`,
        ),
      );
      for await (const batch of readSource(unzipped, src, HEAD_BYTES, true)) yield batch;
    } finally {
      src.summary.format = 'gzip';
    }
    return;
  }
  // Windows tools start text with a byte order mark (UTF-16 from PowerShell 5): made UTF-8 here.
  const mark = byteOrderMark(head);
  if (mark !== null) {
    yield* readSource(asUtf8(all, mark), src, minHead, gunzipped);
    return;
  }
  // A terminal's colour around each line's prefix (a tool's output kept with its colour).
  if (startsWithColour(head)) {
    yield* readSource(withoutColour(all), src, minHead, gunzipped);
    return;
  }
  if (endsLinesInCr(head, whole)) {
    src.warn('lines end in a carriage return alone (as classic Mac OS wrote them): read as line breaks');
    yield* readSource(crAsLineFeed(all), src, minHead, gunzipped);
    return;
  }
  const binary = binaryReason(head.subarray(0, 8192));
  if (binary) {
    const what = gunzipped ? 'the gzip holds binary content' : 'binary content';
    // UTF-16 that lost its mark is half NULs. Looked for only here, in a head already taken
    // as binary, so UTF-8 text pays nothing for it.
    const order = unmarkedUtf16(head);
    if (order === null) throw new UnreadableInputError(`${what} (${binary}); ${EXPECTED}`);
    const name = utf16Name(order);
    // UTF-16 is whole pairs of bytes. A longer input's length is known only at its end,
    // where half a character becomes U+FFFD, as with a mark.
    if (whole && head.length % 2 === 1) {
      throw new UnreadableInputError(
        `${what} (${binary}): every other byte is NUL as in ${name} text without a byte order mark, but its ${head.length} bytes are an odd number, which UTF-16 never is; ${EXPECTED}`,
      );
    }
    src.warn(
      `read as ${name} text without a byte order mark (every other byte of ${gunzipped ? 'the gzip’s content' : 'its start'} is NUL, as in ${name})`,
    );
    yield* readSource(asUtf8(all, order), src, minHead, gunzipped);
    return;
  }
  const found = sniff(head, whole);
  switch (found.kind) {
    case 'json':
      yield* readJson(all, found.firstLine, src);
      return;
    case 'base64':
      yield* readBase64(all, src);
      return;
    case 'table':
    case 'csv':
      yield* readRows(all, found.kind, src);
      return;
    case 'text':
      yield* readText(all, found.lines, src);
      return;
  }
}
