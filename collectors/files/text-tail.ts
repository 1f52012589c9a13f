/**
 * The last part of a text copy whose events each start with a stream prefix (`aws logs
 * tail`, `sam logs`, `saw`, `awslogs`), read without reading what comes before it.
 *
 * Such a copy is read a line at a time: a line with a prefix starts an event and is read
 * the same wherever the reading began, and a line without one continues the event before
 * it. So from the first line after a byte offset, every event with a stream is read
 * exactly as reading the whole file reads it; only lines continuing an event from before
 * the offset come out as an event without a stream, and are left out here.
 *
 * Other forms are not read this way (their rows depend on what came before, or they are
 * one document): gzip, JSON, tables, CSV, AWS CLI text rows, copies with a time column,
 * text with a byte order mark or a terminal's colour, and UTF-16 without a mark (its head
 * looks binary here; reading it whole tells it apart).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { oddEventCounts } from '../cloudwatch-logs/event-fields.ts';
import type { LogEvent } from '../model.ts';
import { chunksOf } from './byte-lines.ts';
import { byteOrderMark } from './byte-order.ts';
import {
  binaryReason,
  emptySummary,
  exportObjectStream,
  functionNameOfPath,
  isGzip,
  READ_CHUNK_BYTES,
} from './read-inputs.ts';
import { sniff } from './sniff.ts';
import { startsWithColour } from './terminal-colour.ts';
import { isStreamPrefixed, readText } from './text-input.ts';

/**
 * The events with a stream in the last `bytes` bytes of `path` (from the line after the
 * one those bytes begin in), in batches; null when the file is not a stream-prefixed text
 * copy longer than that (then only reading all of it says what it holds). Its form is
 * decided on the same first chunk as a whole read decides it on.
 */
export async function readTextTail(
  path: string,
  bytes: number,
  functionName: string | undefined,
): Promise<AsyncGenerator<LogEvent[]> | null> {
  // An S3 export object's stream is its path's, not its lines'.
  if (exportObjectStream(path) !== undefined) return null;
  const handle = await open(path, 'r');
  let size: number;
  let head: Buffer;
  try {
    size = (await handle.stat()).size;
    if (!(size > bytes) || size <= READ_CHUNK_BYTES) return null;
    head = Buffer.alloc(READ_CHUNK_BYTES);
    const { bytesRead } = await handle.read(head, 0, READ_CHUNK_BYTES, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (head.length < READ_CHUNK_BYTES || isGzip(head)) return null;
  if (byteOrderMark(head) !== null || startsWithColour(head) || binaryReason(head.subarray(0, 8192)) !== null)
    return null;
  const found = sniff(head, false);
  if (found.kind !== 'text' || !isStreamPrefixed(found.lines)) return null;
  return eventsWithStream(path, size - bytes, found.lines, functionName ?? functionNameOfPath(path));
}

async function* eventsWithStream(
  path: string,
  from: number,
  firstLines: string[],
  functionName: string | undefined,
): AsyncGenerator<LogEvent[]> {
  const stream = createReadStream(path, { start: from, highWaterMark: READ_CHUNK_BYTES });
  const src = {
    summary: emptySummary(path),
    shape: { functionName, onControlMessage: () => {}, odd: oddEventCounts() },
    logStream: undefined,
    warn: () => {},
  };
  try {
    for await (const batch of readText(fromFirstWholeLine(chunksOf(stream)), firstLines, src)) {
      const kept = batch.filter((event) => event.logStream !== undefined);
      if (kept.length > 0) yield kept;
    }
  } finally {
    stream.destroy();
  }
}

/** The chunks from the byte after their first newline (a newline byte is never part of a UTF-8 character). */
async function* fromFirstWholeLine(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let found = false;
  for await (const chunk of chunks) {
    if (found) {
      yield chunk;
      continue;
    }
    const nl = chunk.indexOf(10);
    if (nl < 0) continue;
    found = true;
    if (nl + 1 < chunk.length) yield chunk.subarray(nl + 1);
  }
}
