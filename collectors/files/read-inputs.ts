/**
 * Local input: log files and stdin in every form a user has them, detected from their
 * first bytes, read as a stream so memory stays flat whatever the size.
 *
 * A file that cannot be read at all is reported (named, with what was wrong) and skipped;
 * a bad line inside a good file is counted as a warning and kept as a text line.
 */

import { isAscii } from 'node:buffer';
import { createReadStream, type Dirent, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { looksLikeBase64, PayloadDecodeError } from '../cloudwatch-logs/subscription-payload.ts';
import { createEventDedupe, type EventDedupe } from '../dedupe/event-dedupe.ts';
import { LambdalensError } from '../kernel/index.ts';
import type { LogEvent } from '../model.ts';
import { MAX_PARSED_LENGTH } from '../parser/parse-line.ts';
import { CopyPrefixReader } from './copy-prefix.ts';
import { addEventsOfJson, eventsOfJson, type ShapeContext } from './json-shapes.ts';

export type InputFormat = 'text' | 'json-lines' | 'json' | 'gzip' | 'base64' | 'unknown';

export interface InputSummary {
  input: string;
  format: InputFormat;
  /** Events read and kept (duplicates of events read before are not counted here). */
  events: number;
  /** Events dropped because an earlier input (or this one) already held them. */
  duplicates: number;
  warnings: number;
  /** Why nothing could be read from this input, or null. */
  error: string | null;
}

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
}

export interface ReadOptions {
  /** Function name for inputs that do not carry a log group; defaults to the file's base name. */
  functionName?: string | undefined;
  report?: InputReport;
  /** Stdin stream to read for `-` (injectable for tests). */
  stdin?: NodeJS.ReadableStream;
  /** The duplicate check (one per run, shared by all inputs), or false to keep duplicates. */
  dedupe?: EventDedupe | false;
}

const MAX_MESSAGES = 50;
/** Keys of the JSON shapes that hold events: a numeric `timestamp`, payloads, CLI output. */
const CONTAINER_KEY = /"timestamp"\s*:\s*\d|"logEvents"|"awslogs"|"events"/;
const EXPECTED =
  'expected Lambda log text, JSON from `aws logs filter-log-events` / `get-log-events`, NDJSON, or a CloudWatch subscription payload (JSON, or base64+gzip awslogs.data)';

export function createInputReport(): InputReport {
  return { inputs: [], messages: [], controlMessages: 0, dedupeOverflow: 0, dedupeWindow: 0 };
}

/** `orders-api.log` → `orders-api`: files named after their function, as `sam logs` users save them. */
export function functionNameOfPath(path: string): string | undefined {
  if (path === '-') return undefined;
  const name = basename(path).replace(/(\.(log|txt|json|ndjson|jsonl|gz|b64|base64))+$/i, '');
  return name.length > 0 ? name : undefined;
}

async function* chunksOf(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

/**
 * The line of `buf` from `from` to the newline at `nl`, without a carriage return before it.
 * Text that is all ASCII (checked once a chunk) is copied as Latin-1, the same characters
 * without UTF-8 decoding.
 */
function lineOf(buf: Buffer, from: number, nl: number, ascii: boolean): string {
  const end = nl > from && buf[nl - 1] === 13 ? nl - 1 : nl;
  return buf.toString(ascii ? 'latin1' : 'utf8', from, end);
}

/**
 * Lines a batch holds at most. Every line of a batch is alive until the batch is done, and
 * V8 copies what is alive at each young-generation collection: batches of a whole 1 MiB
 * chunk (~4,500 lines) made that copying a tenth of a text copy's parse time.
 */
const BATCH_LINES = 1024;

/**
 * Lines of a byte stream, in batches: one await per batch rather than per line.
 * Each line is decoded from the bytes on its own: a slice of one big decoded chunk would
 * keep the whole chunk alive for as long as any of its lines is kept (and V8 reads flat
 * strings faster than slices). A line cut by a chunk's end is joined alone, not by copying
 * the next chunk whole.
 */
async function* lineBatches(chunks: AsyncIterable<Buffer>): AsyncGenerator<string[]> {
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    let batch: string[] = [];
    let from = 0;
    if (carry) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      batch.push(lineOf(joined, 0, joined.length, false));
      from = nl + 1;
    }
    const ascii = isAscii(chunk);
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      batch.push(lineOf(chunk, from, nl, ascii));
      from = nl + 1;
      if (batch.length === BATCH_LINES) {
        yield batch;
        batch = [];
      }
    }
    carry = from < chunk.length ? chunk.subarray(from) : null;
    if (batch.length > 0) yield batch;
  }
  if (carry && carry.length > 0) yield [carry.toString('utf8')];
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
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
  const all = expandDirectories(inputs);
  if (dedupe) {
    report.dedupeWindow = dedupe.capacity;
    // What cannot be read twice is fingerprinted from its first event (see event-dedupe.ts).
    if (all.some((input) => !isRegularFile(input))) dedupe.fingerprintAll();
  }
  for (const [index, input] of all.entries()) {
    const summary: InputSummary = {
      input,
      format: 'unknown',
      events: 0,
      duplicates: 0,
      warnings: 0,
      error: null,
    };
    report.inputs.push(summary);
    const warn = (message: string) => {
      summary.warnings++;
      if (report.messages.length < MAX_MESSAGES) report.messages.push(`${input}: ${message}`);
    };
    const ctx = shapeContext(input, options, report);
    const stream =
      input === '-' ? (options.stdin ?? process.stdin) : createReadStream(input, { highWaterMark: 1 << 20 });
    let readHere = 0;
    try {
      for await (const batch of readSource(stream, summary, ctx, warn)) {
        const read = batch.length;
        if (dedupe) {
          let kept = 0;
          for (let i = 0; i < read; i++) {
            const event = batch[i] as LogEvent;
            let verdict = dedupe.check(event);
            if (verdict === 'unsure') {
              dedupe.fingerprintAll();
              await recallHistory(dedupe, all.slice(0, index), input, readHere + i, options, report);
              verdict = dedupe.check(event);
            }
            if (verdict === 'duplicate') continue;
            batch[kept++] = event;
          }
          batch.length = kept;
          summary.duplicates += read - kept;
          report.dedupeOverflow = dedupe.overflow;
        }
        readHere += read;
        summary.events += batch.length;
        if (batch.length > 0) yield batch;
      }
    } catch (cause) {
      summary.error = describeFailure(cause);
    } finally {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
    }
  }
}

function shapeContext(input: string, options: ReadOptions, report: InputReport | null): ShapeContext {
  return {
    functionName: options.functionName ?? functionNameOfPath(input),
    onControlMessage: () => {
      if (report) report.controlMessages++;
    },
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
    ...before.map((i): [string, number] => [i, Infinity]),
    [current, count],
  ];
  for (const [input, limit] of sources) {
    if (limit <= 0) continue;
    const summary: InputSummary = {
      input,
      format: 'unknown',
      events: 0,
      duplicates: 0,
      warnings: 0,
      error: null,
    };
    const stream = createReadStream(input, { highWaterMark: 1 << 20 });
    let seen = 0;
    try {
      const events = readSource(stream, summary, shapeContext(input, options, null), () => {});
      reading: for await (const batch of events) {
        for (const event of batch) {
          if (seen++ >= limit) break reading;
          dedupe.recall(event);
        }
      }
    } catch {
      // It was read once; if it cannot be read again its copies later on are not caught.
      if (report.messages.length < MAX_MESSAGES) {
        report.messages.push(`${input}: could not be read again to check for duplicates`);
      }
    } finally {
      stream.destroy();
    }
  }
}

/** A folder stands for the files under it, in name order (hidden ones left out). */
function expandDirectories(inputs: string[]): string[] {
  return inputs.flatMap((input) => {
    if (input === '-') return [input];
    let isDirectory = false;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch {
      return [input]; // reading it reports what is wrong
    }
    if (!isDirectory) return [input];
    return (readdirSync(input, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((d) => d.isFile() && !d.name.startsWith('.'))
      .map((d) => join(d.parentPath, d.name))
      .sort();
  });
}

function describeFailure(cause: unknown): string {
  const err = cause as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file';
  if (err.code === 'EISDIR') return 'is a directory, not a log file';
  if (err.code === 'EACCES') return 'permission denied';
  return err.message ?? String(cause);
}

/** An input whose content is wrong as a whole; its message is shown with the file name. */
class UnreadableInputError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableInputError';
  }
}

async function* readSource(
  stream: NodeJS.ReadableStream,
  summary: InputSummary,
  ctx: ShapeContext,
  warn: (message: string) => void,
): AsyncGenerator<LogEvent[]> {
  const it = chunksOf(stream);
  const first = await it.next();
  if (first.done || first.value.length === 0) throw new UnreadableInputError(`empty input; ${EXPECTED}`);
  const head = first.value;
  const all = (async function* () {
    yield head;
    yield* it;
  })();

  if (head[0] === 0x1f && head[1] === 0x8b) {
    summary.format = 'gzip';
    let text: string;
    try {
      text = gunzipSync(await collect(all)).toString('utf8');
    } catch (cause) {
      throw new UnreadableInputError(`gzip data is corrupt (${(cause as Error).message})`, { cause });
    }
    yield jsonDocument(text, ctx);
    return;
  }
  const binary = binaryReason(head.subarray(0, 8192));
  if (binary) throw new UnreadableInputError(`binary content (${binary}); ${EXPECTED}`);

  const start = head.toString('utf8', 0, Math.min(head.length, 4096)).trimStart();
  if (looksLikeBase64(start.slice(0, 4096)) && !/\s\S+\s/.test(start.slice(0, 200).trim())) {
    summary.format = 'base64';
    const text = (await collect(all)).toString('utf8').trim();
    try {
      yield eventsOfJson({ awslogs: { data: text } }, ctx);
    } catch (cause) {
      const detail = cause instanceof PayloadDecodeError ? cause.message : String(cause);
      throw new UnreadableInputError(`looks like base64 but is not a subscription payload: ${detail}`, {
        cause,
      });
    }
    return;
  }
  const prefixes = new CopyPrefixReader(ctx.functionName);
  if (start.startsWith('{') || start.startsWith('[')) {
    yield* jsonLines(all, summary, ctx, prefixes, warn);
    return;
  }
  summary.format = 'text';
  let n = 0;
  // In `sam logs` / `aws logs tail` copies every event starts with its stream: a line without
  // one continues the event before it (a traceback, a multi-line message), so it is held back.
  let last: LogEvent | null = null;
  for await (const lines of lineBatches(all)) {
    const batch: LogEvent[] = [];
    for (const line of lines) {
      n++;
      if (line.trim().length === 0) continue;
      if (line.length > MAX_PARSED_LENGTH) {
        warn(`line ${n} is ${line.length} characters, over the 1 MiB parse limit; kept unparsed`);
      }
      const event = prefixes.event(line);
      if (last?.logStream !== undefined && event.logStream === undefined) {
        last.message += `\n${line}`;
        continue;
      }
      if (last) batch.push(last);
      last = event;
    }
    yield batch;
  }
  if (last) yield [last];
}

/** Why a sample is not text, or null: a NUL byte, or many control or undecodable characters. */
function binaryReason(sample: Buffer): string | null {
  const nul = sample.indexOf(0);
  if (nul >= 0) return `a NUL byte at offset ${nul}`;
  const text = sample.toString('utf8');
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) odd++;
  }
  // A multi-byte character cut at the sample's end decodes as one replacement character.
  return odd > 1 && odd / text.length > 0.05
    ? `${odd} of the first ${text.length} characters are not text`
    : null;
}

function jsonDocument(text: string, ctx: ShapeContext): LogEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new UnreadableInputError(`invalid JSON (${(cause as Error).message}); ${EXPECTED}`, { cause });
  }
  try {
    return eventsOfJson(value, ctx);
  } catch (cause) {
    throw new UnreadableInputError((cause as Error).message, { cause });
  }
}

/**
 * NDJSON, one JSON document on one line, or a pretty-printed document (what the AWS CLI
 * prints): the first line decides, since a pretty-printed document's first line is not JSON.
 */
async function* jsonLines(
  all: AsyncGenerator<Buffer>,
  summary: InputSummary,
  ctx: ShapeContext,
  prefixes: CopyPrefixReader,
  warn: (message: string) => void,
): AsyncGenerator<LogEvent[]> {
  const batches = lineBatches(all);
  const first = await batches.next();
  const lines = first.done ? [] : first.value;
  const head = lines[0] ?? '';
  try {
    JSON.parse(head);
  } catch {
    summary.format = 'json';
    const parts = [...lines];
    for await (const more of batches) for (const line of more) parts.push(line);
    yield jsonDocument(parts.join('\n'), ctx);
    return;
  }
  summary.format = 'json-lines';
  let n = 0;
  const convert = (batch: string[]): LogEvent[] => {
    const events: LogEvent[] = [];
    for (const line of batch) {
      n++;
      const trimmed = line.trim();
      if (trimmed.length === 0) continue;
      const c = trimmed.charCodeAt(0);
      // A Lambda JSON log record is a message in its own right: the parser reads it later,
      // so only lines that look like CloudWatch events or payloads are parsed here.
      if ((c !== 123 && c !== 91) || !CONTAINER_KEY.test(trimmed)) {
        events.push(prefixes.event(line));
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch (cause) {
        warn(`line ${n}: invalid JSON (${(cause as Error).message}); kept as a text line`);
        events.push(prefixes.event(line));
        continue;
      }
      const before = events.length;
      try {
        addEventsOfJson(value, ctx, events, trimmed);
      } catch (cause) {
        // All of the line or none of it: what it added before failing is taken back.
        events.length = before;
        warn(`line ${n}: ${(cause as Error).message}; kept as a text line`);
        events.push(prefixes.event(line));
      }
    }
    return events;
  };
  yield convert(lines);
  for await (const batch of batches) yield convert(batch);
}
