/**
 * Gzip, decompressed as a stream with a bound on what it may expand to: a megabyte that
 * expands to a gigabyte (a decompression bomb) is refused with a message that says so,
 * without ever holding more than a chunk of it.
 *
 * Concatenated gzip members (what Firehose writes to S3, one member per record) are read
 * one after the other, as gunzip does.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LambdalensError } from '../kernel/index.ts';

/**
 * Log text compresses 5 to 20 times (measured: the example data set 6.6×, a day of identical
 * health-check lines 15×); past this many times its compressed size, input is refused.
 */
export const MAX_GZIP_RATIO = 100;
/** Output always allowed whatever the ratio, so that small inputs are never refused. */
const FREE_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Gzip input that cannot be read: corrupt, cut short, or expanding past the bound. */
export class GzipInputError extends LambdalensError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GzipInputError';
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The decompressed bytes of a gzip stream, refused past MAX_GZIP_RATIO times what was read. */
export async function* gunzipChunks(compressed: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let read = 0;
  let written = 0;
  const source = Readable.from(
    (async function* () {
      for await (const chunk of compressed) {
        read += chunk.length;
        yield chunk;
      }
    })(),
  );
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  source.on('error', (cause) => gunzip.destroy(cause));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      written += chunk.length;
      if (written > FREE_OUTPUT_BYTES && written > read * MAX_GZIP_RATIO) {
        throw new GzipInputError(
          `gzip expands more than ${MAX_GZIP_RATIO} times its size (${megabytes(written)} from ${megabytes(read)} read): ` +
            'refused as a likely decompression bomb; log text expands 5 to 20 times',
        );
      }
      yield chunk;
    }
  } catch (cause) {
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR…) say the data is not gzip or is cut short.
    const code = (cause as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !code.startsWith('Z_')) throw cause;
    throw new GzipInputError(`gzip data is corrupt (${(cause as Error).message})`, { cause });
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
}
