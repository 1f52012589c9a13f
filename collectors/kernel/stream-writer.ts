/**
 * Many small writes to a stream (stdout, a file), batched for throughput and flushed in
 * time for a person watching: a write waits at most `maxDelayMs` in the buffer (at once,
 * on a terminal), and a full buffer goes out straight away. A syscall per line costs a
 * finished file's throughput; a buffer that only empties when full leaves a live pipe
 * showing nothing for minutes. `write` waits while the stream asks it to (backpressure),
 * so a slow reader slows the writer instead of growing memory.
 */
import { createReadStream } from 'node:fs';
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

/**
 * Copies a file to `out` as bytes, waiting while `out` asks to (a slow pipe); resolves with
 * the bytes copied, fewer when `out` closed first. Rejects with the error `out` failed with.
 */
export async function copyFileTo(path: string, out: Writable): Promise<number> {
  let copied = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
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

export function createStreamWriter(out: Writable, options: StreamWriterOptions = {}): StreamWriter {
  const maxDelayMs = options.maxDelayMs ?? 100;
  const flushAt = options.flushAt ?? 64 * 1024;
  let buffer = '';
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
    if (buffer.length === 0) return;
    const chunk = buffer;
    const writes = buffered;
    buffer = '';
    buffered = 0;
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
      // A text a flush long goes on its own, after what waits: joined to it, the longest
      // (an invocation's NDJSON of hundreds of megabytes) could pass V8's longest string.
      flush();
      buffer = text;
      buffered = 1;
      flush();
      return out.writableNeedDrain;
    }
    buffer += text;
    buffered++;
    if (buffer.length >= flushAt) flush();
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
