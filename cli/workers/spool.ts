/**
 * A part's spool: the file a worker thread writes what it read into, which the main thread
 * copies out (or reads back) once every part is read and the parts are known to read as
 * one thread reads them.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStreamWriter, LambdalensError, type StreamWriter } from '../../collectors/kernel/index.ts';

/** Why a spool's folder can refuse it: full, over quota, too big, read-only, not allowed, not a folder. */
const SPOOL_FAILURES = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EROFS',
  'EACCES',
  'EPERM',
  'ENOENT',
  'ENOTDIR',
]);

/** Whether an error is a spool's folder refusing it (see SPOOL_FAILURES), not a fault of the run. */
export function isSpoolFailure(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code !== undefined && SPOOL_FAILURES.has(code);
}

/** What went wrong with the spools, said with their folder (TMPDIR). */
function spoolFailureText(err: unknown): string {
  return `cannot write the reading threads' spool files in ${tmpdir()}: ${(err as Error).message}`;
}

/**
 * A spool that could not be made or written, said as such: the system's bare `ENOSPC: no
 * space left on device, write` named neither the folder nor the way out. Other errors pass.
 */
export function spoolError(err: unknown): unknown {
  if (!isSpoolFailure(err)) return err;
  return new LambdalensError(spoolFailureText(err), {
    cause: err,
    hint: 'make room there, point TMPDIR at a folder with room, or read with one thread: --workers 1',
  });
}

/**
 * Says that the threads' spools failed and the run goes on in one thread: one thread needs
 * no spool for what the others would have read, and reads the same.
 */
export function noteOneThread(err: unknown, out: NodeJS.WritableStream, what: string): void {
  out.write(`lambdalens: ${spoolFailureText(err)}; ${what} in one thread\n`);
}

/** A run's folder of spools, and its removal. */
export interface SpoolDir {
  path: string;
  remove(): void;
}

/**
 * A new folder for a run's spools, in the temporary folder (TMPDIR), or null when it cannot
 * be made there (said on `err`: the run reads in one thread). It is removed when the run
 * ends, and also if the process exits first: a closed pipe (`| head`) ends the process at
 * once, without the `finally` that removes it.
 */
export function makeSpoolDir(err: NodeJS.WritableStream): SpoolDir | null {
  let path: string;
  try {
    path = mkdtempSync(join(tmpdir(), 'lambdalens-'));
  } catch (error) {
    if (!isSpoolFailure(error)) throw error;
    noteOneThread(error, err, 'reading the inputs');
    return null;
  }
  const remove = () => {
    process.off('exit', remove);
    rmSync(path, { recursive: true, force: true });
  };
  process.on('exit', remove);
  return { path, remove };
}

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
