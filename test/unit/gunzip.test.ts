/**
 * Gzip read as gzip(1) reads it: members back to back, zero padding after them, what else
 * follows the last one ignored and counted (trailing garbage), each member's header fields
 * skipped and its trailer checked; wherever the compressed bytes are cut into chunks.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipChunks } from '../../collectors/files/gunzip.ts';

/** Decompresses `compressed` fed in chunks of `cut` bytes: the text, the garbage counted, the error met. */
async function gunzip(compressed: Buffer, cut = compressed.length) {
  async function* chunks() {
    for (let at = 0; at < compressed.length; at += cut) yield compressed.subarray(at, at + cut);
  }
  const out: Buffer[] = [];
  const garbage: number[] = [];
  let error: string | null = null;
  try {
    for await (const chunk of gunzipChunks(chunks(), (bytes) => garbage.push(bytes))) out.push(chunk);
  } catch (err) {
    error = (err as Error).message;
  }
  return { text: Buffer.concat(out).toString('utf8'), garbage, error };
}

const CUTS = [1, 2, 7, 10, 11, 4096];
const a = gzipSync('first member\n');
const b = gzipSync(`${'second member, longer: '.repeat(2000)}\n`);
const both = `first member\n${'second member, longer: '.repeat(2000)}\n`;

describe('gunzip', () => {
  it('reads members back to back, and zero bytes after them as padding', async () => {
    for (const cut of CUTS) {
      expect(await gunzip(Buffer.concat([a, b]), cut)).toEqual({ text: both, garbage: [], error: null });
      expect(await gunzip(Buffer.concat([a, b, Buffer.alloc(512)]), cut)).toEqual({
        text: both,
        garbage: [],
        error: null,
      });
    }
  });

  it('ignores what follows the last member and is no gzip, counting its bytes', async () => {
    const cases: [Buffer, number][] = [
      [Buffer.from('x'), 1],
      [Buffer.from('abc'), 3],
      [Buffer.from([0x1f]), 1],
      [Buffer.from([0x1f, 0x8a, 0, 0]), 4],
      [Buffer.concat([Buffer.alloc(3), Buffer.from('junk')]), 7],
      [Buffer.alloc(100_000, 'z'), 100_000],
    ];
    for (const [tail, bytes] of cases) {
      for (const cut of CUTS) {
        expect(await gunzip(Buffer.concat([a, b, tail]), cut)).toEqual({
          text: both,
          garbage: [bytes],
          error: null,
        });
      }
    }
  });

  it('skips the header fields a member may carry: extra field, name, comment, header CRC', async () => {
    const plain = gzipSync('named member\n');
    const deflated = plain.subarray(10);
    const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3]);
    const extra = Buffer.from([4, 0, 1, 2, 3, 4]);
    const fields = Buffer.concat([extra, Buffer.from('app.log\0a comment\0'), Buffer.from([0xab, 0xcd])]);
    for (const cut of CUTS) {
      expect(await gunzip(Buffer.concat([header, fields, deflated]), cut)).toEqual({
        text: 'named member\n',
        garbage: [],
        error: null,
      });
    }
  });

  it('fails on a member cut short or damaged, after what came before it', async () => {
    const corrupt = (what: string) => `gzip data is corrupt (${what})`;
    const wrongCrc = Buffer.from(b);
    wrongCrc[wrongCrc.length - 8] = (wrongCrc[wrongCrc.length - 8] as number) ^ 1;
    const wrongLength = Buffer.from(b);
    wrongLength[wrongLength.length - 1] = (wrongLength[wrongLength.length - 1] as number) ^ 1;
    const cases: [Buffer, string][] = [
      [Buffer.concat([a, b.subarray(0, 5)]), corrupt('unexpected end of file')],
      [Buffer.concat([a, b.subarray(0, 100)]), corrupt('unexpected end of file')],
      [Buffer.concat([a, b.subarray(0, b.length - 3)]), corrupt('unexpected end of file')],
      [Buffer.concat([a, wrongCrc]), corrupt('incorrect data check')],
      [Buffer.concat([a, wrongLength]), corrupt('incorrect length check')],
      [
        Buffer.concat([a, Buffer.from([0x1f, 0x8b, 9, 0, 0, 0, 0, 0, 0, 3])]),
        corrupt('unknown compression method'),
      ],
      [
        Buffer.concat([a, Buffer.from([0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 3])]),
        corrupt('unknown header flags set'),
      ],
      [Buffer.concat([a, b.subarray(0, 10), Buffer.alloc(20, 0xff)]), corrupt('invalid block type')],
    ];
    for (const [bytes, error] of cases) {
      for (const cut of CUTS) {
        const read = await gunzip(bytes, cut);
        expect(read.error).toBe(error);
        expect(read.text.startsWith('first member\n')).toBe(true);
      }
    }
  });
});
