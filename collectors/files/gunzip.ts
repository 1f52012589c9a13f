/**
 * Gzip, decompressed as a stream, a member at a time, as gzip(1) reads it: concatenated
 * members (what Firehose writes to S3, one member per record) one after the other, zero
 * bytes after the last one skipped (padding), and anything else after it (trailing garbage:
 * a byte a tool appended, the rest of a disk block) named in a warning and ignored, with
 * every event before it kept. zlib's own gunzip cannot do that: it takes whatever follows a
 * member for the start of another and fails on it, as if the data were corrupt.
 *
 * Whatever the data expands to, memory holds no more than what one slice of it expands to
 * (deflate expands at most 1032 times): a decompression bomb costs the time of reading what
 * it expands to, as a log of that size would, and its lines are bounded as any line is
 * (byte-lines.ts). Its size alone says nothing: a day of one repeated health-check line
 * compresses more than a hundred times.
 */
import { createInflateRaw, type InflateRaw, type ZlibOptions, crc32 as zlibCrc32 } from 'node:zlib';
import { LambdalensError } from '../kernel/index.ts';

/** Gzip input that cannot be read: corrupt or cut short. */
export class GzipInputError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GzipInputError';
  }
}

/** Compressed bytes given to the inflater at a time: bounds what is held of their expansion. */
const SLICE_BYTES = 16 * 1024;

/** zlib's CRC-32 (Node 20.15 and later); without it, a member's length is checked alone. */
const crc32: typeof zlibCrc32 | undefined = zlibCrc32;

const EMPTY = Buffer.alloc(0);
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const RESERVED_FLAGS = 0xe0;

function corrupt(what: string, cause?: unknown): GzipInputError {
  return new GzipInputError(`gzip data is corrupt (${what})`, cause === undefined ? undefined : { cause });
}

const cutShort = () => corrupt('unexpected end of file');

/** Called with how many bytes after the last gzip member were ignored as trailing garbage. */
export type OnTrailingGarbage = (bytes: number) => void;

/** The decompressed bytes of a gzip stream (see above). */
export async function* gunzipChunks(
  compressed: AsyncIterable<Buffer>,
  onTrailingGarbage: OnTrailingGarbage = () => {},
): AsyncGenerator<Buffer> {
  const input = new ByteReader(compressed[Symbol.asyncIterator]());
  for (;;) {
    await readHeader(input);
    yield* inflateMember(input);
    // What follows a member: nothing, zero bytes of padding, another member, or garbage.
    let zeros = 0;
    while ((await input.has(1)) && input.byte(0) === 0) {
      input.take(1);
      zeros++;
    }
    if (!(await input.has(1))) return;
    if (input.byte(0) === 0x1f && (await input.has(2)) && input.byte(1) === 0x8b) continue;
    onTrailingGarbage(zeros + (await input.drain()));
    return;
  }
}

/** Reads past a member's header (RFC 1952 §2.3), checking what zlib checks of it. */
async function readHeader(input: ByteReader): Promise<void> {
  if (!(await input.has(10))) throw cutShort();
  const header = input.take(10);
  if (header[0] !== 0x1f || header[1] !== 0x8b) throw corrupt('incorrect header check');
  if (header[2] !== 8) throw corrupt('unknown compression method');
  const flags = header[3] as number;
  if (flags & RESERVED_FLAGS) throw corrupt('unknown header flags set');
  if (flags & FEXTRA) {
    if (!(await input.has(2))) throw cutShort();
    const length = input.take(2).readUInt16LE(0);
    if (!(await input.has(length))) throw cutShort();
    input.take(length);
  }
  if (flags & FNAME) await input.skipPastZero();
  if (flags & FCOMMENT) await input.skipPastZero();
  if (flags & FHCRC) {
    if (!(await input.has(2))) throw cutShort();
    input.take(2);
  }
}

/**
 * A member's deflate data, decompressed a slice at a time, then its trailer checked. The
 * inflater takes only what belongs to the member: what it leaves of the last slice is given
 * back to the input, for the trailer and what follows.
 */
async function* inflateMember(input: ByteReader): AsyncGenerator<Buffer> {
  // Its output is taken whole after each slice (bounded by the slice), so it is never held
  // back for being more than a stream's usual buffer (zlib's streams take a stream's options).
  const inflater = createInflateRaw({ readableHighWaterMark: Number.MAX_SAFE_INTEGER } as ZlibOptions);
  let failure: unknown = null;
  inflater.on('error', (cause) => {
    failure = cause;
  });
  let given = 0;
  let size = 0;
  let crc = 0;
  try {
    for (;;) {
      const slice = await input.some(SLICE_BYTES);
      if (slice.length === 0) throw cutShort();
      await inflate(inflater, slice, () => failure);
      given += slice.length;
      const out = inflater.read() as Buffer | null;
      if (out !== null) {
        size += out.length;
        if (crc32) crc = crc32(out, crc);
        yield out;
      }
      const left = given - inflater.bytesWritten;
      if (left > 0) {
        input.giveBack(left);
        break;
      }
    }
  } finally {
    inflater.destroy();
  }
  if (!(await input.has(8))) throw cutShort();
  const trailer = input.take(8);
  if (crc32 && trailer.readUInt32LE(0) !== crc >>> 0) throw corrupt('incorrect data check');
  if (trailer.readUInt32LE(4) !== size % 2 ** 32) throw corrupt('incorrect length check');
}

/** Gives `slice` to the inflater; resolves once it is decompressed. */
function inflate(inflater: InflateRaw, slice: Buffer, failed: () => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (cause: unknown) => reject(corrupt((cause as Error).message, cause));
    inflater.once('error', fail);
    inflater.write(slice, (err) => {
      inflater.off('error', fail);
      const cause = err ?? failed();
      if (cause) fail(cause);
      else resolve();
    });
  });
}

/** The compressed bytes, read as far as each step needs; what a step took last it may give back. */
class ByteReader {
  private buf: Buffer = EMPTY;
  private at = 0;
  private ended = false;

  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  /** Whether `n` more bytes are there, reading on as needed (false: the input ends first). */
  async has(n: number): Promise<boolean> {
    while (this.buf.length - this.at < n) {
      if (this.ended) return false;
      const next = await this.chunks.next();
      if (next.done) {
        this.ended = true;
        return false;
      }
      this.buf =
        this.at === this.buf.length ? next.value : Buffer.concat([this.buf.subarray(this.at), next.value]);
      this.at = 0;
    }
    return true;
  }

  /** The byte `i` places on (after `has` said it is there). */
  byte(i: number): number {
    return this.buf[this.at + i] as number;
  }

  take(n: number): Buffer {
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  /** Up to `max` bytes of what is there, reading a chunk when nothing is: empty at the end. */
  async some(max: number): Promise<Buffer> {
    if (!(await this.has(1))) return EMPTY;
    return this.take(Math.min(max, this.buf.length - this.at));
  }

  /** Gives back the last `n` bytes taken (by the last `take` or `some`). */
  giveBack(n: number): void {
    this.at -= n;
  }

  /** Reads past a zero-terminated field (a name, a comment). */
  async skipPastZero(): Promise<void> {
    for (;;) {
      if (!(await this.has(1))) throw cutShort();
      const zero = this.buf.indexOf(0, this.at);
      if (zero >= 0) {
        this.at = zero + 1;
        return;
      }
      this.at = this.buf.length;
    }
  }

  /** Reads to the end; how many bytes were left. */
  async drain(): Promise<number> {
    let bytes = 0;
    for (;;) {
      bytes += this.buf.length - this.at;
      this.at = this.buf.length;
      if (!(await this.has(1))) return bytes;
    }
  }
}
