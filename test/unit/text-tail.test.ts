/**
 * Reading only the end of a stream-prefixed text copy (text-tail.ts): every event it gives
 * is one reading the whole file gives, the same to the byte, wherever the start falls
 * (inside a traceback's lines too), and forms that cannot be read from the middle are
 * refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readLogEvents } from '../../collectors/files/read-inputs.ts';
import { readTextTail } from '../../collectors/files/text-tail.ts';
import type { LogEvent } from '../../collectors/model.ts';

const dir = mkdtempSync(join(tmpdir(), 'text-tail-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A `sam logs` line: the stream first. */
const STREAM_FIRST = /^\d{4}\/\d{2}\/\d{2}\/\[/;

const examples = join(import.meta.dirname, '..', '..', 'examples', 'data', 'logs');

/** A real copy repeated past the head the form is decided on (1 MiB) and the tail read. */
function repeated(example: string, name: string, times: number): { path: string; text: string } {
  const one = readFileSync(join(examples, example), 'utf8');
  const text = one.endsWith('\n') ? one.repeat(times) : `${one}\n`.repeat(times);
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, text };
}

async function all(events: AsyncIterable<LogEvent[]> | null): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  if (events) for await (const batch of events) out.push(...batch);
  return out;
}

async function whole(path: string): Promise<LogEvent[]> {
  const out: LogEvent[] = [];
  for await (const event of readLogEvents([path], { dedupe: false })) out.push(event);
  return out;
}

describe('readTextTail', () => {
  it('gives the end of a `sam logs` copy with tracebacks as reading all of it does, wherever it starts', async () => {
    const { path, text } = repeated('etl-nightly.log', 'etl-nightly.log', 12);
    const size = Buffer.byteLength(text);
    expect(size).toBe(text.length); // ASCII: a byte offset is a character's
    const full = (await whole(path)).filter((e) => e.logStream !== undefined);
    // Starts inside a traceback's lines, on a line's first byte, and mid-line.
    const traceback = Buffer.from(text).lastIndexOf('Traceback (most recent call last)');
    const line = Buffer.from(text).lastIndexOf('\n', size - 300_000) + 1;
    const starts = [traceback + 10, traceback - 1, line, line + 7, size - 1_000_000];
    for (const start of starts) {
      const tail = await all(await readTextTail(path, size - start, undefined));
      // Every event whose line begins after the one the start fell in, and only those.
      const after = text.slice(text.indexOf('\n', start) + 1);
      expect(tail.length).toBe(after.split('\n').filter((l) => STREAM_FIRST.test(l)).length);
      expect(tail).toEqual(full.slice(full.length - tail.length));
    }
    // Started inside a traceback, the event it belongs to is left out (its start is not read),
    // and the lines after it are not taken for an event.
    const inside = await all(await readTextTail(path, size - (traceback + 10), undefined));
    expect(inside.some((e) => e.message.includes('Traceback'))).toBe(false);
    expect(inside.every((e) => e.logStream !== undefined)).toBe(true);
  });

  it('gives the end of an `aws logs tail` copy as reading all of it does', async () => {
    const { path, text } = repeated('image-resizer.log', 'image-resizer.log', 8);
    const size = Buffer.byteLength(text);
    const full = (await whole(path)).filter((e) => e.logStream !== undefined);
    const tail = await all(await readTextTail(path, 1_000_000, undefined));
    expect(tail.length).toBeGreaterThan(1000);
    expect(tail).toEqual(full.slice(full.length - tail.length));
    expect(tail.at(-1)).toEqual(full.at(-1));
    // The function is the file's, as reading all of it names it, unless one is given.
    expect(tail[0]?.functionName).toBe('image-resizer');
    const named = await all(await readTextTail(path, 1_000_000, 'resizer-prod'));
    expect(named[0]?.functionName).toBe('resizer-prod');
    expect(size).toBeGreaterThan(2_000_000);
  });

  it('refuses what cannot be read from the middle, or is no longer than the tail', async () => {
    const { path } = repeated('image-resizer.log', 'short.log', 1);
    expect(await readTextTail(path, 8 << 20, undefined)).toBeNull();
    const big = readFileSync(repeated('image-resizer.log', 'big.log', 8).path);
    const gz = join(dir, 'big.log.gz');
    writeFileSync(gz, gzipSync(big, { level: 0 }));
    expect(await readTextTail(gz, 100_000, undefined)).toBeNull();
    // One JSON document (`aws logs filter-log-events` output), and console rows (a time column).
    const json = join(dir, 'orders-api.json');
    writeFileSync(json, readFileSync(join(examples, 'orders-api.json')));
    expect(await readTextTail(json, 100_000, undefined)).toBeNull();
    const timed = join(dir, 'timed.log');
    let rows = '';
    for (let i = 0; rows.length < 1_500_000; i++)
      rows += `2026-10-01T00:00:${String(i % 60).padStart(2, '0')}.000+00:00\tprocessed order ${i}\n`;
    writeFileSync(timed, rows);
    expect(await readTextTail(timed, 100_000, undefined)).toBeNull();
    const marked = join(dir, 'marked.log');
    writeFileSync(marked, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), big]));
    expect(await readTextTail(marked, 100_000, undefined)).toBeNull();
  });
});
