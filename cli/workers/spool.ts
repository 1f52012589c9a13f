/**
 * A part's spool: the file a worker thread writes what it read into, which the main thread
 * copies out (or reads back) once every part is read and the parts are known to read as
 * one thread reads them.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createStreamWriter, type StreamWriter } from '../../collectors/kernel/index.ts';

/** Big writes: a spool is read back whole, nobody watches it fill. */
const SPOOL_FLUSH_AT = 1 << 20;
const READ_CHUNK = 1 << 20;

export interface Spool {
  writer: StreamWriter;
  close(): Promise<void>;
}

export function openSpool(path: string): Spool {
  const file: WriteStream = createWriteStream(path);
  const writer = createStreamWriter(file, { flushAt: SPOOL_FLUSH_AT, maxDelayMs: 1000 });
  return {
    writer,
    async close() {
      await writer.end();
      file.end();
      await once(file, 'close');
    },
  };
}

/** Copies a spool to the output, waiting while the output asks to (a slow pipe). */
export async function copyOut(path: string, out: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
    if (!out.write(chunk as Buffer)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
}

/** A spool's lines (each written whole, with its newline), in order, a chunk's worth at a time. */
export async function* spoolLineBatches(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK })) {
    const text = rest + (chunk as string);
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    yield lines;
  }
  if (rest.length > 0) yield [rest];
}
