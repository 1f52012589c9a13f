/**
 * The stream one named input is read from, by what the name is.
 *
 * A regular file is read through Node's file streams, and checked as it is read: a log
 * rotated by `copytruncate` (or any file cut while it is read) ends early, and that end
 * must not pass for the end of the file.
 *
 * A named pipe (`mkfifo`, or the `/dev/fd/63` that `<(aws logs tail --follow …)` hands over)
 * and a terminal (`/dev/tty`) are not read through file streams. A file stream reads in
 * Node's thread pool, and a read there waits on the pipe or terminal until someone writes:
 * the process cannot end while it waits, so a stop would print its summary and then hang
 * for as long as the writer keeps the pipe open (or the terminal stays open).
 */
import { constants, createReadStream, fstatSync, openSync, readdirSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
import { isatty, ReadStream as TtyReadStream } from 'node:tty';
import { chunksOf } from './byte-lines.ts';
import { UnreadableInputError } from './source-context.ts';

/** An input opened for reading: its chunks, and how to let go of it (once read or not). */
export interface OpenedInput {
  chunks: AsyncIterable<Buffer>;
  close(): void;
}

/**
 * Opens `path` for reading; throws what opening it met (no such file, permission denied,
 * a socket, a folder that could not be listed).
 */
export function openInputStream(path: string, highWaterMark: number): OpenedInput {
  // Following links, as `/dev/fd/N` is one.
  const stat = statSync(path);
  if (stat.isFIFO()) return opened(openPipe(path));
  if (stat.isSocket()) throw new UnreadableInputError('is a socket, not a file or pipe');
  if (stat.isDirectory()) throw folderProblem(path);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOCTTY);
  // A terminal is read as stdin on a terminal is: by the event loop, in its own line mode.
  if (stat.isCharacterDevice() && isatty(fd)) return opened(new TtyReadStream(fd));
  // Kept open until closed (destroying the stream closes it, once no read is under way), so
  // that the file's size can be asked of it to its end.
  const stream = createReadStream(path, { fd, highWaterMark, autoClose: false });
  const file = fstatSync(fd);
  return opened(stream, file.isFile() ? untilShrunk(stream, fd, file.size) : undefined);
}

function opened(
  stream: NodeJS.ReadableStream & { destroy(): void },
  chunks?: AsyncIterable<Buffer>,
): OpenedInput {
  return { chunks: chunks ?? chunksOf(stream), close: () => stream.destroy() };
}

/**
 * A named pipe, opened without waiting (`O_NONBLOCK`: a plain open would wait in the
 * thread pool for a writer, as a read does for data) and read as a socket is, as stdin from
 * a pipe is: the event loop is told when data comes, nothing waits in a thread, and the
 * process ends when it is told to. A read of a pipe opened this way before any writer came
 * would find it ended; the event loop does not read until the pipe is ready, and Linux makes
 * a pipe ready to such a reader only once a writer has written, or come and gone, so the
 * reader waits for its first writer as a plain open would.
 */
function openPipe(path: string): Socket {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return new Socket({ fd, readable: true, writable: false });
}

/**
 * The chunks of a regular file, ending in an error if the file shrank under the reader: its
 * end came before the size it had when opened, or its size fell below what was read (cut and
 * written again). Rotation by `copytruncate` does this to a log being read, and what was read
 * then is only part of it. A file that grows while it is read is read to where it ends.
 */
async function* untilShrunk(
  stream: AsyncIterable<unknown>,
  fd: number,
  size: number,
): AsyncGenerator<Buffer> {
  let read = 0;
  const shrank = () =>
    new UnreadableInputError(
      `shrank while it was read (truncated or rotated): read ${read.toLocaleString('en')} bytes of ${size.toLocaleString('en')}`,
    );
  for await (const chunk of chunksOf(stream)) {
    // A chunk that reaches past the file's size now may have been read after the cut: not used.
    if (fstatSync(fd).size < read + chunk.length) throw shrank();
    read += chunk.length;
    yield chunk;
  }
  if (read < size) throw shrank();
}

/**
 * Why a folder is read as an input: listing it failed when folders were expanded
 * (`expandDirectories` keeps such a folder in their place). Listed again here to say why.
 */
function folderProblem(path: string): Error {
  try {
    readdirSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' ? 'permission denied' : ((cause as Error).message ?? String(cause));
    return new UnreadableInputError(`folder cannot be listed (${why}): the files in it were not read`, {
      cause,
    });
  }
  return new UnreadableInputError('is a folder, not a log file');
}
