/**
 * The stream one named input is read from. A file is read through Node's file streams; a
 * named pipe (`mkfifo`, or the `/dev/fd/63` that `<(aws logs tail --follow …)` hands over)
 * is not. A file stream reads in Node's thread pool, and a read there waits on the pipe
 * until its writer writes or lets go: the process cannot end while it waits, so a stop
 * would print its summary and then hang for as long as the writer keeps the pipe open.
 */
import { constants, createReadStream, openSync, statSync } from 'node:fs';
import { Socket } from 'node:net';

/** Whether `path` names a named pipe (following links, as `/dev/fd/N` is one). */
export function isNamedPipe(path: string): boolean {
  try {
    return statSync(path).isFIFO();
  } catch {
    return false; // reading it reports what is wrong
  }
}

/**
 * Opens `path` for reading; throws what opening it met (no such file, permission denied).
 *
 * A named pipe is opened without waiting (`O_NONBLOCK`: a plain open would wait in the
 * thread pool for a writer, as a read does for data) and read as a socket is, as stdin from
 * a pipe is: the event loop is told when data comes, nothing waits in a thread, and the
 * process ends when it is told to. A read of a pipe opened this way before any writer came
 * would find it ended; the event loop does not read until the pipe is ready, and Linux makes
 * a pipe ready to such a reader only once a writer has written, or come and gone, so the
 * reader waits for its first writer as a plain open would.
 */
export function openInputStream(path: string, highWaterMark: number): NodeJS.ReadableStream {
  if (!isNamedPipe(path)) return createReadStream(path, { highWaterMark });
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return new Socket({ fd, readable: true, writable: false });
}
