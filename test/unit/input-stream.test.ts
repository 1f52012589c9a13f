/**
 * A file read while something else changes it: cut short under the reader (a log rotated
 * by `copytruncate`), the end it then meets is not taken for the file's; grown, it is read
 * to where it ends.
 */
import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInputStream } from '../../collectors/files/input-stream.ts';

const CHUNK = 64 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-input-stream-'));

/** Reads `path` a chunk at a time, calling `between` after the first chunk: the bytes read, or the error met. */
async function readWith(path: string, between: () => void): Promise<{ bytes: number; error: string | null }> {
  const opened = openInputStream(path, CHUNK);
  let bytes = 0;
  try {
    for await (const chunk of opened.chunks) {
      if (bytes === 0) between();
      bytes += chunk.length;
    }
    return { bytes, error: null };
  } catch (err) {
    return { bytes, error: (err as Error).message };
  } finally {
    opened.close();
  }
}

describe('a file read while it changes', () => {
  it('cut to nothing: the read ends in an error that says so, with how much of it was read', async () => {
    const path = join(dir, 'cut.log');
    writeFileSync(path, Buffer.alloc(10 * CHUNK, 'a'));
    const { bytes, error } = await readWith(path, () => truncateSync(path, 0));
    expect(bytes).toBeLessThan(10 * CHUNK);
    expect(error).toBe(
      `shrank while it was read (truncated or rotated): read ${bytes.toLocaleString('en')} bytes of 655,360`,
    );
  });

  it('cut and written again, shorter than what was read: the same', async () => {
    const path = join(dir, 'rewritten.log');
    writeFileSync(path, Buffer.alloc(10 * CHUNK, 'a'));
    const { error } = await readWith(path, () => writeFileSync(path, 'a new line\n'));
    expect(error).toMatch(
      /^shrank while it was read \(truncated or rotated\): read [\d,]+ bytes of 655,360$/,
    );
  });

  it('grown: read to where it ends, without an error', async () => {
    const path = join(dir, 'grown.log');
    writeFileSync(path, Buffer.alloc(10 * CHUNK, 'a'));
    const { bytes, error } = await readWith(path, () => appendFileSync(path, Buffer.alloc(CHUNK, 'b')));
    expect(error).toBeNull();
    expect(bytes).toBe(11 * CHUNK);
  });
});
