/**
 * Text with a byte order mark, as Windows tools write it, made UTF-8 for the readers:
 * whatever the chunks, the result is the text without its mark, character for character.
 */
import { describe, expect, it } from 'vitest';
import { asUtf8, byteOrderMark, decodeText } from '../../collectors/files/byte-order.ts';

// ASCII, Latin-1, a CJK character and two astral ones (surrogate pairs in UTF-16).
const TEXT =
  'START RequestId: 5b866fb1 Version: $LATEST\ncafé 東京 🚀 done 😀\r\nREPORT RequestId: 5b866fb1\tDuration: 1.00 ms\n';

function encode(text: string, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): Buffer {
  const withMark = `\ufeff${text}`;
  if (encoding === 'utf-8') return Buffer.from(withMark, 'utf8');
  const le = Buffer.from(withMark, 'utf16le');
  return encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
}

/** `bytes` cut into chunks of the given sizes (the last takes the rest), with empty ones between. */
function chunked(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const size of sizes) {
    out.push(bytes.subarray(at, at + size), Buffer.alloc(0));
    at += size;
  }
  out.push(bytes.subarray(at));
  return out;
}

async function collect(chunks: Buffer[], mark: 'utf-8' | 'utf-16le' | 'utf-16be'): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of asUtf8(
    (async function* () {
      yield* chunks;
    })(),
    mark,
  ))
    out.push(chunk);
  return out;
}

describe('byte order marks', () => {
  it('names the mark a head starts with, and none for plain UTF-8 or a lone byte', () => {
    expect(byteOrderMark(encode('x', 'utf-8'))).toBe('utf-8');
    expect(byteOrderMark(encode('x', 'utf-16le'))).toBe('utf-16le');
    expect(byteOrderMark(encode('x', 'utf-16be'))).toBe('utf-16be');
    expect(byteOrderMark(Buffer.from('REPORT'))).toBeNull();
    expect(byteOrderMark(Buffer.from([0xef, 0xbb]))).toBeNull();
    expect(byteOrderMark(Buffer.alloc(0))).toBeNull();
  });

  for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
    it(`${encoding}: every cut of the input into chunks gives the text as UTF-8, without the mark`, async () => {
      const bytes = encode(TEXT, encoding);
      const expected = Buffer.from(TEXT, 'utf8');
      for (let first = 0; first <= bytes.length; first++) {
        for (const second of [1, 2, 3, 7]) {
          const out = await collect(chunked(bytes, [first, second]), encoding);
          expect(Buffer.concat(out).equals(expected), `cut at ${first}, then ${second}`).toBe(true);
        }
      }
    });
  }

  it('passes the empty chunks of a live input’s pauses through, in place', async () => {
    const bytes = encode('a\nb\n', 'utf-16le');
    const out = await collect(chunked(bytes, [6]), 'utf-16le');
    expect(out.map((c) => c.toString('utf8'))).toEqual(['a\n', '', 'b\n']);
  });

  it('turns a cut-off or lone surrogate into U+FFFD, not an error', async () => {
    const lone = Buffer.concat([encode('ok', 'utf-16le'), Buffer.from([0x3d, 0xd8, 0x41, 0x00])]);
    const out = await collect([lone], 'utf-16le');
    expect(Buffer.concat(out).toString('utf8')).toBe('ok\ufffdA');
    const cut = Buffer.concat([encode('ok', 'utf-16le'), Buffer.from([0x41])]);
    expect(Buffer.concat(await collect([cut], 'utf-16le')).toString('utf8')).toBe('ok\ufffd');
  });

  it('decodes a whole file by its mark', () => {
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      expect(decodeText(encode(TEXT, encoding))).toBe(TEXT);
    }
    expect(decodeText(Buffer.from(TEXT, 'utf8'))).toBe(TEXT);
  });
});
