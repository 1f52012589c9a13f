/**
 * The live-output building blocks under a clock the test controls or measures: settle
 * ticks between and without items, stopping a waiting source, and the stream writer's
 * bound on how long a line may wait, and what it does once its reader is gone.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCorrelator } from '../../collectors/correlator/correlator.ts';
import { LIVE_HOLD_MS, SETTLE, withSettleTicks } from '../../collectors/correlator/live-settle.ts';
import { createStreamWriter, untilAborted } from '../../collectors/kernel/index.ts';
import type { LogEvent } from '../../collectors/model.ts';

/** A source the test feeds by hand; it waits (like stdin) until given an item or ended. */
function manualSource<T>() {
  const items: T[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  return {
    push(item: T) {
      items.push(item);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (;;) {
        if (items.length > 0) {
          yield items.shift() as T;
          continue;
        }
        if (ended) return;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    },
  };
}

const ID = '8f5ec8b6-8e3d-4b1e-9d1c-1b2f3c4d5e6f';
const invocation = (t: number): LogEvent[] =>
  [
    `START RequestId: ${ID} Version: $LATEST`,
    `${new Date(t).toISOString()}\t${ID}\tINFO\thello`,
    `END RequestId: ${ID}`,
    `REPORT RequestId: ${ID}\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB`,
  ].map((message, i) => ({ timestamp: t + i, message, logGroup: '/aws/lambda/fn', logStream: 's' }));

describe('settle ticks', () => {
  it('complete a reported invocation of a quiet source within hold + tick of its REPORT', async () => {
    const source = manualSource<LogEvent>();
    const correlator = createCorrelator();
    const done: { at: number; status: string }[] = [];
    const run = (async () => {
      for await (const item of withSettleTicks(source, { everyMs: 20 })) {
        if (item === SETTLE) {
          for (const inv of correlator.expire(LIVE_HOLD_MS))
            done.push({ at: Date.now(), status: inv.status });
          continue;
        }
        for (const inv of correlator.push(item).completed) done.push({ at: Date.now(), status: inv.status });
      }
    })();
    const reportAt = Date.now();
    for (const e of invocation(reportAt)) source.push(e);
    // The source stays open and quiet: only the clock can complete the invocation.
    while (done.length === 0 && Date.now() - reportAt < 5000) await new Promise((r) => setTimeout(r, 5));
    expect(done).toHaveLength(1);
    expect(done[0]!.status).toBe('success');
    const waited = done[0]!.at - reportAt;
    expect(waited).toBeGreaterThanOrEqual(LIVE_HOLD_MS);
    // Hold plus one tick, with room for a loaded machine; without ticks it would wait forever.
    expect(waited).toBeLessThan(LIVE_HOLD_MS + 1000);
    source.end();
    await run;
  });

  it('keep ticking while items flow, and end with the source', async () => {
    const source = manualSource<number>();
    const seen: (number | typeof SETTLE)[] = [];
    const run = (async () => {
      for await (const item of withSettleTicks(source, { everyMs: 30 })) seen.push(item);
    })();
    const until = Date.now() + 300;
    let n = 0;
    while (Date.now() < until) {
      source.push(n++);
      await new Promise((r) => setTimeout(r, 2));
    }
    source.end();
    await run;
    const items = seen.filter((x) => x !== SETTLE);
    expect(items).toEqual(Array.from({ length: n }, (_, i) => i));
    // 300 ms of items at a 30 ms tick: ticks came between them, not only when idle.
    expect(seen.filter((x) => x === SETTLE).length).toBeGreaterThanOrEqual(3);
  });

  it('stop at once with untilAborted, even while the source waits, and do not wait for it', async () => {
    const source = manualSource<number>();
    const abort = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const item of withSettleTicks(untilAborted(source, abort.signal))) {
        if (item !== SETTLE) seen.push(item);
      }
    })();
    source.push(1);
    await new Promise((r) => setTimeout(r, 50));
    const stoppedAt = Date.now();
    abort.abort();
    await run;
    expect(Date.now() - stoppedAt).toBeLessThan(500);
    expect(seen).toEqual([1]);
  });

  it('untilAborted takes an error thrown after the stop as the stop itself', async () => {
    const abort = new AbortController();
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      abort.abort();
      throw new Error('connection reset by the stop');
    }
    const seen: number[] = [];
    for await (const x of untilAborted(failing(), abort.signal)) seen.push(x);
    expect(seen).toEqual([1]);
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      throw new Error('real failure');
    }
    await expect(async () => {
      for await (const _ of untilAborted(broken(), new AbortController().signal));
    }).rejects.toThrow('real failure');
  });
});

describe('stream writer', () => {
  /** A writable that records when each chunk arrives. */
  function recorder(options: { tty?: boolean; highWaterMark?: number } = {}) {
    const chunks: { at: number; text: string }[] = [];
    const out = new Writable({
      highWaterMark: options.highWaterMark ?? 16 * 1024,
      write(chunk, _enc, done) {
        chunks.push({ at: Date.now(), text: String(chunk) });
        done();
      },
    });
    if (options.tty) Object.assign(out, { isTTY: true });
    return { out, chunks };
  }

  it('lets a line wait at most maxDelayMs, and batches what comes within it', async () => {
    const { out, chunks } = recorder();
    const writer = createStreamWriter(out, { maxDelayMs: 50 });
    const t0 = Date.now();
    await writer.write('a\n');
    await writer.write('b\n');
    expect(chunks).toHaveLength(0);
    while (chunks.length === 0 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 2));
    expect(chunks.map((c) => c.text)).toEqual(['a\nb\n']);
    expect(chunks[0]!.at - t0).toBeGreaterThanOrEqual(45);
    expect(chunks[0]!.at - t0).toBeLessThan(1000);
    await writer.end();
  });

  it('writes at once on a terminal, and at once when the buffer is full', async () => {
    const tty = recorder({ tty: true });
    const writer = createStreamWriter(tty.out, { immediate: true });
    await writer.write('now\n');
    await new Promise((r) => setImmediate(r));
    expect(tty.chunks.map((c) => c.text)).toEqual(['now\n']);

    const pipe = recorder();
    const full = createStreamWriter(pipe.out, { flushAt: 10, maxDelayMs: 60_000 });
    await full.write('0123456789');
    expect(pipe.chunks.map((c) => c.text)).toEqual(['0123456789']);
    await full.end();
  });

  it('sends a text a flush long on its own, after what waits, never joined to it', async () => {
    // Joined, an invocation's NDJSON hundreds of megabytes long could pass V8's longest string.
    const pipe = recorder();
    let flushed = 0;
    const writer = createStreamWriter(pipe.out, {
      flushAt: 10,
      maxDelayMs: 60_000,
      onFlushed: (n) => (flushed += n),
    });
    writer.put('ab');
    writer.put('0123456789xyz');
    writer.put('c');
    await writer.end();
    // (`end` writes nothing to know when all before it was taken.)
    expect(pipe.chunks.map((c) => c.text).filter((t) => t !== '')).toEqual(['ab', '0123456789xyz', 'c']);
    expect(flushed).toBe(3);
  });

  it('waits while the reader is slow (backpressure), and counts what the stream took', async () => {
    const slow = new PassThrough({ highWaterMark: 16 });
    let flushed = 0;
    const writer = createStreamWriter(slow, { flushAt: 8, onFlushed: (n) => (flushed += n) });
    let resolved = false;
    const w = writer.write('0123456789abcdef0123').then(() => {
      resolved = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(resolved).toBe(false);
    slow.read();
    await w;
    expect(resolved).toBe(true);
    const ending = writer.end();
    slow.resume();
    await ending;
    expect(flushed).toBe(1);
  });

  /** A writable whose writes fail, after the first `ok`, with `code`: a terminal, if `tty`. */
  function failing(code: string, options: { tty?: boolean; ok?: number } = {}) {
    let taken = 0;
    const out = new Writable({
      write(_chunk, _enc, done) {
        if (taken++ < (options.ok ?? 0)) done();
        else done(Object.assign(new Error(`write ${code}`), { code }));
      },
    });
    out.on('error', () => {});
    if (options.tty) Object.assign(out, { isTTY: true });
    return out;
  }

  it('lets the rest go once a pipe reader has left (EPIPE), and ends without throwing', async () => {
    // A real pipe (a named one, so that the process leaving does not close our end) to a
    // process that reads 4 bytes and leaves.
    const fifo = join(mkdtempSync(join(tmpdir(), 'lambdalens-pipe-')), 'out');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('sh', ['-c', `head -c 4 < '${fifo}' > /dev/null`]);
    const out = createWriteStream(fifo);
    out.on('error', () => {});
    const writer = createStreamWriter(out, { flushAt: 4 });
    writer.put('abcd');
    await new Promise((r) => reader.once('exit', r));
    for (let i = 0; i < 200 && !writer.readerLeft; i++) {
      writer.put('more');
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(writer.readerLeft).toBe(true);
    expect(() => writer.put('after')).not.toThrow();
    await expect(writer.end()).resolves.toBeUndefined();
    expect(writer.pendingWrites).toBeGreaterThanOrEqual(1);
  });

  it('takes EIO as a reader gone only on a terminal: on a file it is a failing disk, thrown', async () => {
    const terminal = createStreamWriter(failing('EIO', { tty: true, ok: 1 }), { flushAt: 1 });
    terminal.put('a');
    terminal.put('b');
    await new Promise((r) => setImmediate(r));
    expect(terminal.readerLeft).toBe(true);
    expect(terminal.put('c')).toBe(false);
    await expect(terminal.end()).resolves.toBeUndefined();
    // 'b' and 'c' were not taken; 'a' was.
    expect(terminal.pendingWrites).toBe(2);

    const file = createStreamWriter(failing('EIO', { ok: 1 }), { flushAt: 1 });
    file.put('a');
    file.put('b');
    await new Promise((r) => setImmediate(r));
    expect(file.readerLeft).toBe(false);
    expect(() => file.put('c')).toThrow('write EIO');
    await expect(file.end()).rejects.toThrow('write EIO');

    const full = createStreamWriter(failing('ENOSPC', { tty: true }), { flushAt: 1 });
    full.put('a');
    await new Promise((r) => setImmediate(r));
    expect(full.readerLeft).toBe(false);
    await expect(full.end()).rejects.toThrow('write ENOSPC');
  });
});
