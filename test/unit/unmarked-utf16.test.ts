/**
 * UTF-16 that lost its byte order mark (a PowerShell 5 export copied by a tool that drops
 * it) is told from binary content by its head, and read as the UTF-8 copy is; binary
 * content of every kind is still refused.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createInputReport, readLogEvents } from '../../collectors/files/read-inputs.ts';
import { unmarkedUtf16 } from '../../collectors/files/unmarked-utf16.ts';
import type { LogEvent } from '../../collectors/model.ts';

const ID = 'c793869b-ee49-115b-a5b6-4fd21e8dedac';
const LOG = [
  `START RequestId: ${ID} Version: $LATEST`,
  `2026-10-01T00:00:00.100Z\t${ID}\tINFO\tcafé crème payé`,
  `2026-10-01T00:00:00.200Z\t${ID}\tINFO\t注文を処理しました 東京 🚀`,
  `END RequestId: ${ID}`,
  `REPORT RequestId: ${ID}\tDuration: 128.83 ms\tBilled Duration: 200 ms\tMemory Size: 128 MB\tMax Memory Used: 74 MB`,
  '',
].join('\n');
const ASCII = readFileSync(
  new URL('../../examples/data/logs/etl-nightly.log', import.meta.url),
  'utf8',
).slice(0, 8192);

function utf16(text: string, order: 'utf-16le' | 'utf-16be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return order === 'utf-16le' ? le : Buffer.from(le).swap16();
}

/** Bytes as a generator of numbers gives them: deterministic, every value alike. */
function randomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = x >>> 16;
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'lambdalens-utf16-'));

async function readAll(inputs: string[], stdinChunks?: Buffer[]) {
  const report = createInputReport();
  const events: LogEvent[] = [];
  const stdin = stdinChunks === undefined ? {} : { stdin: Readable.from(stdinChunks) };
  for await (const e of readLogEvents(inputs, { report, functionName: 'orders', ...stdin })) events.push(e);
  return { events, report };
}

describe('the byte order of UTF-16 without a mark', () => {
  for (const order of ['utf-16le', 'utf-16be'] as const) {
    it(`${order}: ASCII-only text, and text with é and CJK, are found`, () => {
      expect(unmarkedUtf16(utf16(ASCII, order))).toBe(order);
      expect(unmarkedUtf16(utf16(LOG, order))).toBe(order);
      expect(unmarkedUtf16(utf16('REPORT\n', order).subarray(0, 16))).toBeNull(); // 7 pairs: too few
      expect(unmarkedUtf16(utf16('REPORT x\n', order))).toBe(order);
    });

    it(`${order}: a head of odd length, or cut inside a character, is found all the same`, () => {
      const bytes = utf16(LOG, order);
      // The rocket is a surrogate pair: cut after its first unit, and in the middle of a unit.
      const rocket = bytes.indexOf(utf16('🚀', order));
      expect(rocket).toBeGreaterThan(0);
      expect(unmarkedUtf16(bytes.subarray(0, rocket + 2))).toBe(order);
      expect(unmarkedUtf16(bytes.subarray(0, rocket + 3))).toBe(order);
      expect(unmarkedUtf16(bytes.subarray(0, bytes.length - 1))).toBe(order);
    });
  }

  it('text mostly in CJK has too few NULs to be told from binary, and is not guessed', () => {
    expect(unmarkedUtf16(utf16(`${'注文を処理しました東京'.repeat(20)}\n`, 'utf-16le'))).toBeNull();
  });

  it.each([
    ['gzip of a log', gzipSync(Buffer.from(ASCII))],
    ['gzip of a UTF-16 log', gzipSync(utf16(ASCII, 'utf-16le'))],
    ['an executable (this Node binary)', readFileSync(process.execPath).subarray(0, 65536)],
    [
      'a PNG',
      Buffer.concat([
        Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex'),
        randomBytes(4096, 7),
      ]),
    ],
    ['random bytes', randomBytes(65536, 12345)],
    ['zeros', Buffer.alloc(65536)],
    ['mostly zeros', Buffer.concat([Buffer.from('START x\n'), Buffer.alloc(8192), Buffer.from('END\n')])],
    // Small 16-bit numbers have UTF-16's NULs, but decode to control characters.
    ['a table of 16-bit numbers', Buffer.from(new Uint16Array(4096).map((_, i) => 1 + (i % 200)).buffer)],
    [
      'UTF-32LE text (NULs in three bytes of four)',
      Buffer.from(new Uint32Array([...ASCII].map((c) => c.charCodeAt(0))).buffer),
    ],
  ])('%s is not UTF-16 text', (_name, bytes) => {
    expect(unmarkedUtf16(bytes)).toBeNull();
  });
});

describe('reading UTF-16 without a mark', () => {
  const utf8 = readAll(['-'], [Buffer.from(LOG)]);

  for (const order of ['utf-16le', 'utf-16be'] as const) {
    const name = order === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';

    it(`${order}: stdin in odd-sized chunks gives the UTF-8 copy's events, and says so once`, async () => {
      const bytes = utf16(LOG, order);
      const chunks = [
        bytes.subarray(0, 61),
        bytes.subarray(61, 62),
        bytes.subarray(62, 301),
        bytes.subarray(301),
      ];
      const { events, report } = await readAll(['-'], chunks);
      expect(events).toEqual((await utf8).events);
      expect(events).toHaveLength(5);
      expect(report.messages).toEqual([
        `-: read as ${name} text without a byte order mark (every other byte of its start is NUL, as in ${name})`,
      ]);
      expect(report.inputs[0]).toMatchObject({ format: 'text', warnings: 1, error: null });
    });

    it(`${order}: a file, and a gzip of it, read as the UTF-8 copy`, async () => {
      const path = join(dir, `orders-${order}.log`);
      writeFileSync(path, utf16(LOG, order));
      const gz = join(dir, `orders-${order}.log.gz`);
      writeFileSync(gz, gzipSync(utf16(LOG, order)));
      const { events, report } = await readAll([path, gz]);
      expect(events.map((e) => e.message)).toEqual(
        [...(await utf8).events, ...(await utf8).events].map((e) => e.message),
      );
      expect(report.messages).toEqual([
        `${path}: read as ${name} text without a byte order mark (every other byte of its start is NUL, as in ${name})`,
        `${gz}: read as ${name} text without a byte order mark (every other byte of the gzip’s content is NUL, as in ${name})`,
      ]);
      expect(report.inputs.map((i) => i.format)).toEqual(['text', 'gzip']);
    });

    it(`${order}: a whole file of an odd number of bytes is refused, saying why`, async () => {
      const path = join(dir, `odd-${order}.log`);
      const bytes = utf16(LOG, order);
      writeFileSync(path, bytes.subarray(0, bytes.length - 1));
      const { events, report } = await readAll([path]);
      expect(events).toHaveLength(0);
      expect(report.inputs[0]?.error).toMatch(
        new RegExp(
          `^binary content \\(a NUL byte at offset ${order === 'utf-16le' ? 1 : 0}\\): every other byte is NUL as in ${name} text without a byte order mark, but its ${bytes.length - 1} bytes are an odd number, which UTF-16 never is; expected Lambda log text`,
        ),
      );
    });
  }

  it('a character cut at the end of a longer input becomes U+FFFD on its line, as with a mark', async () => {
    const bytes = utf16(`${LOG}cut`, 'utf-16le');
    const { events } = await readAll(['-'], [bytes.subarray(0, bytes.length - 1)]);
    expect(events.at(-1)?.message).toBe('cu\ufffd');
  });

  it('binary content is still refused as before', async () => {
    const path = join(dir, 'random.bin');
    writeFileSync(path, randomBytes(65536, 99));
    const { report } = await readAll([path]);
    expect(report.inputs[0]?.error).toMatch(/^binary content \(/);
    expect(report.messages).toEqual([]);
  });
});
