/**
 * What the stream writer and a spool file write is, byte for byte, the UTF-8 of each text
 * put, in order, whatever their sizes against the chunk and the buffer (multi-byte
 * characters and lone surrogates at every boundary, texts larger than the buffer), and each
 * text whole in one chunk: a reader of the chunks never sees a character cut in two. Each
 * text is encoded on its own: a lone surrogate at a text's end stays one (U+FFFD), whatever
 * the next text starts with.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openSpool } from '../../cli/workers/spool.ts';
import { createStreamWriter } from '../../collectors/kernel/index.ts';

/** Texts of 1- to 4-byte characters and lone surrogates, short and long. */
const piece = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udc00', '\n'),
);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 1, max: 3000 })).map(([p, n]) => p.repeat(n)) },
);
const utf8 = (texts: string[]) => Buffer.concat(texts.map((t) => Buffer.from(t)));

describe('the stream writer', () => {
  it('writes the UTF-8 of the texts in order, each whole within one chunk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(text, { maxLength: 60 }),
        fc.integer({ min: 1, max: 200 }),
        async (texts, flushAt) => {
          const chunks: Buffer[] = [];
          const out = new Writable({
            write(chunk: Buffer, _enc, done) {
              chunks.push(chunk);
              done();
            },
          });
          let flushed = 0;
          const writer = createStreamWriter(out, {
            flushAt,
            maxDelayMs: 60_000,
            onFlushed: (n) => (flushed += n),
          });
          for (const t of texts) writer.put(t);
          await writer.end();
          expect(Buffer.concat(chunks).equals(utf8(texts))).toBe(true);
          expect(flushed).toBe(texts.length);
          // Each chunk ends where a text ends: decoded apart, the chunks are the texts again.
          expect(chunks.map((c) => c.toString()).join('')).toBe(utf8(texts).toString());
          expect(writer.pendingWrites).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a spool file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-bytes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;

  it('holds the UTF-8 of the texts in order, across its buffer and past it', async () => {
    // Sizes around the spool's buffer of 1 MiB: texts that just fit, just do not, and are larger.
    const big = fc
      .tuple(fc.constantFrom('x', 'é', '€', '😀'), fc.integer({ min: 200_000, max: 700_000 }))
      .map(([c, n]) => c.repeat(n));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(text, big), { maxLength: 12 }), async (texts) => {
        const path = join(dir, `spool-${files++}`);
        const spool = openSpool(path);
        for (const t of texts) expect(spool.writer.put(t)).toBe(false);
        await spool.close();
        expect(readFileSync(path).equals(utf8(texts))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('says why when it cannot be made', () => {
    expect(() => openSpool(join(dir, 'no-such-folder', 'spool'))).toThrow(/ENOENT/);
  });
});
