/**
 * A file copied to a stream arrives byte for byte, whatever the stream does with what it is
 * given: one that writes to its file descriptor is written from one buffer filled again
 * and again, one that keeps its chunks (a PassThrough read later) is never given a buffer
 * that is filled again, which would change what it holds.
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileTo } from '../../collectors/kernel/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'copy-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes of several megabyte chunks and a part of one, no chunk like another. */
function contents(): Buffer {
  const bytes = Buffer.alloc(3 * (1 << 20) + 12_345);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

describe('copyFileTo', () => {
  const source = join(dir, 'source');
  const bytes = contents();
  writeFileSync(source, bytes);

  it('copies to a file write stream byte for byte and says how many bytes it copied', async () => {
    const target = join(dir, 'target');
    const out = createWriteStream(target);
    await once(out, 'open');
    expect(await copyFileTo(source, out)).toBe(bytes.length);
    out.end();
    await once(out, 'close');
    expect(readFileSync(target).equals(bytes)).toBe(true);
  });

  it('copies to a stream that keeps its chunks until they are read, byte for byte', async () => {
    const out = new PassThrough({ highWaterMark: 64 << 20 });
    expect(await copyFileTo(source, out)).toBe(bytes.length);
    out.end();
    const chunks: Buffer[] = [];
    for await (const chunk of out) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('rejects with the error the stream failed with', async () => {
    const out = createWriteStream(join(dir, 'failing'));
    await once(out, 'open');
    const failure = new Error('the disk is full');
    out.on('error', () => {});
    out._write = (_chunk, _encoding, done) => done(failure);
    await expect(copyFileTo(source, out)).rejects.toBe(failure);
  });
});
