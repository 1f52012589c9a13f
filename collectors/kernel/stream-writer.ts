/**
 * Many small writes to a stream (stdout, a file), batched for throughput and flushed in
 * time for a person watching: a write waits at most `maxDelayMs` in the buffer (at once,
 * on a terminal), and a full buffer goes out straight away. A syscall per line costs a
 * finished file's throughput; a buffer that only empties when full leaves a live pipe
 * showing nothing for minutes. `write` waits while the stream asks it to (backpressure),
 * so a slow reader slows the writer instead of growing memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { readerGone } from './reader-gone.ts';

/**
 * Resolves once `out` takes more writes, or can take none (closed, failed). Its listeners
 * go with it: a copy that waits on every chunk must not pile them up on the stream.
 */
function whenDrained(out: Writable): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', done);
  });
}

const COPY_CHUNK = 1 << 20;

/**
 * Copies a file to `out` as bytes, waiting while `out` asks to (a slow pipe); resolves with
 * the bytes copied, fewer when `out` closed first. Rejects with the error `out` failed with.
 */
export async function copyFileTo(path: string, out: Writable): Promise<number> {
  if (!writesFromCaller(out)) return copyInFreshChunks(path, out);
  // One buffer, read into again once `out` has written it. A fresh megabyte a chunk (as a
  // read stream gives) is memory outside the heap that the collector counts: the 320 MB
  // spool `logs --workers 2` copies last, while nothing else runs, set off a dozen full
  // collections and took 150-170 ms of CPU, against 75 ms this way.
  const buffer = Buffer.allocUnsafeSlow(COPY_CHUNK);
  const file = await open(path, 'r');
  let copied = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, COPY_CHUNK, null);
      if (bytesRead === 0) break;
      if (out.errored) throw out.errored;
      if (out.destroyed) return copied;
      if (!(await written(out, buffer.subarray(0, bytesRead)))) break;
      copied += bytesRead;
    }
  } finally {
    await file.close();
  }
  if (out.errored) throw out.errored;
  return copied;
}

/**
 * Whether `out` writes a chunk to its file descriptor from the caller's own bytes and is done
 * with them when it calls back (stdout and stderr of every kind, a file's write stream). A
 * stream that hands chunks on (a PassThrough) may still hold them after its callback, so
 * a buffer written to it can never be filled again.
 */
function writesFromCaller(out: Writable): boolean {
  return typeof (out as { fd?: unknown }).fd === 'number';
}

/** Writes `chunk` and resolves once `out` is done with it: true, or false when the write failed. */
function written(out: Writable, chunk: Buffer): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    out.write(chunk, (err) => resolve(!err));
  });
}

/** `copyFileTo` for a stream that may keep what it is given: a new buffer for every chunk. */
async function copyInFreshChunks(path: string, out: Writable): Promise<number> {
  let copied = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: COPY_CHUNK })) {
    if (out.errored) throw out.errored;
    if (out.destroyed) return copied;
    copied += (chunk as Buffer).length;
    if (!out.write(chunk as Buffer)) await whenDrained(out);
  }
  if (out.errored) throw out.errored;
  return copied;
}

export interface StreamWriterOptions {
  /** Flush at the end of the current turn of the event loop: a terminal, where a person reads. */
  immediate?: boolean | undefined;
  /** Longest a write waits in the buffer, default 100 ms. */
  maxDelayMs?: number | undefined;
  /** Buffer size that is written at once, default 64 KiB. */
  flushAt?: number | undefined;
  /** Told, once the stream has taken them, how many writes a flushed chunk held. */
  onFlushed?: ((writes: number) => void) | undefined;
}

export interface StreamWriter {
  write(text: string): Promise<void>;
  /**
   * `write` without a promise, for hot loops: buffers `text` and says whether the stream
   * asked to wait (then await `drained()` before more). Throws what a failed write left.
   */
  put(text: string): boolean;
  /** Resolves once the stream takes more (at once when it is not asking to wait). */
  drained(): Promise<void>;
  /** Flushes what is buffered and resolves once the stream has taken all of it; rejects on a write error. */
  end(): Promise<void>;
  /** Writes not taken by the stream: buffered, in flight, or refused by a failed write. */
  readonly pendingWrites: number;
  /**
   * True once a write failed because the stream's reader is gone (a closed pipe or
   * terminal): what comes after is let go, not thrown, so the command finishes as asked.
   */
  readonly readerLeft: boolean;
}

/** What UTF-8 takes at most for one UTF-16 code unit (a surrogate pair takes 4 for 2). */
export const MAX_UTF8_PER_UNIT = 3;

/**
 * Whether `text` takes more than `bytes` bytes as UTF-8. Measuring it is a pass over the
 * text, made only when its length alone does not tell.
 */
export function utf8Over(text: string, bytes: number): boolean {
  return MAX_UTF8_PER_UNIT * text.length > bytes && Buffer.byteLength(text) > bytes;
}

/**
 * Texts are encoded as they come into one buffer, used again for every chunk, and a full
 * chunk goes out as a copy of its bytes. Joined into one string, a chunk's texts made a
 * string of pieces that writing copied flat and then encoded: 70 MB of NDJSON took 61 ms
 * to write that way against 44 ms this way, and the pieces and copies were garbage.
 */
export function createStreamWriter(out: Writable, options: StreamWriterOptions = {}): StreamWriter {
  const maxDelayMs = options.maxDelayMs ?? 100;
  const flushAt = options.flushAt ?? 64 * 1024;
  // Room for any text shorter than a chunk, however its characters encode.
  const bytes = Buffer.allocUnsafeSlow(MAX_UTF8_PER_UNIT * flushAt);
  let used = 0;
  let buffered = 0;
  let inFlight = 0;
  let refused = 0;
  let failure: Error | null = null;
  let readerLeft = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let immediate: ReturnType<typeof setImmediate> | null = null;

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    if (immediate !== null) clearImmediate(immediate);
    timer = null;
    immediate = null;
    if (buffered === 0) return;
    const writes = buffered;
    // The stream keeps what it is given until written: a copy, the buffer is filled again.
    const chunk = Buffer.allocUnsafe(used);
    bytes.copy(chunk, 0, 0, used);
    used = 0;
    buffered = 0;
    send(chunk, writes);
  };

  const send = (chunk: Buffer | string, writes: number): void => {
    inFlight += writes;
    out.write(chunk, (err) => {
      inFlight -= writes;
      if (err) {
        refused += writes;
        // A reader gone is the end of the output, not a failure of the run: the command
        // still finishes (its summary, its other outputs) and lets the rest go. Writes
        // queued behind the one that failed, or sent after another writer's failed, are
        // refused as "destroyed": the stream's own error says why.
        if (readerLeft || failure) return;
        const cause =
          (err as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED' ? (out.errored ?? err) : err;
        if (readerGone(cause as NodeJS.ErrnoException, out)) readerLeft = true;
        else failure = err;
      } else {
        options.onFlushed?.(writes);
      }
    });
  };

  const schedule = (): void => {
    if (options.immediate) immediate ??= setImmediate(flush);
    else timer ??= setTimeout(flush, maxDelayMs);
  };

  const put = (text: string): boolean => {
    if (failure) throw failure;
    if (readerLeft) {
      refused++;
      return false;
    }
    if (text.length >= flushAt) {
      // A text a chunk long goes on its own, after what waits, as it is: the longest (an
      // invocation's NDJSON of hundreds of megabytes) would take a buffer as large.
      flush();
      send(text, 1);
      return out.writableNeedDrain;
    }
    if (utf8Over(text, bytes.length - used)) flush();
    used += bytes.write(text, used);
    buffered++;
    if (used >= flushAt) flush();
    else schedule();
    return out.writableNeedDrain;
  };

  return {
    async write(text) {
      if (put(text)) await whenDrained(out);
    },
    put,
    drained: () => (out.writableNeedDrain ? whenDrained(out) : Promise.resolve()),
    async end() {
      flush();
      // An empty write's callback runs once everything written before it has been taken.
      await new Promise<void>((resolve) => {
        if (out.destroyed || out.writableEnded) resolve();
        else out.write('', () => resolve());
      });
      if (failure) throw failure;
    },
    get pendingWrites() {
      return buffered + inFlight + refused;
    },
    get readerLeft() {
      return readerLeft;
    },
  };
}
