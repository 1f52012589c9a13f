/**
 * Text that starts with a byte order mark. Windows tools write one: Notepad and Excel's
 * "CSV UTF-8" a UTF-8 mark, PowerShell 5's `>` and `Out-File` UTF-16 (little-endian) with
 * its mark. Every reader here reads UTF-8, so the input is made UTF-8 once, as it streams,
 * before its form is sniffed: a UTF-8 mark is dropped, UTF-16 is decoded and re-encoded.
 */

export type ByteOrderMark = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The mark `head` starts with, or null. */
export function byteOrderMark(head: Uint8Array): ByteOrderMark | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * The chunks as UTF-8 without the mark they start with (UTF-16 that lost its mark is decoded
 * the same way, by the order found for it: see unmarked-utf16.ts). Empty chunks (a live input's
 * pauses) pass through as they are; a character cut between chunks is joined, and what
 * cannot be decoded becomes U+FFFD, as invalid UTF-8 does elsewhere.
 */
export async function* asUtf8(chunks: AsyncIterable<Buffer>, mark: ByteOrderMark): AsyncGenerator<Buffer> {
  if (mark === 'utf-8') {
    let skip = 3;
    for await (const chunk of chunks) {
      if (skip > 0 && chunk.length > 0) {
        const cut = Math.min(skip, chunk.length);
        skip -= cut;
        yield chunk.subarray(cut);
      } else yield chunk;
    }
    return;
  }
  // The decoder drops the mark itself (ignoreBOM is false by default).
  const decoder = new TextDecoder(mark);
  for await (const chunk of chunks) {
    yield chunk.length === 0 ? chunk : Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8');
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield Buffer.from(rest, 'utf8');
}

/** A whole file's text, UTF-8 or (by its mark) UTF-16, without the mark. */
export function decodeText(bytes: Uint8Array): string {
  const mark = byteOrderMark(bytes);
  // TextDecoder drops the mark it decodes, UTF-8's included.
  return new TextDecoder(mark === null ? 'utf-8' : mark).decode(bytes);
}
