/**
 * JSON input: NDJSON (one document a line, read line by line), and documents of any size
 * or number (pretty-printed CLI output, console downloads, payloads back to back), read in
 * bounded pieces. Logs Insights rows among them are put back in time order.
 */
import { StringDecoder } from 'node:string_decoder';
import { oddEventNotes } from '../cloudwatch-logs/event-fields.ts';
import type { LogEvent } from '../model.ts';
import { lineBatches } from './byte-lines.ts';
import { CopyPrefixReader } from './copy-prefix.ts';
import { addEventsOfElement, addEventsOfJson, type ShapeContext } from './json-shapes.ts';
import { JsonDocumentError, JsonPieces } from './json-stream.ts';
import { ROW_WINDOW, RowOrder } from './row-order.ts';
import { EXPECTED, markTimeBound, type SourceContext, UnreadableInputError } from './source-context.ts';
import { badUtf8Warning, longLineWarning, nulLineWarning } from './text-input.ts';

/**
 * Keys of the JSON shapes that hold events: an epoch-ms `timestamp` (a number, or digits as
 * text), CloudWatch's own event members, payloads, CLI output, Insights rows, lambdalens's
 * own `--output ndjson` (own-records.ts). A line with
 * none is a message (a Lambda JSON log record, with its ISO `timestamp`), parsed later.
 */
const CONTAINER_KEY =
  /"timestamp"\s*:\s*(?:-?\d|"-?\d+(?:\.\d+)?")|"eventId"|"ingestionTime"|"logEvents"|"awslogs"|"events"|"results"|"records"|"Records"|"@message"|"droppedLines"/;
/** Arrays of a top-level object that are read an element at a time. */
const STREAMED = new Set(['events', 'results', 'records', 'Records']);
/** The most one JSON value (an element, or a document around its big arrays) may hold. */
export const MAX_JSON_VALUE_CHARS = 64 * 1024 * 1024;

/**
 * Reads JSON input: NDJSON when its first line is a whole document on its own, otherwise
 * documents cut into pieces.
 */
export async function* readJson(
  all: AsyncIterable<Buffer>,
  firstLine: string | null,
  src: SourceContext,
): AsyncGenerator<LogEvent[]> {
  let ndjson = false;
  if (firstLine !== null) {
    try {
      JSON.parse(firstLine);
      ndjson = true;
    } catch {
      // A pretty-printed document, or documents back to back on one line.
    }
  }
  const order = new RowOrder();
  const rows: LogEvent[] = [];
  const timeBound = { events: 0 };
  const ctx: ShapeContext = { ...src.shape, rows, timeBound };
  const ordered = (events: LogEvent[]): LogEvent[] => {
    for (const row of rows) for (const e of order.push(row)) events.push(e);
    rows.length = 0;
    // Marked only when every event with an ID in it is of a `filter-log-events` document:
    // a batch that also holds a payload's, or Insights rows', is named as those are.
    // (None read from such a document, as in most NDJSON: nothing to count.)
    if (timeBound.events > 0) {
      let withId = 0;
      for (const e of events) if (e.eventId !== undefined) withId++;
      if (withId === timeBound.events) markTimeBound(events);
      timeBound.events = 0;
    }
    return events;
  };
  try {
    if (ndjson) {
      src.summary.format = 'json-lines';
      for await (const events of jsonLines(all, ctx, src)) yield ordered(events);
    } else {
      src.summary.format = 'json';
      for await (const events of jsonDocuments(all, ctx, src)) yield ordered(events);
    }
  } finally {
    // Said of what was read, also when the input fails part-way.
    for (const note of oddEventNotes(ctx.odd)) src.warn(note);
  }
  yield order.drain();
  if (order.outOfOrder > 0) {
    src.warn(
      `${order.outOfOrder} Logs Insights rows were past the ${ROW_WINDOW}-row window of rows put back in time order`,
    );
  }
}

async function* jsonLines(
  all: AsyncIterable<Buffer>,
  ctx: ShapeContext,
  src: SourceContext,
): AsyncGenerator<LogEvent[]> {
  const prefixes = new CopyPrefixReader(ctx.functionName);
  let n = 0;
  for await (const batch of lineBatches(
    all,
    longLineWarning(src),
    nulLineWarning(src),
    badUtf8Warning(src),
  )) {
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
        src.warn(`line ${n}: invalid JSON (${(cause as Error).message}); kept as a text line`);
        events.push(prefixes.event(line));
        continue;
      }
      const before = events.length;
      const rowsBefore = ctx.rows?.length ?? 0;
      const oddBefore = { ...ctx.odd };
      try {
        addEventsOfJson(value, ctx, events, trimmed);
      } catch (cause) {
        // All of the line or none of it: what it added before failing is taken back.
        events.length = before;
        if (ctx.rows) ctx.rows.length = rowsBefore;
        Object.assign(ctx.odd, oddBefore);
        src.warn(`line ${n}: ${(cause as Error).message}; kept as a text line`);
        events.push(prefixes.event(line));
      }
    }
    yield events;
  }
}

async function* jsonDocuments(
  all: AsyncIterable<Buffer>,
  ctx: ShapeContext,
  src: SourceContext,
): AsyncGenerator<LogEvent[]> {
  const pieces = new JsonPieces(STREAMED, MAX_JSON_VALUE_CHARS);
  const decoder = new StringDecoder('utf8');
  // A single `get-query-results` row pasted on its own is a top-level array of fields:
  // they come out one by one and are put back together.
  let rowFields: unknown[] = [];
  const flushRow = (events: LogEvent[]) => {
    if (rowFields.length > 0) addEventsOfJson(rowFields, ctx, events);
    rowFields = [];
  };
  const convert = (found: ReturnType<JsonPieces['feed']>, last = false): LogEvent[] => {
    const events: LogEvent[] = [];
    for (const piece of found) {
      let value: unknown;
      try {
        value = JSON.parse(piece.text);
      } catch (cause) {
        if (piece.within === null) {
          throw new UnreadableInputError(
            `invalid JSON at line ${piece.line} (${(cause as Error).message}); ${EXPECTED}`,
            {
              cause,
            },
          );
        }
        src.warn(`line ${piece.line}: invalid JSON (${(cause as Error).message}); kept as a text line`);
        events.push({ timestamp: Number.NaN, message: piece.text, functionName: ctx.functionName });
        continue;
      }
      if (piece.within === '' && isResultField(value)) {
        rowFields.push(value);
        continue;
      }
      flushRow(events);
      const before = events.length;
      const oddBefore = { ...ctx.odd };
      try {
        if (piece.within === null) addEventsOfJson(value, ctx, events, piece.text);
        else addEventsOfElement(piece.within, value, ctx, events);
      } catch (cause) {
        events.length = before;
        Object.assign(ctx.odd, oddBefore);
        const where = piece.within
          ? `an element of "${piece.within}" at line ${piece.line}`
          : `line ${piece.line}`;
        src.warn(`${where}: ${(cause as Error).message}; kept as a text line`);
        events.push({ timestamp: Number.NaN, message: piece.text, functionName: ctx.functionName });
      }
    }
    if (last) flushRow(events);
    return events;
  };
  try {
    for await (const chunk of all) yield convert(pieces.feed(decoder.write(chunk)));
    yield convert(pieces.feed(decoder.end()));
    yield convert(pieces.end(), true);
  } catch (cause) {
    if (cause instanceof JsonDocumentError) {
      throw new UnreadableInputError(
        cause.cutShort ? `invalid JSON: ${cause.message}; ${EXPECTED}` : cause.message,
        {
          cause,
        },
      );
    }
    throw cause;
  }
}

function isResultField(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof (value as { field?: unknown }).field === 'string'
  );
}

/** The most a base64 input may hold: one payload, or a few, one a line. */
const MAX_BASE64_BYTES = 64 * 1024 * 1024;

/**
 * A base64 subscription payload (or several, one a line, each starting `H4sI`), as copied
 * out of a Lambda test event or a Firehose record.
 */
export async function* readBase64(
  all: AsyncIterable<Buffer>,
  src: SourceContext,
): AsyncGenerator<LogEvent[]> {
  src.summary.format = 'base64';
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of all) {
    size += chunk.length;
    if (size > MAX_BASE64_BYTES) {
      throw new UnreadableInputError(`base64 input over ${MAX_BASE64_BYTES / 1024 / 1024} MiB; ${EXPECTED}`);
    }
    parts.push(chunk);
  }
  const lines = Buffer.concat(parts)
    .toString('latin1')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  // Several payloads one a line, or one payload wrapped at a fixed width.
  const payloads = lines.every((l) => l.startsWith('H4sI')) ? lines : [lines.join('')];
  const events: LogEvent[] = [];
  for (const data of payloads) {
    try {
      addEventsOfJson({ awslogs: { data } }, src.shape, events);
    } catch (cause) {
      throw new UnreadableInputError(
        `looks like base64 but is not a subscription payload: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }
  for (const note of oddEventNotes(src.shape.odd)) src.warn(note);
  yield events;
}
