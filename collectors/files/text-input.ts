/**
 * Lambda log text: a console or CLI copy (`sam logs`, `aws logs tail`, pasted rows), an
 * S3 export object, `sam local` output, one event a line, or an event and the lines that
 * continue it when the copy marks where events begin (a stream prefix, a time column).
 */
import type { LogEvent } from '../model.ts';
import { HEAD_LENGTH } from '../parser/line-head.ts';
import { MAX_PARSED_LENGTH } from '../parser/parse-line.ts';
import { lineBatches, MAX_LINE_BYTES } from './byte-lines.ts';
import { CliTextRows, isCliTextRows } from './cli-text-rows.ts';
import { CopyPrefixReader } from './copy-prefix.ts';
import type { SourceContext } from './source-context.ts';
import { CONSUMED, CONTINUES, type ColumnReader, hasTimeColumn, TimeColumnReader } from './time-column.ts';

/** The most a held event's message grows to by the lines that continue it: no CloudWatch event is longer. */
const MAX_JOINED = MAX_PARSED_LENGTH;

/**
 * Whether a line is only white space. Nearly every line starts with a printable ASCII
 * character and is decided by it; `trim` would copy the rest of a line that ends in white
 * space, as every REPORT line does (a tab).
 */
function isBlank(line: string): boolean {
  const first = line.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return line.trim().length === 0;
}

/**
 * Warns of a line holding a NUL byte, naming it: text with a stray NUL (a damaged or
 * zero-filled stretch) is read as text, and the line is kept as it is, NUL and all.
 */
export function nulLineWarning(src: SourceContext): (line: number) => void {
  return (line) => src.warn(`line ${line} holds a NUL byte, which text does not; kept as it is`);
}

/**
 * Warns, once for the input, of lines holding bytes that are not UTF-8 (text in another
 * encoding, or damaged): they are read with U+FFFD in place of each such byte.
 */
export function badUtf8Warning(src: SourceContext): (lines: number, first: number) => void {
  return (lines, first) =>
    src.warn(
      lines === 1
        ? `line ${first} holds bytes that are not UTF-8 (text in another encoding, or damaged); each is read as U+FFFD`
        : `${lines} lines hold bytes that are not UTF-8 (text in another encoding, or damaged), the first line ${first}; each such byte is read as U+FFFD`,
    );
}

/** Warns of a line cut at the line bound, naming it. */
export function longLineWarning(src: SourceContext): (line: number, bytes: number) => void {
  return (line, bytes) =>
    src.warn(
      `line ${line} is ${bytes} bytes, over the ${MAX_LINE_BYTES / 1024 / 1024} MiB line bound; its start is kept`,
    );
}

export async function* readText(
  all: AsyncIterable<Buffer>,
  firstLines: string[],
  src: SourceContext,
): AsyncGenerator<LogEvent[]> {
  src.summary.format = 'text';
  const functionName = src.shape.functionName;
  const column = columnReader(firstLines, functionName, src.logStream);
  const prefixes = new CopyPrefixReader(functionName);
  let n = 0;
  // In `sam logs` / `aws logs tail` copies every event starts with its stream, and in a
  // time-column copy with its time: a line without one continues the event before it (a
  // traceback, a multi-line message), so it is held back.
  let last: LogEvent | null = null;
  // A held event grows by the lines that continue it up to what one event can hold; past
  // that, lines are events of their own: a copy whose one prefix is followed by gigabytes
  // of unprefixed text must not become one string (V8 refuses strings past ~512M characters).
  let overlong = false;
  const joins = (held: LogEvent, line: string): boolean => {
    if (held.message.length + line.length < MAX_JOINED) return true;
    if (!overlong) {
      overlong = true;
      src.warn(
        `line ${n}: the lines continuing one event pass ${MAX_JOINED / 1024 / 1024} MiB, more than an event holds; lines past that are kept as events of their own`,
      );
    }
    return false;
  };
  for await (const lines of lineBatches(
    all,
    longLineWarning(src),
    nulLineWarning(src),
    badUtf8Warning(src),
  )) {
    // At its full size (each line gives one event at most, and the one held before them):
    // a batch grown by `push` is copied each time it grows (see `lineBatches`).
    const batch = new Array<LogEvent>(lines.length + 1);
    let size = 0;
    for (const line of lines) {
      n++;
      if (isBlank(line)) continue;
      if (line.length > MAX_PARSED_LENGTH) {
        src.warn(
          `line ${n} is ${line.length} characters, over the 1 MiB parse limit; only its first ${HEAD_LENGTH / 1024} KiB are read for its time, level and request ID`,
        );
      }
      let event: LogEvent;
      if (column !== null) {
        const read = column.event(line);
        if (read === CONSUMED) continue;
        if (read === CONTINUES) {
          if (last !== null && joins(last, line)) {
            last.message += `\n${line}`;
            continue;
          }
          event = { timestamp: Number.NaN, message: line, logStream: src.logStream, functionName };
        } else {
          event = read;
        }
        if (last !== null) column.complete(last);
      } else {
        event = prefixes.event(line);
        if (
          last?.logStream !== undefined &&
          event.logStream === undefined &&
          event.logGroup === undefined &&
          joins(last, line)
        ) {
          // A prefix with no message of its own (`aws logs tail --format json`) is followed by it.
          last.message = last.message.length === 0 ? line : `${last.message}\n${line}`;
          continue;
        }
      }
      if (last) batch[size++] = last;
      last = event;
    }
    // Nothing continues the held event when the input paused (an empty batch), nor, in a
    // stream-prefixed copy, when it has no stream: only such an event can be continued.
    if (last !== null && (lines.length === 0 || (column === null && last.logStream === undefined))) {
      column?.complete(last);
      batch[size++] = last;
      last = null;
    }
    batch.length = size;
    yield batch;
  }
  if (last) {
    column?.complete(last);
    yield [last];
  }
}

/**
 * Whether a text with these first lines is read a line at a time by its stream prefixes
 * (no AWS CLI text rows, no time column): where a line with a prefix starts an event.
 */
export function isStreamPrefixed(firstLines: string[]): boolean {
  return !isCliTextRows(firstLines) && !hasTimeColumn(firstLines);
}

/** The reader of a text whose events each start with a mark: AWS CLI text rows, a time column. */
function columnReader(
  firstLines: string[],
  functionName: string | undefined,
  logStream: string | undefined,
): ColumnReader | null {
  if (isCliTextRows(firstLines)) return new CliTextRows(functionName, logStream);
  return hasTimeColumn(firstLines) ? new TimeColumnReader(functionName, logStream) : null;
}
