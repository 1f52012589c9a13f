/**
 * Bytes to lines, in batches, with every line bounded: a file without a newline (a gzip
 * bomb of one character, a binary stream) must not grow one string without limit.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { sleep } from '../kernel/index.ts';

/**
 * The longest line kept. CloudWatch events are at most 1 MB, so a longer line is not one
 * event; it is kept (cut at this length, with a warning) rather than held whole.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Lines a batch holds at most. Every line of a batch is alive until the batch is done, and
 * V8 copies what is alive at each young-generation collection: batches of a whole 1 MiB
 * chunk (~4,500 lines) made that copying a tenth of a text copy's parse time.
 */
const BATCH_LINES = 1024;

/**
 * A batch to fill, made at its full size: one grown by `push` is copied each time it grows,
 * twice its lines' worth of garbage a batch, and every allocation brings the next young-
 * generation collection (which copies what is kept alive, as a cost report's waiting
 * REPORTs are) nearer. A batch cut short by a chunk's end is cut to its lines.
 */
function newBatch(): string[] {
  return new Array<string>(BATCH_LINES);
}

/** How long live input must be quiet to count as a pause. */
const PAUSE_MS = 50;
const PAUSED = Buffer.alloc(0);

/**
 * The chunks, with an empty one whenever the input has been quiet for `PAUSE_MS` (once per
 * pause). `lineBatches` turns it into an empty batch, which tells a reader holding a line
 * (in case the next line continues it) that nothing continues it for now.
 */
export async function* withPauses(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  const quiet = (): null => null;
  try {
    for (;;) {
      const pending = it.next();
      const timer = new AbortController();
      let r = await Promise.race([pending, sleep(PAUSE_MS, timer.signal).then(quiet, quiet)]);
      timer.abort();
      if (r === null) {
        yield PAUSED;
        r = await pending;
      }
      if (r.done) return;
      yield r.value;
    }
  } finally {
    void it.return?.()?.catch(() => {});
  }
}

export async function* chunksOf(stream: AsyncIterable<unknown>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
}

/** Node's own Latin-1 decoder of a buffer's range, under `toString('latin1', …)`. */
type Latin1Slice = (this: Buffer, start: number, end: number) => string;
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;

/**
 * The line of `buf` from `from` to the newline at `nl`, without a carriage return before it.
 * Text that is all ASCII (checked once a chunk) is copied as Latin-1, the same characters
 * without UTF-8 decoding, by Node's decoder itself where it has one: `toString` checks its
 * arguments and picks the decoder by name first, a fifth of the time of every line's copy.
 */
function lineOf(buf: Buffer, from: number, nl: number, ascii: boolean): string {
  const end = nl > from && buf[nl - 1] === 13 ? nl - 1 : nl;
  if (!ascii) return buf.toString('utf8', from, end);
  return latin1Slice === undefined ? buf.toString('latin1', from, end) : latin1Slice.call(buf, from, end);
}

/** Called for a line longer than MAX_LINE_BYTES: its number (from 1) and its full length. */
export type OnLongLine = (line: number, bytes: number) => void;

/** Called once for each line that holds a NUL byte (text damaged or zero-filled): its number. */
export type OnNulLine = (line: number) => void;

/**
 * Called once, at the end, when lines held bytes that are not UTF-8 (text in another
 * encoding, or damaged), each of which was read as U+FFFD: how many lines, and the first.
 */
export type OnBadUtf8 = (lines: number, first: number) => void;

/**
 * Counts the lines whose bytes are not UTF-8. Decoding turns each bad byte into U+FFFD, so
 * only a line holding U+FFFD once decoded is looked at again: one that holds it as text is
 * valid UTF-8, and text of other lines costs nothing.
 */
class BadUtf8Lines {
  lines = 0;
  first = 0;

  check(line: string, bytes: Buffer, number: number): void {
    if (!line.includes('\uFFFD') || isUtf8(bytes)) return;
    if (this.lines++ === 0) this.first = number;
  }
}

/**
 * Tells of each line of `chunk` holding a NUL, from the first NUL at `nul`; the chunk's first
 * byte is on line `firstLine`. Run only for a chunk with a NUL in it: finding one is a single
 * scan of the chunk, so text without any costs nothing a line.
 */
function tellNulLines(chunk: Buffer, nul: number, firstLine: number, onNul: OnNulLine): void {
  let line = firstLine;
  let from = 0;
  while (nul >= 0) {
    for (let nl = chunk.indexOf(10, from); nl >= 0 && nl < nul; nl = chunk.indexOf(10, nl + 1)) {
      line++;
      from = nl + 1;
    }
    onNul(line);
    const end = chunk.indexOf(10, nul);
    if (end < 0) return;
    line++;
    from = end + 1;
    nul = chunk.indexOf(0, from);
  }
}

/**
 * A line cut by a chunk's end, held as its parts (joined once, at its newline) up to the
 * bound; past it the rest of the line is only counted.
 */
class Carry {
  parts: Buffer[] = [];
  kept = 0;
  total = 0;

  add(part: Buffer): void {
    this.total += part.length;
    const room = MAX_LINE_BYTES - this.kept;
    if (room <= 0) return;
    const kept = part.length <= room ? part : part.subarray(0, room);
    this.parts.push(kept);
    this.kept += kept.length;
  }

  /** The line, its bytes looked at by `bad` (as `number`) unless it was cut at the bound. */
  take(bad: BadUtf8Lines, number: number): string {
    const joined = Buffer.concat(this.parts);
    const line = lineOf(joined, 0, joined.length, false);
    // A line cut at the bound may end in part of a character.
    if (this.total <= MAX_LINE_BYTES) bad.check(line, joined, number);
    this.parts = [];
    this.kept = 0;
    this.total = 0;
    return line;
  }
}

/**
 * Lines of a byte stream, in batches: one await per batch rather than per line.
 * Each line is decoded from the bytes on its own: a slice of one big decoded chunk would
 * keep the whole chunk alive for as long as any of its lines is kept (and V8 reads flat
 * strings faster than slices). A line cut by a chunk's end is joined alone, not by copying
 * the next chunk whole.
 */
export async function* lineBatches(
  chunks: AsyncIterable<Buffer>,
  onLongLine: OnLongLine = () => {},
  onNul: OnNulLine = () => {},
  onBadUtf8: OnBadUtf8 = () => {},
): AsyncGenerator<string[]> {
  const carry = new Carry();
  const bad = new BadUtf8Lines();
  let lines = 0;
  // A line cut by a chunk's end may have a NUL on both sides of the cut: told of once.
  let lastNulLine = 0;
  const tellNul = (line: number) => {
    if (line !== lastNulLine) onNul(line);
    lastNulLine = line;
  };
  for await (const chunk of chunks) {
    // The input paused (see `withPauses`): say so with an empty batch.
    if (chunk.length === 0) {
      yield [];
      continue;
    }
    const nul = chunk.indexOf(0);
    if (nul >= 0) tellNulLines(chunk, nul, lines + 1, tellNul);
    let batch = newBatch();
    let size = 0;
    let from = 0;
    if (carry.total > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        carry.add(chunk);
        continue;
      }
      carry.add(chunk.subarray(0, nl));
      lines++;
      if (carry.total > MAX_LINE_BYTES) onLongLine(lines, carry.total);
      batch[size++] = carry.take(bad, lines);
      from = nl + 1;
    }
    const ascii = isAscii(chunk);
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      lines++;
      if (nl - from > MAX_LINE_BYTES) {
        onLongLine(lines, nl - from);
        batch[size++] = lineOf(chunk, from, from + MAX_LINE_BYTES, false);
      } else if (ascii) {
        batch[size++] = lineOf(chunk, from, nl, true);
      } else {
        const line = lineOf(chunk, from, nl, false);
        bad.check(line, chunk.subarray(from, nl), lines);
        batch[size++] = line;
      }
      from = nl + 1;
      if (size === BATCH_LINES) {
        yield batch;
        batch = newBatch();
        size = 0;
      }
    }
    if (from < chunk.length) carry.add(chunk.subarray(from));
    if (size > 0) {
      batch.length = size;
      yield batch;
    }
  }
  if (carry.total > 0) {
    lines++;
    if (carry.total > MAX_LINE_BYTES) onLongLine(lines, carry.total);
    yield [carry.take(bad, lines)];
  }
  if (bad.lines > 0) onBadUtf8(bad.lines, bad.first);
}

/**
 * The first `min` bytes of a stream (or all of it when shorter), whether that is all of
 * it, and the stream from its start.
 */
export async function peek(
  chunks: AsyncIterator<Buffer>,
  min: number,
): Promise<{ head: Buffer; whole: boolean; all: AsyncGenerator<Buffer> }> {
  const held: Buffer[] = [];
  let size = 0;
  let whole = false;
  while (size < min) {
    const next = await chunks.next();
    if (next.done) {
      whole = true;
      break;
    }
    held.push(next.value);
    size += next.value.length;
  }
  const head = held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held);
  return { head, whole, all: headThenRest(head, chunks) };
}

/**
 * `head`, then what is left of `chunks`. A generator declared once, not a function
 * expression per call: each expression brings its own prototype, so every input's chunks
 * had a hidden class of their own and `lineBatches`, reading them, was thrown out of its
 * optimised code ("wrong map") and compiled again at every input.
 */
async function* headThenRest(head: Buffer, chunks: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
}

/**
 * The chunks of a stream that may fail part-way (a gzip cut short), ending where it fails
 * as if the input ended there: a reader then lets go of what it holds (a line kept in case
 * the next continues it, rows held to be put in time order) as at any end. `rethrow`
 * throws the failure, once the reader is done, or does nothing when there was none.
 */
export function endingAtFailure(chunks: AsyncIterable<Buffer>): {
  chunks: AsyncGenerator<Buffer>;
  rethrow(): void;
} {
  const failed: Failure = { failure: null };
  return {
    chunks: untilFailure(chunks, failed),
    rethrow() {
      if (failed.failure) throw failed.failure.cause;
    },
  };
}

interface Failure {
  failure: { cause: unknown } | null;
}

/** The chunks up to a failure, kept in `failed`; declared once for the reason `headThenRest` is. */
async function* untilFailure(chunks: AsyncIterable<Buffer>, failed: Failure): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of chunks) yield chunk;
  } catch (cause) {
    failed.failure = { cause };
  }
}
